"""The dashboard (数据看板): which region, campaign and period a user looks at, and the rows its
tables and charts show. Every number comes from one `reports.figures.Figures`; each chart's
data is built from the rows of the table under it, so the chart and its table view carry
the same numbers (and the same as `GET /api/v1/figures` for the same inputs).

Landing: the caller's topmost region where they may see figures (a county viewer the county,
a town admin the town, a secretary the village). The default campaign is the latest one
covering the whole region (held at the region or above it), in its period; without one,
all campaigns and all time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from sanwei.activities.figures import TypeCounts
from sanwei.activities.models import ActivityType, Campaign, Pillar
from sanwei.regions.models import Region

from .figures import Figures, RegionFigures

PERIODS = (
    ("campaign", _lazy("专题期间")),
    ("week", _lazy("本周")),
    ("month", _lazy("本月")),
    ("all", _lazy("全部时间")),
    ("custom", _lazy("自定义")),
)


class DashboardForm(forms.Form):
    """The dashboard's choices (GET). `region` is a division code; `campaign` empty: all."""

    region = forms.CharField(required=False, widget=forms.HiddenInput)
    campaign = forms.ModelChoiceField(
        Campaign.objects.none(), required=False, label=_lazy("专题"), empty_label=_lazy("全部专题")
    )
    period = forms.ChoiceField(choices=PERIODS, required=False, label=_lazy("时段"))
    start = forms.DateField(
        required=False, label=_lazy("起始日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        required=False, label=_lazy("截止日期"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The scoped manager: the caller's campaigns (those of their regions and above).
        self.fields["campaign"].queryset = Campaign.objects.order_by("-starts_on", "name")

    def clean(self) -> dict:
        data = super().clean()
        if data.get("period") == "custom":
            start, end = data.get("start"), data.get("end")
            if start and end and start > end:
                self.add_error("end", _("截止日期不能早于起始日期"))
        return data


def default_campaign(region: Region) -> Campaign | None:
    """The latest campaign held at `region` or above it (call in the caller's scope)."""
    paths = [r.path for r in (*region.ancestors(), region)]
    return Campaign.objects.filter(region__path__in=paths).order_by("-starts_on", "-pk").first()


def period_dates(
    period: str, today: dt.date, start: dt.date | None = None, end: dt.date | None = None
) -> tuple[dt.date | None, dt.date | None]:
    """The inclusive dates of a period choice; (None, None) for the campaign's own period
    (the figures module counts a campaign's records by its dates) and for all time."""
    if period == "week":
        monday = today - dt.timedelta(days=today.weekday())
        return monday, monday + dt.timedelta(days=6)
    if period == "month":
        first = today.replace(day=1)
        return first, (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    if period == "custom":
        return start, end
    return None, None


# --------------------------------------------------------------------------- rows


PILLARS = list(Pillar.values)


def pillar_labels() -> list[str]:
    return [str(label) for label in Pillar.labels]


@dataclass
class ChildRow:
    figures: RegionFigures
    sessions: list[int]  # per pillar, in PILLARS order
    person_times: int
    persons_percent: float | None
    households_percent: float | None

    @property
    def name(self) -> str:
        return str(self.figures.name)

    @property
    def code(self) -> str | None:
        return self.figures.code


@dataclass
class Stage:
    label: str
    value: int


@dataclass
class TypeRow:
    """One activity type's figures (the seed's 1 special training, 5 online, 9 offline …)."""

    name: str
    counts: TypeCounts


@dataclass
class Board:
    """What the dashboard shows of one `Figures`."""

    figures: Figures
    weeks: list[tuple[str, list[int]]] = field(default_factory=list)  # (Monday, per pillar)
    children: list[ChildRow] = field(default_factory=list)
    opinions: list[Stage] = field(default_factory=list)
    needs: list[Stage] = field(default_factory=list)
    types: list[TypeRow] = field(default_factory=list)  # types held, in the figures' order

    def charts(self) -> dict:
        """The charts' data (passed to the page with `json_script`), from the table rows."""
        labels = pillar_labels()
        coverage = self.figures.coverage
        return {
            "trend": {
                "categories": [week for week, _n in self.weeks],
                "series": [
                    {"name": label, "data": [n[i] for _w, n in self.weeks]}
                    for i, label in enumerate(labels)
                ],
            },
            "children": {
                "categories": [row.name for row in self.children],
                "series": [
                    {"name": label, "data": [row.sessions[i] for row in self.children]}
                    for i, label in enumerate(labels)
                ],
            },
            "coverage": (
                {
                    "categories": [row.name for row in self.children],
                    "series": [
                        {
                            "name": _("群众覆盖率"),
                            "data": [row.persons_percent for row in self.children],
                            "target": coverage.persons.target,
                        },
                        {
                            "name": _("户覆盖率"),
                            "data": [row.households_percent for row in self.children],
                            "target": coverage.households.target,
                        },
                    ],
                }
                if coverage is not None
                else None
            ),
            "opinions": {
                "categories": [s.label for s in self.opinions],
                "series": [{"name": _("意见"), "data": [s.value for s in self.opinions]}],
            },
            "needs": {
                "categories": [s.label for s in self.needs],
                "series": [{"name": _("需求"), "data": [s.value for s in self.needs]}],
            },
        }


def board(f: Figures) -> Board:
    b = Board(figures=f)
    b.weeks = [(w.monday.isoformat(), [w.sessions[p] for p in PILLARS]) for w in f.weeks]
    for child in f.children:
        c = child.coverage
        b.children.append(
            ChildRow(
                figures=child,
                sessions=[child.pillars[p].sessions for p in PILLARS],
                person_times=child.person_times,
                persons_percent=c.persons.percent if c else None,
                households_percent=c.households.percent if c else None,
            )
        )
    o = f.seminar.opinions
    b.opinions = [
        Stage(_("收集"), o.collected),
        Stage(_("已答复"), o.answered),
        Stage(_("按期答复"), o.on_time),
        Stage(_("采纳"), o.adopted),
        Stage(_("逾期未答复"), o.overdue),
    ]
    names = dict(ActivityType.objects.values_list("code", "name"))
    b.types = [
        TypeRow(names.get(code, code), counts)
        for code, counts in f.activities.items()
        if counts.sessions or counts.person_times
    ]
    n = f.service.needs
    b.needs = [
        Stage(_("登记"), n.reported),
        Stage(_("已解决"), n.resolved),
        Stage(_("按期解决"), n.on_time),
        Stage(_("已评价"), n.rated),
    ]
    return b
