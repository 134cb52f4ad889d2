"""送学 (one-on-one delivery): gap tasks and the details of a delivery.

A delivery IS an `activities.Activity` of the `delivery` type (is_delivery, pillar
classroom) with one audience Attendance per person reached (DESIGN.md §5: never a second
table of who took part); `DeliveryDetail` adds only what a delivery has beyond that. The
materials it used are `classroom.Material.activities` (related name `materials`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanwei.core.models import RegionOwned, acting_user


class TaskStatus(models.TextChoices):
    OPEN = "open", _("待完成")
    DONE = "done", _("已完成")
    CANCELLED = "cancelled", _("已取消")


class DeliveryMethod(models.TextChoices):
    IN_PERSON = "in_person", _("上门面对面")
    WECHAT = "wechat", _("微信发送资料")
    PHONE = "phone", _("电话讲解")


class DeliveryTask(RegionOwned):
    """One person to reach for a campaign, assigned to a login (lecturer, volunteer,
    secretary) with a due date. At most one open task per campaign and person."""

    campaign = models.ForeignKey(
        "activities.Campaign",
        on_delete=models.PROTECT,
        related_name="delivery_tasks",
        verbose_name=_("专题"),
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="delivery_tasks",
        verbose_name=_("送学对象"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="delivery_tasks",
        verbose_name=_("负责人"),
    )
    due_on = models.DateField(_("完成期限"))
    status = models.CharField(
        _("状态"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    created_by = acting_user(editable=False, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    delivery = models.ForeignKey(
        "activities.Activity",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="delivery_tasks",
        verbose_name=_("送学记录"),
    )
    note = models.TextField(_("备注"), blank=True)

    region_path_lookup = "person__region__path"

    class Meta(RegionOwned.Meta):
        ordering = ("due_on", "id")
        verbose_name = _("送学任务")
        verbose_name_plural = _("送学任务")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "person"],
                condition=models.Q(status="open"),
                name="one_open_delivery_task_per_person",
            ),
        ]
        indexes = [
            models.Index(fields=["assignee", "status", "due_on"]),
            models.Index(fields=["campaign", "status", "due_on"]),
        ]

    def __str__(self) -> str:
        return _("送学任务（%(name)s）") % {"name": self.person.name}

    def log_region_path(self) -> str:
        return self.person.region.path


class DeliveryDetail(RegionOwned):
    """What a delivery has beyond its Activity and attendance: how, by whom, when."""

    activity = models.OneToOneField(
        "activities.Activity",
        on_delete=models.CASCADE,
        related_name="delivery_detail",
        verbose_name=_("活动"),
    )
    method = models.CharField(_("送学方式"), max_length=12, choices=DeliveryMethod.choices)
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("送学人"),
    )
    delivered_at = models.DateTimeField(_("送学时间"))
    note = models.TextField(_("备注"), blank=True)

    region_path_lookup = "activity__region__path"

    class Meta(RegionOwned.Meta):
        ordering = ("-delivered_at", "id")
        verbose_name = _("送学记录")
        verbose_name_plural = _("送学记录")

    def __str__(self) -> str:
        return str(self.activity)

    def log_region_path(self) -> str:
        return self.activity.region.path
