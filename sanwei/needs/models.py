"""微服务 needs (群众需求): a need, how it was registered, and its loop (accept, dispatch,
resolve, rate, close, refer; `services.TRANSITIONS`). Every move writes a `NeedEvent`.
A resolved need has one `NeedResolution` (what was done, an optional photo, when) with the
hours of each volunteer who did it (`NeedHours`, 0–24): the volunteers app sums them
through `services.resolved_hours`.

A need converted from an opinion keeps the link both ways: `Need.source_opinion` and,
from the opinion, `opinion.need` (the one-to-one's reverse). One turned from a review's
follow-up (source `review`) is `need.follow_up` (reviews.FollowUp.need's reverse)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanwei.core.codes import random_code
from sanwei.core.models import LoggedModel, RegionOwned, acting_user

NEED_MAX_CHARS = 1000


def tracking_code() -> str:
    return random_code(12)


def need_photo_path(instance, filename: str) -> str:
    """Photos under a random name (the upload's own name may carry a resident's name)."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"needs/{random_code(16)}.{ext}"


class NeedCategory(LoggedModel):
    """The configurable categories (Open311 `services`: `code` is the service_code).
    Defaults in migration 0002."""

    code = models.SlugField(_("代码"), max_length=20, unique=True)
    name = models.CharField(_("名称"), max_length=30)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)
    # The Open311 discovery document's changeset: when the service list last changed.
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        ordering = ("sort_order", "code")
        verbose_name = _("需求类别")
        verbose_name_plural = _("需求类别")

    def __str__(self) -> str:
        return self.name


class Urgency(models.TextChoices):
    NORMAL = "normal", _("一般")
    URGENT = "urgent", _("较急")
    CRITICAL = "critical", _("紧急")


class NeedState(models.TextChoices):
    REPORTED = "reported", _("已登记")
    ACCEPTED = "accepted", _("已受理")
    REJECTED = "rejected", _("不予受理")
    DISPATCHED = "dispatched", _("已派单")
    IN_PROGRESS = "in_progress", _("办理中")
    RESOLVED = "resolved", _("已解决")
    RATED = "rated", _("已评价")
    CLOSED = "closed", _("已办结")
    REFERRED = "referred", _("已上报")


class NeedSource(models.TextChoices):
    VISIT = "visit", _("入户走访")
    STAFF = "staff", _("电话或来访")
    OPINION = "opinion", _("群众意见转入")
    OPEN311 = "open311", _("Open311 接口")
    REVIEW = "review", _("复盘整改转入")


class Need(RegionOwned):
    """What a resident needs help with, in a region (their village or 组)."""

    code = models.CharField(
        _("查询码"), max_length=12, unique=True, default=tracking_code, editable=False
    )
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, verbose_name=_("所属区划")
    )
    household = models.ForeignKey(
        "people.Household",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="needs",
        verbose_name=_("户"),
    )
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="needs",
        verbose_name=_("群众"),
    )
    description = models.TextField(_("需求内容"), max_length=NEED_MAX_CHARS)
    category = models.ForeignKey(
        NeedCategory, on_delete=models.PROTECT, related_name="needs", verbose_name=_("类别")
    )
    urgency = models.CharField(
        _("紧急程度"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    state = models.CharField(
        _("状态"), max_length=12, choices=NeedState.choices, default=NeedState.REPORTED
    )
    source = models.CharField(_("来源"), max_length=10, choices=NeedSource.choices)
    source_opinion = models.OneToOneField(
        "seminar.Opinion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="need",
        verbose_name=_("来源意见"),
    )
    photo = models.FileField(_("照片"), upload_to=need_photo_path, blank=True)
    due_at = models.DateTimeField(_("办理期限"), null=True, blank=True)
    # Dispatch: to a squad (teams.Team of kind squad) or to one volunteer (people.Person).
    team = models.ForeignKey(
        "teams.Team",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="needs",
        verbose_name=_("承办小队"),
    )
    volunteer = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dispatched_needs",
        verbose_name=_("承办志愿者"),
    )
    dispatched_at = models.DateTimeField(_("派单时间"), null=True, blank=True)
    reason = models.TextField(_("不予受理或上报理由"), blank=True)
    rating = models.PositiveSmallIntegerField(
        _("评价"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    rating_comment = models.TextField(_("评价意见"), blank=True)
    rated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)
    # The staff member who entered the rating on the resident's behalf; None: the resident
    # rated through the public link.
    rated_by = acting_user(_("代为评价人"), editable=False, related_name="+")
    created_by = acting_user(_("登记人"), editable=False, related_name="+")
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(RegionOwned.Meta):
        ordering = ("-created_at", "-id")
        verbose_name = _("群众需求")
        verbose_name_plural = _("群众需求")
        indexes = [
            models.Index(fields=["state", "created_at"]),
            models.Index(fields=["state", "due_at"]),
            # The work queue of a village or town in one state, newest first (a county's
            # 100,000 needs: the state index alone walks a whole state's needs).
            models.Index(fields=["region", "state", "created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="need_rating_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return self.description[:30]


class NeedEvent(RegionOwned):
    """One step of a need's loop: who did what, when, from which state to which."""

    need = models.ForeignKey(
        Need, on_delete=models.CASCADE, related_name="events", verbose_name=_("需求")
    )
    action = models.CharField(_("操作"), max_length=20)
    from_state = models.CharField(_("原状态"), max_length=12, choices=NeedState.choices)
    to_state = models.CharField(_("新状态"), max_length=12, choices=NeedState.choices)
    user = acting_user(_("操作人"), related_name="+")
    note = models.TextField(_("说明"), blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    region_path_lookup = "need__region__path"

    class Meta(RegionOwned.Meta):
        ordering = ("need", "at", "id")
        verbose_name = _("需求办理记录")
        verbose_name_plural = _("需求办理记录")

    def __str__(self) -> str:
        return f"{self.need_id} {self.from_state}→{self.to_state}"

    def log_region_path(self) -> str:
        return self.need.region.path


class NeedResolution(RegionOwned):
    """How a need was resolved: what was done, an optional photo, when and by whom
    (recorded); the volunteers' hours are its `hours` rows."""

    need = models.OneToOneField(
        Need, on_delete=models.CASCADE, related_name="resolution", verbose_name=_("需求")
    )
    summary = models.TextField(_("办理情况"), max_length=NEED_MAX_CHARS)
    photo = models.FileField(_("照片"), upload_to=need_photo_path, blank=True)
    resolved_at = models.DateTimeField(_("解决时间"))
    recorded_by = acting_user(_("记录人"), editable=False, related_name="+")

    region_path_lookup = "need__region__path"

    class Meta(RegionOwned.Meta):
        ordering = ("-resolved_at", "-id")
        verbose_name = _("办理结果")
        verbose_name_plural = _("办理结果")
        indexes = [models.Index(fields=["resolved_at"])]

    def __str__(self) -> str:
        return self.summary[:30]

    def log_region_path(self) -> str:
        return self.need.region.path


class NeedHours(RegionOwned):
    """The hours one volunteer served on one resolved need (0 to 24)."""

    resolution = models.ForeignKey(
        NeedResolution, on_delete=models.CASCADE, related_name="hours", verbose_name=_("办理结果")
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="need_hours",
        verbose_name=_("志愿者"),
    )
    hours = models.DecimalField(_("服务时长（小时）"), max_digits=4, decimal_places=2)

    region_path_lookup = "resolution__need__region__path"

    class Meta(RegionOwned.Meta):
        ordering = ("resolution", "id")
        verbose_name = _("服务时长")
        verbose_name_plural = _("服务时长")
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "person"], name="one_hours_row_per_volunteer"
            ),
            models.CheckConstraint(
                condition=models.Q(hours__gte=0, hours__lte=24), name="need_hours_0_to_24"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.hours}"

    def log_region_path(self) -> str:
        return self.resolution.need.region.path


class VolunteerAccount(RegionOwned):
    """Which person (a volunteer of a squad) a login acts as when it takes, starts,
    resolves or gives back a need. Set by staff (admin, demo, tests)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="volunteer_account",
        verbose_name=_("账号"),
    )
    person = models.OneToOneField(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="volunteer_account",
        verbose_name=_("志愿者"),
    )

    region_path_lookup = "person__region__path"

    class Meta(RegionOwned.Meta):
        verbose_name = _("志愿者账号")
        verbose_name_plural = _("志愿者账号")

    def __str__(self) -> str:
        return f"{self.user_id} → {self.person_id}"

    def log_region_path(self) -> str:
        return self.person.region.path
