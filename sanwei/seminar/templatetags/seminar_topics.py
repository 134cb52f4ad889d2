"""`{% topic_corrections opinion %}`: what the opinion page's topic box needs (the page is
the opinion loop's; this keeps the topics' choices out of its view)."""

from __future__ import annotations

from django import template

from sanwei.seminar import rules, topic_services
from sanwei.seminar.forms_topics import CategoryCorrectionForm, TopicCorrectionForm

register = template.Library()


@register.simple_tag(takes_context=True)
def topic_corrections(context, opinion) -> dict:
    user = context["request"].user
    can_correct = rules.may_change_opinion(user, opinion)
    members = []
    if opinion.topic_id:
        members = list(
            opinion.topic.opinions.exclude(pk=opinion.pk)
            .select_related("region")
            .order_by("raised_on", "id")[:10]
        )
    box = {"can_correct": can_correct, "members": members}
    if can_correct:
        box["category_form"] = CategoryCorrectionForm(
            initial={"category": getattr(opinion.category, "code", None)}
        )
        box["topic_form"] = TopicCorrectionForm(
            initial={"target": TopicCorrectionForm.MOVE},
            topics=topic_services.topic_choices(opinion),
        )
    return box
