"""Campaigns, activity types in the three pillars, activities and who attended them."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanwei.core.codes import random_code
from sanwei.core.models import LoggedModel, RegionOwned, acting_user


class Pillar(models.TextChoices):
    CLASSROOM = "classroom", _("微课堂")
    SEMINAR = "seminar", _("微研讨")
    SERVICE = "service", _("微服务")


class Campaign(RegionOwned):
    name = models.CharField(_("专题名称"), max_length=200)
    theme = models.CharField(_("主题"), max_length=200, blank=True)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, verbose_name=_("区划"))
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    target_person_coverage = models.PositiveSmallIntegerField(
        _("群众覆盖目标(%)"), default=100, validators=[MinValueValidator(0)]
    )
    target_household_coverage = models.PositiveSmallIntegerField(_("户覆盖目标(%)"), default=100)
    description = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    # Seen in the region's subtree and by users below it (village secretaries see the
    # town's campaigns); changed only with CHANGE_CAMPAIGNS on the region.
    region_include_ancestors = True

    class Meta(RegionOwned.Meta):
        ordering = ("-starts_on", "name")
        verbose_name = _("专题活动")
        verbose_name_plural = _("专题活动")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="campaign_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(target_person_coverage__lte=100)
                & models.Q(target_household_coverage__lte=100),
                name="campaign_targets_are_percentages",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ActivityType(LoggedModel):
    """Kinds of activity, each in one pillar. Shared by the deployment; town admins edit them."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    pillar = models.CharField(_("板块"), max_length=16, choices=Pillar.choices)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    is_delivery = models.BooleanField(_("送学（一对一）"), default=False)
    is_active = models.BooleanField(_("启用"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ("pillar", "sort_order", "name")
        verbose_name = _("活动类型")
        verbose_name_plural = _("活动类型")

    def __str__(self) -> str:
        return self.name


class Mode(models.TextChoices):
    OFFLINE = "offline", _("线下")
    ONLINE = "online", _("线上")
    BOTH = "both", _("线上+线下")


CHECKIN_MAX_MINUTES = 7 * 24 * 60  # a check-in window reaches at most a week either side


class Activity(RegionOwned):
    code = models.CharField(max_length=12, unique=True, default=random_code, editable=False)
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="activities", verbose_name=_("专题")
    )
    activity_type = models.ForeignKey(
        ActivityType, on_delete=models.PROTECT, verbose_name=_("活动类型")
    )
    title = models.CharField(_("活动名称"), max_length=200)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, verbose_name=_("区划"))
    organising_team = models.ForeignKey(
        "teams.Team", null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("组织队伍")
    )
    main_session = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sub_venues",
        verbose_name=_("主会场"),
    )
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    mode = models.CharField(_("形式"), max_length=10, choices=Mode.choices, default=Mode.OFFLINE)
    audience_headcount = models.PositiveIntegerField(
        _("未登记姓名的受众人数"),
        default=0,
        help_text=_("现场无法逐一登记姓名的群众人数，计入受众人次"),
    )
    notes = models.TextField(_("备注"), blank=True)
    # The QR check-in window: from this many minutes before the start to this many after
    # the end (sanwei.checkin).
    checkin_opens_before = models.PositiveIntegerField(
        _("提前开放签到(分钟)"),
        default=60,
        validators=[MaxValueValidator(CHECKIN_MAX_MINUTES)],
        help_text=_("扫码签到在活动开始前多少分钟开放"),
    )
    checkin_closes_after = models.PositiveIntegerField(
        _("结束后关闭签到(分钟)"),
        default=120,
        validators=[MaxValueValidator(CHECKIN_MAX_MINUTES)],
        help_text=_("扫码签到在活动结束后多少分钟关闭"),
    )
    created_by = acting_user(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(RegionOwned.Meta):
        ordering = ("-starts_at", "id")
        verbose_name = _("活动")
        verbose_name_plural = _("活动")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="activity_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["campaign", "starts_at"]),
            # Activities since a date, of any campaign: volunteers' hours this month (the
            # ranking's new star levels) read only this month's attendance through it.
            models.Index(fields=["starts_at"]),
        ]

    def __str__(self) -> str:
        return self.title


class AttendanceRole(models.TextChoices):
    AUDIENCE = "audience", _("受众")
    LECTURER = "lecturer", _("宣讲人/主持人")
    VOLUNTEER = "volunteer", _("志愿者")
    ORGANISER = "organiser", _("组织者")


class RecordedVia(models.TextChoices):
    MANUAL = "manual", _("手工登记")
    QR = "qr", _("扫码签到")
    IMPORT = "import", _("导入")


class Attendance(RegionOwned):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="attendances"
    )
    role = models.CharField(
        _("身份"), max_length=16, choices=AttendanceRole.choices, default=AttendanceRole.AUDIENCE
    )
    recorded_via = models.CharField(
        _("登记方式"), max_length=10, choices=RecordedVia.choices, default=RecordedVia.MANUAL
    )
    hours = models.DecimalField(_("时长(小时)"), max_digits=5, decimal_places=1, default=0)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = acting_user()
    # A volunteer's hours count only once the organiser confirmed them (谁组织谁记录，
    # 谁记录谁证明): sanwei.volunteers.services.confirm_attendances sets both.
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True, editable=False)
    confirmed_by = acting_user(_("确认人"), related_name="+", editable=False)

    region_path_lookup = "activity__region__path"

    class Meta(RegionOwned.Meta):
        ordering = ("activity", "role", "id")
        verbose_name = _("参与记录")
        verbose_name_plural = _("参与记录")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "person", "role"], name="one_attendance_per_person_role"
            ),
            models.CheckConstraint(
                condition=models.Q(hours__gte=0), name="attendance_hours_not_negative"
            ),
        ]
        indexes = [
            # The confirmed volunteer attendances (volunteers' hours and activity, the
            # figures' service hours): a few rows among a county's 3 M audience rows.
            models.Index(
                fields=["person", "activity"],
                condition=models.Q(role="volunteer", confirmed_at__isnull=False),
                name="attendance_confirmed_volunteer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.activity}"

    def log_region_path(self) -> str:
        return self.activity.region.path


def attachment_path(instance: ActivityAttachment, filename: str) -> str:
    """A random stored name keeping only the extension; the original name is a field."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"activities/{instance.activity.code}/{random_code(16)}.{ext[:8]}"


class ActivityAttachment(RegionOwned):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(
        _("文件"),
        upload_to=attachment_path,
        validators=[FileExtensionValidator(settings.ATTACHMENT_EXTENSIONS)],
    )
    original_name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小"))
    uploaded_at = models.DateTimeField(auto_now_add=True)

    region_path_lookup = "activity__region__path"

    class Meta(RegionOwned.Meta):
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self) -> str:
        return self.original_name

    def log_region_path(self) -> str:
        return self.activity.region.path
