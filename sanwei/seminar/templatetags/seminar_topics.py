"""`{% topic_corrections opinion %}` on the opinion page: its category and near-duplicate
group, the other opinions of the group, and for staff the correction forms
(`seminar/_topic_corrections.html`; the topics' choices stay out of the page's view)."""

from __future__ import annotations

from django import template

from sanwei.seminar import rules, topic_services
from sanwei.seminar.forms_topics import CategoryCorrectionForm, TopicCorrectionForm

register = template.Library()


@register.inclusion_tag("seminar/_topic_corrections.html", takes_context=True)
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
    box = {
        "opinion": opinion,
        "can_correct": can_correct,
        "members": members,
        "csrf_token": context.get("csrf_token"),
    }
    if can_correct:
        box["category_form"] = CategoryCorrectionForm(
            initial={"category": getattr(opinion.category, "code", None)}
        )
        box["topic_form"] = TopicCorrectionForm(
            initial={"target": TopicCorrectionForm.MOVE},
            topics=topic_services.topic_choices(opinion),
        )
    return box
