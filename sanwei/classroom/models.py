"""Learning materials (a small library with public share pages); lecture and script models
are added beside them."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanwei.core.codes import random_code
from sanwei.core.models import RegionOwned, acting_user


class MaterialKind(models.TextChoices):
    TEXT = "text", _("文字")
    DOCUMENT = "document", _("文档")
    AUDIO = "audio", _("音频链接")
    VIDEO = "video", _("视频链接")


def material_path(instance: Material, filename: str) -> str:
    """A random stored name keeping only the extension; the original name is a field."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"materials/{instance.code}/{random_code(16)}.{ext[:8]}"


class Material(RegionOwned):
    """One item of the library. Its share page (/m/<code>) is public and counts its views."""

    code = models.CharField(max_length=12, unique=True, default=random_code, editable=False)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, verbose_name=_("区划"))
    title = models.CharField(_("标题"), max_length=200)
    kind = models.CharField(_("类型"), max_length=10, choices=MaterialKind.choices)
    summary = models.CharField(_("简介"), max_length=300, blank=True)
    body = models.TextField(_("正文"), blank=True)
    file = models.FileField(
        _("文件"),
        upload_to=material_path,
        blank=True,
        validators=[FileExtensionValidator(settings.ATTACHMENT_EXTENSIONS)],
    )
    original_name = models.CharField(_("文件名"), max_length=200, blank=True)
    url = models.URLField(_("链接"), blank=True)
    # The activities (lectures, deliveries, lessons) that used it.
    activities = models.ManyToManyField(
        "activities.Activity", blank=True, related_name="materials", verbose_name=_("使用的活动")
    )
    view_count = models.PositiveIntegerField(_("浏览次数"), default=0, editable=False)
    created_by = acting_user(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # A town's materials serve its villages: seen in the subtree and by users below it.
    region_include_ancestors = True

    class Meta(RegionOwned.Meta):
        ordering = ("-created_at", "id")
        verbose_name = _("学习资料")
        verbose_name_plural = _("学习资料")

    def __str__(self) -> str:
        return self.title
