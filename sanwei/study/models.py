"""Youth cadre study (会议室里议): a monthly series of sessions, who takes part and who
presented what; essays (笔头里悟): submitted, reviewed, the excellent ones recommended upward.

A session is an `activities.Activity` of the `youth_study` type linked to its series
(`StudySession`), so its attendance is recorded like every other activity's."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanwei.core.models import RegionOwned, acting_user

YOUTH_STUDY = "youth_study"
SCORE_MAX = 100


class SeriesRule(models.TextChoices):
    DAY = "day", _("每月固定日期")
    WEEKDAY = "weekday", _("每月第几个星期几")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("星期一")
    TUESDAY = 1, _("星期二")
    WEDNESDAY = 2, _("星期三")
    THURSDAY = 3, _("星期四")
    FRIDAY = 4, _("星期五")
    SATURDAY = 5, _("星期六")
    SUNDAY = 6, _("星期日")


class WeekOfMonth(models.IntegerChoices):
    FIRST = 1, _("第一个")
    SECOND = 2, _("第二个")
    THIRD = 3, _("第三个")
    FOURTH = 4, _("第四个")
    LAST = 5, _("最后一个")


class StudySeries(RegionOwned):
    """A monthly 青年干部学习座谈 of a campaign: when it meets and who takes part."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, verbose_name=_("区划"))
    campaign = models.ForeignKey(
        "activities.Campaign",
        on_delete=models.PROTECT,
        related_name="study_series",
        verbose_name=_("专题"),
    )
    title = models.CharField(_("名称"), max_length=100)
    rule = models.CharField(_("日期规则"), max_length=10, choices=SeriesRule.choices)
    day_of_month = models.PositiveSmallIntegerField(
        _("每月几号"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text=_("该月没有这一天时取月末"),
    )
    week_of_month = models.PositiveSmallIntegerField(
        _("第几个"), choices=WeekOfMonth.choices, null=True, blank=True
    )
    weekday = models.PositiveSmallIntegerField(
        _("星期几"), choices=Weekday.choices, null=True, blank=True
    )
    start_time = models.TimeField(_("开始时间"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("时长(分钟)"), default=120, validators=[MinValueValidator(15), MaxValueValidator(720)]
    )
    place = models.CharField(_("地点"), max_length=200, blank=True)
    participants = models.ManyToManyField(
        "people.Person", through="Participant", related_name="study_series"
    )
    created_by = acting_user(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(RegionOwned.Meta):
        ordering = ("region__path", "title", "id")
        verbose_name = _("青年干部学习系列")
        verbose_name_plural = _("青年干部学习系列")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        rule="day",
                        day_of_month__isnull=False,
                        day_of_month__gte=1,
                        day_of_month__lte=31,
                    )
                    | models.Q(
                        rule="weekday",
                        week_of_month__isnull=False,
                        weekday__isnull=False,
                        week_of_month__gte=1,
                        week_of_month__lte=5,
                        weekday__gte=0,
                        weekday__lte=6,
                    )
                ),
                name="study_series_rule_complete",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def rule_display(self) -> str:
        if self.rule == SeriesRule.DAY:
            return str(_("每月%(day)s日")) % {"day": self.day_of_month}
        return str(_("每月%(week)s%(weekday)s")) % {
            "week": WeekOfMonth(self.week_of_month).label,
            "weekday": Weekday(self.weekday).label,
        }


class Participant(RegionOwned):
    """A cadre taking part in a series from `joined_on` (until `left_on`, if they left)."""

    series = models.ForeignKey(StudySeries, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="study_participations"
    )
    joined_on = models.DateField(_("加入日期"))
    left_on = models.DateField(_("退出日期"), null=True, blank=True)

    region_path_lookup = "series__region__path"

    class Meta(RegionOwned.Meta):
        ordering = ("series", "person__name", "id")
        verbose_name = _("学习成员")
        verbose_name_plural = _("学习成员")
        constraints = [
            models.UniqueConstraint(fields=["series", "person"], name="one_participant_per_series"),
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True)
                | models.Q(left_on__gte=models.F("joined_on")),
                name="participant_leaves_after_joining",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.series}"

    def log_region_path(self) -> str:
        return self.series.region.path


class StudySession(RegionOwned):
    """One session of a series: a youth_study activity (its attendance is the activity's)."""

    series = models.ForeignKey(StudySeries, on_delete=models.PROTECT, related_name="sessions")
    activity = models.OneToOneField(
        "activities.Activity",
        on_delete=models.CASCADE,
        related_name="study_session",
        verbose_name=_("活动"),
    )

    region_path_lookup = "activity__region__path"

    class Meta(RegionOwned.Meta):
        ordering = ("series", "activity__starts_at", "id")
        verbose_name = _("学习座谈")
        verbose_name_plural = _("学习座谈")

    def __str__(self) -> str:
        return str(self.activity)

    def log_region_path(self) -> str:
        return self.activity.region.path


class Presentation(RegionOwned):
    """Who presented at a session and what they shared."""

    session = models.ForeignKey(
        StudySession, on_delete=models.CASCADE, related_name="presentations"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="study_presentations"
    )
    topic = models.CharField(_("交流题目"), max_length=200)
    summary = models.TextField(_("交流内容摘要"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    region_path_lookup = "session__activity__region__path"

    class Meta(RegionOwned.Meta):
        ordering = ("session", "id")
        verbose_name = _("交流发言")
        verbose_name_plural = _("交流发言")

    def __str__(self) -> str:
        return self.topic

    def log_region_path(self) -> str:
        return self.session.activity.region.path


class EssaySource(models.TextChoices):
    TEXT = "text", _("在线填写")
    DOCX = "docx", _("Word文档")


class Essay(RegionOwned):
    """A 心得体会: its text (typed, or extracted from a .docx that is not kept)."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, verbose_name=_("区划"))
    campaign = models.ForeignKey(
        "activities.Campaign",
        on_delete=models.PROTECT,
        related_name="essays",
        verbose_name=_("专题"),
    )
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    author = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="essays",
        verbose_name=_("作者"),
    )
    author_name = models.CharField(_("作者姓名"), max_length=50)
    source = models.CharField(
        _("来源"), max_length=8, choices=EssaySource.choices, default=EssaySource.TEXT
    )
    original_name = models.CharField(_("文件名"), max_length=200, blank=True)
    submitted_by = acting_user(editable=False, related_name="+")
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    score = models.PositiveSmallIntegerField(
        _("评分"), null=True, blank=True, validators=[MaxValueValidator(SCORE_MAX)]
    )
    review_comment = models.TextField(_("评语"), blank=True)
    is_excellent = models.BooleanField(_("优秀"), default=False)
    reviewed_by = acting_user(editable=False, related_name="+")
    reviewed_at = models.DateTimeField(_("评阅时间"), null=True, blank=True)

    class Meta(RegionOwned.Meta):
        ordering = ("-submitted_at", "-id")
        verbose_name = _("心得体会")
        verbose_name_plural = _("心得体会")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__lte=SCORE_MAX),
                name="essay_score_at_most_100",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Recommendation(RegionOwned):
    """An essay recommended upward (推介): to which department and when."""

    essay = models.ForeignKey(Essay, on_delete=models.CASCADE, related_name="recommendations")
    department = models.CharField(_("推荐至部门"), max_length=100)
    recommended_on = models.DateField(_("推荐日期"))
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_by = acting_user(editable=False, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    region_path_lookup = "essay__region__path"

    class Meta(RegionOwned.Meta):
        ordering = ("essay", "recommended_on", "id")
        verbose_name = _("推荐记录")
        verbose_name_plural = _("推荐记录")

    def __str__(self) -> str:
        return f"{self.essay} → {self.department}"

    def log_region_path(self) -> str:
        return self.essay.region.path
