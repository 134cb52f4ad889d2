"""微研讨: courtyard meetings (屋场会) and the opinions raised there, with their answers.

A courtyard meeting IS an `activities.Activity` of the `courtyard_meeting` type (its
attendance, QR check-in and sign-in sheets are the activity's); `CourtyardMeeting` adds
its hosts and closing record. An opinion goes through one loop (services.TRANSITIONS):
received → assigned → answered → adopted / partly adopted / not adopted → closed, every
step an `OpinionEvent`. Categories and near-duplicate groups are suggested by
`seminar.topics` and may be corrected by staff (the correction is kept)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import FileExtensionValidator, MinLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanwei.core.codes import random_code
from sanwei.core.models import LoggedModel, RegionOwned, acting_user

OPINION_MAX_CHARS = 1000
PHOTO_EXTENSIONS = ["jpg", "jpeg", "png"]


class HostStanding(models.TextChoices):
    VILLAGE_CADRE = "village_cadre", _("村干部")
    DEPUTY = "deputy", _("人大代表")
    OLD_PARTY_MEMBER = "old_party_member", _("老党员")
    RETIRED_CADRE = "retired_cadre", _("退休干部")
    OTHER = "other", _("其他")


class CourtyardMeeting(RegionOwned):
    """What a 屋场会 has beyond its activity: hosts and the closing record."""

    activity = models.OneToOneField(
        "activities.Activity",
        on_delete=models.CASCADE,
        related_name="courtyard_meeting",
        verbose_name=_("活动"),
    )
    minutes = models.TextField(_("会议纪要"), blank=True)
    # None until closed; the closing form defaults it to checked-in persons + head count.
    attendee_count = models.PositiveIntegerField(_("参会人数"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结束登记时间"), null=True, blank=True)
    closed_by = acting_user(_("结束登记人"), related_name="+")

    region_path_lookup = "activity__region__path"

    class Meta(RegionOwned.Meta):
        ordering = ("-activity__starts_at", "id")
        verbose_name = _("屋场会")
        verbose_name_plural = _("屋场会")

    def __str__(self) -> str:
        return str(self.activity)

    def log_region_path(self) -> str:
        return self.activity.region.path


class MeetingHost(RegionOwned):
    """One host of a meeting: a resident from the roster or a typed name, with standing."""

    meeting = models.ForeignKey(
        CourtyardMeeting, on_delete=models.CASCADE, related_name="hosts", verbose_name=_("屋场会")
    )
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("主持人"),
    )
    name = models.CharField(_("姓名"), max_length=50)
    standing = models.CharField(_("身份"), max_length=20, choices=HostStanding.choices)

    region_path_lookup = "meeting__activity__region__path"

    class Meta(RegionOwned.Meta):
        ordering = ("meeting", "id")
        verbose_name = _("屋场会主持人")
        verbose_name_plural = _("屋场会主持人")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                condition=models.Q(person__isnull=False),
                name="one_host_row_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_standing_display()}）"

    def log_region_path(self) -> str:
        return self.meeting.activity.region.path


class OpinionCategory(LoggedModel):
    """The configurable taxonomy (shared by the deployment). Defaults: roads, water, agri,
    elder, edu, health, env, gov, policy, other (migration 0002)."""

    code = models.SlugField(_("代码"), max_length=20, unique=True)
    name = models.CharField(_("名称"), max_length=30)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    # Extra keywords, one per line or separated by spaces/、, added to the classifier's own.
    keywords = models.TextField(_("关键词"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ("sort_order", "code")
        verbose_name = _("意见类别")
        verbose_name_plural = _("意见类别")

    def __str__(self) -> str:
        return self.name


class TopicGroup(RegionOwned):
    """Near-duplicate opinions grouped together (suggested, or corrected by staff)."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, verbose_name=_("区划"))
    label = models.CharField(_("话题"), max_length=200)
    corrected_by = acting_user(_("人工调整人"), related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    # A group is the town's (near-duplicates across its villages): seen from the villages.
    region_include_ancestors = True

    class Meta(RegionOwned.Meta):
        ordering = ("-created_at", "id")
        verbose_name = _("相似意见组")
        verbose_name_plural = _("相似意见组")

    def __str__(self) -> str:
        return self.label


class OpinionState(models.TextChoices):
    RECEIVED = "received", _("已收集")
    ASSIGNED = "assigned", _("已交办")
    ANSWERED = "answered", _("已答复")
    ADOPTED = "adopted", _("已采纳")
    PARTLY_ADOPTED = "partly_adopted", _("部分采纳")
    NOT_ADOPTED = "not_adopted", _("未采纳")
    CLOSED = "closed", _("已办结")


class Decision(models.TextChoices):
    ADOPTED = "adopted", _("采纳")
    PARTLY_ADOPTED = "partly_adopted", _("部分采纳")
    NOT_ADOPTED = "not_adopted", _("不采纳")


def opinion_photo_path(instance: Opinion, filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"opinions/{instance.code}/{random_code(16)}.{ext[:8]}"


class Opinion(RegionOwned):
    """One opinion raised by a resident, at a meeting or otherwise, and its answer."""

    code = models.CharField(max_length=12, unique=True, default=random_code, editable=False)
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, verbose_name=_("所属区划")
    )
    campaign = models.ForeignKey(
        "activities.Campaign",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="opinions",
        verbose_name=_("专题"),
    )
    meeting = models.ForeignKey(
        CourtyardMeeting,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="opinions",
        verbose_name=_("屋场会"),
    )
    text = models.TextField(
        _("意见内容"), max_length=OPINION_MAX_CHARS, validators=[MinLengthValidator(2)]
    )
    raised_by = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="opinions",
        verbose_name=_("提出人"),
    )
    raised_by_name = models.CharField(_("提出人姓名"), max_length=50, blank=True)
    raised_on = models.DateField(_("提出日期"))
    photo = models.FileField(
        _("照片"),
        upload_to=opinion_photo_path,
        blank=True,
        validators=[FileExtensionValidator(PHOTO_EXTENSIONS)],
    )

    state = models.CharField(
        _("状态"), max_length=16, choices=OpinionState.choices, default=OpinionState.RECEIVED
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_opinions",
        verbose_name=_("承办人"),
    )
    assignee_office = models.CharField(_("承办单位"), max_length=100, blank=True)
    due_on = models.DateField(_("答复期限"), null=True, blank=True)
    reply = models.TextField(_("答复内容"), blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    answered_by = acting_user(_("答复人"), related_name="+")
    decision = models.CharField(_("采纳情况"), max_length=16, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(_("采纳说明"), blank=True)
    decided_at = models.DateTimeField(_("采纳决定时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    suggested_category = models.ForeignKey(
        OpinionCategory,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("建议类别"),
    )
    category = models.ForeignKey(
        OpinionCategory,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="opinions",
        verbose_name=_("类别"),
    )
    category_corrected_by = acting_user(_("类别调整人"), related_name="+")
    topic = models.ForeignKey(
        TopicGroup,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opinions",
        verbose_name=_("相似意见组"),
    )
    topic_corrected_by = acting_user(_("分组调整人"), related_name="+")

    created_by = acting_user(editable=False, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(RegionOwned.Meta):
        ordering = ("-raised_on", "-id")
        verbose_name = _("群众意见")
        verbose_name_plural = _("群众意见")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(raised_by__isnull=True, raised_by_name=""),
                name="opinion_names_who_raised_it",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "due_on"]),
            models.Index(fields=["campaign", "raised_on"]),
        ]

    def __str__(self) -> str:
        return self.text[:30]


class OpinionEvent(RegionOwned):
    """One step of an opinion's loop: who did what, when, from which state to which."""

    opinion = models.ForeignKey(
        Opinion, on_delete=models.CASCADE, related_name="events", verbose_name=_("意见")
    )
    action = models.CharField(_("操作"), max_length=20)
    from_state = models.CharField(_("原状态"), max_length=16, choices=OpinionState.choices)
    to_state = models.CharField(_("新状态"), max_length=16, choices=OpinionState.choices)
    user = acting_user(_("操作人"), related_name="+")
    note = models.TextField(_("说明"), blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    region_path_lookup = "opinion__region__path"

    class Meta(RegionOwned.Meta):
        ordering = ("opinion", "at", "id")
        verbose_name = _("意见办理记录")
        verbose_name_plural = _("意见办理记录")

    def __str__(self) -> str:
        return f"{self.opinion_id} {self.from_state}→{self.to_state}"

    def log_region_path(self) -> str:
        return self.opinion.region.path


class AnswerTemplate(RegionOwned):
    """A reusable reply text. A town's templates serve its villages (read only there)."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, verbose_name=_("区划"))
    title = models.CharField(_("标题"), max_length=100)
    body = models.TextField(_("答复内容"), max_length=OPINION_MAX_CHARS)
    category = models.ForeignKey(
        OpinionCategory,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("适用类别"),
    )
    created_by = acting_user(editable=False, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    region_include_ancestors = True

    class Meta(RegionOwned.Meta):
        ordering = ("title", "id")
        verbose_name = _("答复模板")
        verbose_name_plural = _("答复模板")

    def __str__(self) -> str:
        return self.title


class PublicBoard(RegionOwned):
    """A village's public board of opinions and their answers: `/b/<code>`, open without
    login, shared by QR. The random code is the only address (never a primary key) and can
    be renewed, which retires the old link. The board shows no personal data
    (seminar.board)."""

    region = models.OneToOneField(
        "regions.Region",
        on_delete=models.CASCADE,
        related_name="opinion_board",
        verbose_name=_("村（社区）"),
    )
    code = models.CharField(max_length=12, unique=True, default=random_code, editable=False)
    created_by = acting_user(editable=False, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(RegionOwned.Meta):
        ordering = ("region__path",)
        verbose_name = _("意见公开栏")
        verbose_name_plural = _("意见公开栏")

    def __str__(self) -> str:
        return str(self.region)
