"""Topics of opinions: the suggested category and near-duplicate group of each opinion, the
staff's corrections of both (kept), and the hot topics of a region and period.

- `suggest_topic(opinion)` runs when an opinion is created (`services.create_opinion`) and
  may run again later (`resuggest_region`): it sets `suggested_category` always, and
  `category` / `topic` only while no staff member has corrected them
  (`category_corrected_by` / `topic_corrected_by` set means: keep).
- Grouping is within the opinion's town (the whole subtree of the town its region lies in)
  and among opinions raised within `TOPIC_WINDOW_DAYS` of it. An opinion whose group staff
  set (or that they took out of any group) is left where they put it and is not matched
  against: their decision is about that opinion alone.
- `correct_category`, `move_to_topic` are the staff's corrections (CHANGE_OPINIONS on the
  opinion's region), logged.
- `hot_topics(region, date_from, date_to)`: the groups with opinions raised in the region and
  period, by the number of distinct people who raised them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from sanwei.accounts.permissions import SYSTEM, permission_scope, require_that
from sanwei.core.errors import ServiceError
from sanwei.regions.models import PATH_LENGTH, Region, RegionLevel

from . import rules, topics
from .models import Opinion, OpinionCategory, TopicGroup
from .permissions import CHANGE_OPINIONS, VIEW_OPINIONS

TOPIC_WINDOW_DAYS = 180
TOPIC_LABEL_MAX_CHARS = 60
HOT_TOPICS_LIMIT = 20


# --------------------------------------------------------------------------- suggestion


def active_categories() -> list[OpinionCategory]:
    return list(OpinionCategory.objects.filter(is_active=True).order_by("sort_order", "code"))


def classifier(categories: list[OpinionCategory] | None = None) -> topics.Classifier:
    """The classifier for the deployment's active categories and their added keywords."""
    categories = active_categories() if categories is None else categories
    codes = tuple(c.code for c in categories)
    extra = tuple((c.code, tuple(topics.parse_keywords(c.keywords))) for c in categories)
    return topics.classifier_for(codes, extra)


def town_path(region: Region) -> str:
    """The path of the town a region lies in (the region's own path above town level)."""
    if region.level >= RegionLevel.TOWN:
        return region.path[: PATH_LENGTH[RegionLevel.TOWN]]
    return region.path


def _candidates(opinion: Opinion):
    window = dt.timedelta(days=TOPIC_WINDOW_DAYS)
    return (
        Opinion.unscoped.filter(
            region__path__startswith=town_path(opinion.region),
            raised_on__gte=opinion.raised_on - window,
            raised_on__lte=opinion.raised_on + window,
        )
        .exclude(pk=opinion.pk)
        # placed by staff (in a group or out of any): that decision is about it alone
        .exclude(topic_corrected_by__isnull=False)
        .order_by("raised_on", "id")
    )


def _label(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= TOPIC_LABEL_MAX_CHARS:
        return text
    return text[: TOPIC_LABEL_MAX_CHARS - 1] + "…"


@transaction.atomic
def suggest_topic(given: Opinion, *, user=SYSTEM) -> Opinion:
    """Suggest the opinion's category and group; keep what staff corrected. Called by the
    system (creation, re-suggestion), so it checks no permission itself. The given instance
    is updated too."""
    opinion = Opinion.unscoped.select_for_update().select_related("region").get(pk=given.pk)
    categories = active_categories()
    by_code = {c.code: c for c in categories}
    code = classifier(categories).classify(opinion.text)
    suggested = by_code.get(code) or by_code.get(topics.FALLBACK_CODE)
    changed = ["suggested_category"]
    opinion.suggested_category = suggested
    if opinion.category_corrected_by_id is None:
        opinion.category = suggested
        changed.append("category")
    if opinion.topic_corrected_by_id is None:
        # (pk, text, topic id) only: the town's window holds hundreds of opinions
        candidates = _candidates(opinion).values_list("pk", "text", "topic_id")
        # complete link, as `topics.group`: a group is joined only when every one of its
        # candidates is alike enough
        match = topics.best_match(
            opinion.text, ((c, c[1]) for c in candidates), group_of=lambda c: c[2]
        )
        topic = None
        if match is not None:
            match_pk, match_text, match_topic_id = match
            if match_topic_id is not None:
                topic = TopicGroup.unscoped.get(pk=match_topic_id)
            else:
                topic = TopicGroup.unscoped.create(
                    region=Region.unscoped.get(path=town_path(opinion.region)),
                    label=_label(match_text),
                )
                Opinion.unscoped.filter(pk=match_pk, topic__isnull=True).update(topic=topic)
        if opinion.topic_id != getattr(topic, "pk", None):
            old = opinion.topic
            opinion.topic = topic
            changed.append("topic")
            opinion.save(update_fields=[*changed, "updated_at"])
            _drop_if_alone(old, user=user)
        else:
            opinion.save(update_fields=[*changed, "updated_at"])
    else:
        opinion.save(update_fields=[*changed, "updated_at"])
    opinion.log_action(
        "sanwei.opinion.topic_suggested",
        user=user,
        data={
            "suggested_category": getattr(suggested, "code", None),
            "category": getattr(opinion.category, "code", None),
            "topic": opinion.topic_id,
        },
    )
    for name in ("suggested_category", "category", "topic", "updated_at"):
        setattr(given, name, getattr(opinion, name))
    return given


def resuggest_region(region: Region, *, user=SYSTEM) -> int:
    """Suggest again for every opinion raised in the region (after the keywords or the
    taxonomy changed), oldest first; corrections are kept. Returns how many."""
    pks = list(
        Opinion.unscoped.filter(region__path__startswith=region.path)
        .order_by("raised_on", "id")
        .values_list("pk", flat=True)
    )
    for pk in pks:
        suggest_topic(Opinion.unscoped.get(pk=pk), user=user)
    return len(pks)


def _drop_if_alone(topic: TopicGroup | None, *, user) -> None:
    """A suggested group left with one opinion or none is no group: dissolve it (a group
    staff made is kept, even empty, until they move its opinions elsewhere). The deletion
    is logged (`sanwei.topic.deleted`: the group's values and the opinion it freed), by
    `user`, whose action left the group alone."""
    if topic is None or topic.corrected_by_id is not None:
        return
    members = list(Opinion.unscoped.filter(topic=topic).values_list("pk", "topic_corrected_by"))
    if len(members) >= 2:
        return
    if members and members[0][1] is not None:
        return  # staff put that opinion there: keep it
    Opinion.unscoped.filter(topic=topic).update(topic=None)
    topic.log_action(
        "sanwei.topic.deleted", user=user, data={"freed_opinions": [pk for pk, _by in members]}
    )
    topic.delete()


# --------------------------------------------------------------------------- corrections


def _locked(opinion: Opinion) -> Opinion:
    return Opinion.unscoped.select_for_update().select_related("region").get(pk=opinion.pk)


@transaction.atomic
def correct_category(opinion: Opinion, *, category: OpinionCategory, user) -> Opinion:
    """Staff set the opinion's category; kept from then on (never re-suggested over)."""
    require_that(rules.may_change_opinion(user, opinion), CHANGE_OPINIONS)
    if category is None or not category.is_active:
        raise ServiceError("category_unknown", _("请选择一个启用的类别"), field="category")
    opinion = _locked(opinion)
    before = getattr(opinion.category, "code", None)
    opinion.category = category
    opinion.category_corrected_by = user if getattr(user, "pk", None) else None
    opinion.save(update_fields=["category", "category_corrected_by", "updated_at"])
    opinion.log_action(
        "sanwei.opinion.category_corrected",
        user=user,
        data={"from": before, "to": category.code},
    )
    return opinion


@transaction.atomic
def move_to_topic(
    opinion: Opinion,
    *,
    user,
    topic: TopicGroup | None = None,
    new_label: str | None = None,
) -> Opinion:
    """Staff move the opinion into `topic` (a group of its town), into a new group
    (`new_label`, or the opinion's own text when blank but not None), or out of any group
    (neither given). Kept from then on."""
    require_that(rules.may_change_opinion(user, opinion), CHANGE_OPINIONS)
    opinion = _locked(opinion)
    town = town_path(opinion.region)
    acting = user if getattr(user, "pk", None) else None
    if topic is not None and new_label is not None:
        raise ServiceError("topic_ambiguous", _("请只选择一个去向"), field="topic")
    if topic is not None:
        topic = TopicGroup.unscoped.select_for_update().get(pk=topic.pk)
        if topic.region.path != town:
            raise ServiceError("topic_elsewhere", _("只能并入本乡镇的相似意见组"), field="topic")
    elif new_label is not None:
        label = " ".join(new_label.split()) or _label(opinion.text)
        if len(label) > TopicGroup._meta.get_field("label").max_length:
            raise ServiceError("topic_label_too_long", _("话题名称不能超过200个字"), field="label")
        topic = TopicGroup.unscoped.create(
            region=Region.unscoped.get(path=town), label=label, corrected_by=acting
        )
    old = opinion.topic
    old_pk, new_pk = getattr(old, "pk", None), getattr(topic, "pk", None)
    opinion.topic = topic
    opinion.topic_corrected_by = acting
    opinion.save(update_fields=["topic", "topic_corrected_by", "updated_at"])
    if old is not None and old_pk != new_pk:
        _drop_if_alone(old, user=user)
    opinion.log_action(
        "sanwei.opinion.topic_corrected", user=user, data={"from": old_pk, "to": new_pk}
    )
    return opinion


# --------------------------------------------------------------------------- hot topics


@dataclass
class HotTopic:
    topic: TopicGroup
    people: int  # distinct people who raised its opinions in the period
    opinions: int
    category: OpinionCategory | None
    villages: list[str] = field(default_factory=list)
    first_raised: dt.date | None = None
    last_raised: dt.date | None = None


def _person_key(opinion: Opinion) -> tuple:
    """One person: a resident of the roster by id; a typed name within its village."""
    if opinion.raised_by_id:
        return ("person", opinion.raised_by_id)
    village = opinion.region.path[: PATH_LENGTH[RegionLevel.VILLAGE]]
    return ("name", village, " ".join(opinion.raised_by_name.split()))


def hot_topics(
    opinions,
    *,
    region: Region,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    limit: int = HOT_TOPICS_LIMIT,
) -> list[HotTopic]:
    """Groups with opinions raised in `region` (its subtree) between the dates (inclusive),
    most distinct people first (then most opinions, then the newest). `opinions` is the
    queryset to read (the scoped `Opinion.objects` in views and the API)."""
    qs = opinions.filter(region__path__startswith=region.path, topic__isnull=False)
    if date_from:
        qs = qs.filter(raised_on__gte=date_from)
    if date_to:
        qs = qs.filter(raised_on__lte=date_to)
    rows = qs.select_related("topic", "category", "region").order_by("raised_on", "id")
    people: dict[int, set] = {}
    counts: Counter = Counter()
    categories: dict[int, Counter] = {}
    villages: dict[int, dict[str, str]] = {}
    dates: dict[int, list[dt.date]] = {}
    topics_by_pk: dict[int, TopicGroup] = {}
    category_by_pk: dict[int, OpinionCategory] = {}
    for o in rows:
        t = o.topic_id
        topics_by_pk[t] = o.topic
        people.setdefault(t, set()).add(_person_key(o))
        counts[t] += 1
        if o.category_id:
            categories.setdefault(t, Counter())[o.category_id] += 1
            category_by_pk[o.category_id] = o.category
        villages.setdefault(t, {})[o.region.path] = o.region.name
        dates.setdefault(t, []).append(o.raised_on)
    result = []
    for t, topic in topics_by_pk.items():
        top = None
        if t in categories:
            ranked = sorted(
                categories[t].items(),
                key=lambda kv: (
                    -kv[1],
                    category_by_pk[kv[0]].sort_order,
                    category_by_pk[kv[0]].code,
                ),
            )
            top = category_by_pk[ranked[0][0]]
        result.append(
            HotTopic(
                topic=topic,
                people=len(people[t]),
                opinions=counts[t],
                category=top,
                villages=[villages[t][p] for p in sorted(villages[t])],
                first_raised=min(dates[t]),
                last_raised=max(dates[t]),
            )
        )
    result.sort(key=lambda h: (-h.people, -h.opinions, -h.last_raised.toordinal(), h.topic.pk))
    return result[:limit]


def default_region(user) -> Region | None:
    """The topmost region where the user may see opinions."""
    scope = permission_scope(user, VIEW_OPINIONS)
    regions = Region.objects.order_by("level", "path")
    if scope is not None:
        regions = regions.filter(path__in=list(scope.paths))
    return regions.first()


def topic_choices(opinion: Opinion):
    """Groups of the opinion's town that staff may move it into (read through the scoped
    manager), newest first."""
    town = town_path(opinion.region)
    return TopicGroup.objects.filter(region__path=town).exclude(pk=opinion.topic_id)
