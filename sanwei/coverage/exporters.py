"""The gap list's exporters: 未覆盖群众 and 未覆盖户 of one campaign (and region), in the
order of the gap list (hardest to reach first), masked by default (sanwei.exports)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from sanwei.accounts.permissions import VIEW_PEOPLE
from sanwei.exports.base import Column, ExportContext, Exporter, village_and_group
from sanwei.exports.exporters import (
    ADDRESS,
    BIRTH_DATE,
    CHUNK,
    GENDER,
    GROUP,
    HEAD_NAME,
    HOUSEHOLD_NUMBER,
    NAME,
    PHONE,
    POLITICAL,
    POLITICAL_STATUS,
    RELATION,
    VILLAGE,
)
from sanwei.exports.registry import register

from . import gaps

PRIORITY = Column(_("优先级"), 8)
REASONS = Column(_("未覆盖重点情形"), 30)
REASON_SEPARATOR = "、"


class GapExporter(Exporter):
    permission = VIEW_PEOPLE
    needs_campaign = True

    def title(self, context: ExportContext) -> str:
        where = context.region.name if context.region is not None else context.campaign.region.name
        return f"{context.campaign.name}-{where}-{self.verbose_name}"


@register
class GapPersonsExporter(GapExporter):
    identifier = "gap_persons"
    verbose_name = _("未覆盖群众")
    description = _("专题尚未覆盖的群众，70岁以上、体弱多病、行动不便、外出流动者在前")
    columns = (
        NAME, GENDER, BIRTH_DATE, PHONE, VILLAGE, GROUP, HOUSEHOLD_NUMBER, HEAD_NAME, RELATION,
        POLITICAL, PRIORITY, REASONS,
    )  # fmt: skip

    def queryset(self, context: ExportContext) -> QuerySet:
        return gaps.gap_persons(context.campaign, context.region).annotate(
            head_name=gaps.head_name()
        )

    def iterate_rows(self, context: ExportContext) -> Iterator[Sequence[Any]]:
        for p in self.queryset(context).iterator(chunk_size=CHUNK):
            village, group = village_and_group(p.region)
            yield [
                p.name,
                p.get_gender_display() if p.gender else "",
                context.birth(p),
                context.phone(p),
                village,
                group,
                p.household.number if p.household else "",
                p.head_name or "",
                p.get_relation_to_head_display() if p.relation_to_head else "",
                POLITICAL_STATUS.get(p.party_status, ""),
                p.priority,
                REASON_SEPARATOR.join(gaps.reasons(p)),
            ]


@register
class GapHouseholdsExporter(GapExporter):
    identifier = "gap_households"
    verbose_name = _("未覆盖户")
    description = _("专题尚未覆盖的户（没有一名成员被覆盖），含户主和家庭成员")
    columns = (
        HOUSEHOLD_NUMBER, HEAD_NAME, PHONE, VILLAGE, GROUP, ADDRESS, Column(_("家庭人数"), 8),
        Column(_("家庭成员"), 40), PRIORITY, REASONS,
    )  # fmt: skip

    def queryset(self, context: ExportContext) -> QuerySet:
        return gaps.gap_households(context.campaign, context.region)

    def iterate_rows(self, context: ExportContext) -> Iterator[Sequence[Any]]:
        for h in self.queryset(context).iterator(chunk_size=CHUNK):
            members = list(h.members.all())
            head = h.head
            village, group = village_and_group(h.region)
            yield [
                h.number,
                head.name if head else "",
                context.phone(head) if head else "",
                village,
                group,
                h.address,
                len(members),
                REASON_SEPARATOR.join(m.name for m in members),
                h.priority,
                REASON_SEPARATOR.join(gaps.household_reasons(h)),
            ]
