"""The figures as tables: what the Excel workbook's sheets and the open-data CSV files hold.

`tables(figures)` turns one `reports.figures.Figures` into a list of `Table`s (overview, per
child region, per activity type, coverage, opinions, essays, needs, service and stars,
quantities). Every number is the figures module's, unrounded; the workbook writes each
table as a sheet and the CSV archive each as a file, so both carry the same rows."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from sanwei.activities.models import ActivityType

from .figures import Figures, RegionFigures


@dataclass
class Table:
    key: str  # file name of its CSV (ASCII)
    title: str  # sheet title (Chinese)
    headers: list[str]
    rows: list[list[Any]]
    widths: list[int]


def _number(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _rows_of(f: Figures) -> list[RegionFigures]:
    """Each child region, then the region itself as the total row."""
    return [*f.children, f]


def _name(f: Figures, r: RegionFigures) -> str:
    return _("%(name)s（合计）") % {"name": r.name} if r is f else str(r.name)


def tables(f: Figures) -> list[Table]:
    type_names = dict(ActivityType.objects.values_list("code", "name"))
    rows = _rows_of(f)
    result: list[Table] = []

    def table(key: str, title: str, headers: list[str], data: list[list[Any]]) -> None:
        widths = [max(10, min(40, 2 * len(h) + 4)) for h in headers]
        widths[0] = max(widths[0], 18)
        result.append(Table(key, title, headers, [[_number(v) for v in r] for r in data], widths))

    needs = f.service.needs
    overview = [
        [_("活动场次"), f.sessions],
        [_("受众人次"), f.person_times],
        [_("宣讲队"), f.classroom.lectures.teams],
        [_("宣讲场次"), f.classroom.lectures.lectures],
        [_("宣讲受众人次"), f.classroom.lectures.person_times],
        [_("送学上门"), f.classroom.deliveries],
        [_("屋场会"), f.seminar.meetings],
        [_("收集意见建议"), f.seminar.opinions.collected],
        [_("已答复意见"), f.seminar.opinions.answered],
        [_("已采纳意见"), f.seminar.opinions.adopted],
        [_("按时答复意见"), f.seminar.opinions.on_time],
        [_("征集心得体会"), f.seminar.essays.collected],
        [_("优秀心得"), f.seminar.essays.excellent],
        [_("推介心得"), f.seminar.essays.recommended],
        [_("志愿服务活动"), f.service.activities],
        [_("注册志愿者"), f.service.volunteers.registered],
        [_("活跃志愿者"), f.service.volunteers.active],
        [_("志愿服务时长（小时）"), f.service.hours],
        [_("登记诉求"), needs.reported],
        [_("办结诉求"), needs.resolved],
        [_("按时办结诉求"), needs.on_time],
    ]
    table("overview", _("总览"), [_("指标"), _("数值")], overview)

    table(
        "regions",
        _("下级区划"),
        [
            _("区划"),
            _("活动场次"),
            _("受众人次"),
            _("宣讲场次"),
            _("送学上门"),
            _("屋场会"),
            _("收集意见建议"),
            _("心得体会"),
            _("志愿服务活动"),
            _("志愿服务时长（小时）"),
            _("登记诉求"),
            _("办结诉求"),
        ],
        [
            [
                _name(f, r),
                r.sessions,
                r.person_times,
                r.classroom.lectures.lectures,
                r.classroom.deliveries,
                r.seminar.meetings,
                r.seminar.opinions.collected,
                r.seminar.essays.collected,
                r.service.activities,
                r.service.hours,
                r.service.needs.reported,
                r.service.needs.resolved,
            ]
            for r in rows
        ],
    )

    table(
        "activity_types",
        _("活动类型"),
        [_("活动类型"), _("类型代码"), _("场次"), _("受众人次"), _("受众人数")],
        [
            [type_names.get(code, code), code, c.sessions, c.person_times, c.persons]
            for code, c in f.activities.items()
        ],
    )

    if f.coverage is not None:
        coverage_rows = []
        for r in rows:
            row: list[Any] = [_name(f, r)]
            for figure in (r.coverage.persons, r.coverage.party_members, r.coverage.households):
                row += [figure.reached, figure.total, figure.percent]
            coverage_rows.append(row)
        table(
            "coverage",
            _("覆盖"),
            [
                _("区划"),
                _("已覆盖人数"),
                _("应覆盖人数"),
                _("人员覆盖率（%）"),
                _("已覆盖党员"),
                _("党员总数"),
                _("党员覆盖率（%）"),
                _("已覆盖户数"),
                _("总户数"),
                _("户覆盖率（%）"),
            ],
            coverage_rows,
        )

    table(
        "opinions",
        _("意见建议"),
        [
            _("区划"),
            _("屋场会"),
            _("收集"),
            _("已答复"),
            _("已采纳"),
            _("按时答复"),
            _("逾期未答复"),
            _("答复率（%）"),
            _("按时答复率（%）"),
            _("采纳率（%）"),
        ],
        [
            [
                _name(f, r),
                r.seminar.meetings,
                o.collected,
                o.answered,
                o.adopted,
                o.on_time,
                o.overdue,
                rates.reply_rate,
                rates.on_time_rate,
                rates.adoption_rate,
            ]
            for r in rows
            for o in [r.seminar.opinions]
            for rates in [o.rates()]
        ],
    )

    table(
        "essays",
        _("心得体会"),
        [_("区划"), _("征集"), _("优秀"), _("推介")],
        [
            [
                _name(f, r),
                r.seminar.essays.collected,
                r.seminar.essays.excellent,
                r.seminar.essays.recommended,
            ]
            for r in rows
        ],
    )

    table(
        "needs",
        _("诉求"),
        [
            _("区划"),
            _("登记"),
            _("办结"),
            _("应按期办结"),
            _("按时办结"),
            _("按时办结率（%）"),
            _("已评价"),
            _("平均评分"),
        ],
        [
            [
                _name(f, r),
                n.reported,
                n.resolved,
                n.due_resolved,
                n.on_time,
                n.on_time_rate,
                n.rated,
                n.average_rating,
            ]
            for r in rows
            for n in [r.service.needs]
        ],
    )

    levels = len(f.service.stars)
    table(
        "service",
        _("志愿服务"),
        [_("区划"), _("志愿服务活动"), _("注册志愿者"), _("活跃志愿者"), _("服务时长（小时）")]
        + [_("%(level)s星志愿者") % {"level": level} for level in range(levels)],
        [
            [
                _name(f, r),
                r.service.activities,
                r.service.volunteers.registered,
                r.service.volunteers.active,
                r.service.hours,
                *r.service.stars,
            ]
            for r in rows
        ],
    )

    table(
        "quantities",
        _("物资成果"),
        [_("区划"), _("项目"), _("单位"), _("数量")],
        [
            [_name(f, r), q["item"], q["unit"], q["total"]]
            for r in rows
            for q in r.service.quantities
        ],
    )
    return result
