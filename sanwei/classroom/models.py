"""Learning materials (a small library with public share pages) and the scripts of 三句半
performances. Lecture teams are teams.Team (kind lecture); their lectures are activities."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanwei.core.codes import random_code
from sanwei.core.models import RegionOwned, acting_user

from .sanzhiban import CLOSING_MAX_CHARS_RANGE, DEFAULT_CLOSING_MAX_CHARS


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


class PerformanceScript(RegionOwned):
    """The script of a 唱演学 performance (三句半) and its four performers.

    Saved only when `sanzhiban.check_script` finds no error (services.save_script), so a
    stored script always has the form: stanzas of four lines and exactly four performers."""

    activity = models.OneToOneField(
        "activities.Activity",
        on_delete=models.CASCADE,
        related_name="script",
        verbose_name=_("活动"),
    )
    text = models.TextField(_("剧本"))
    closing_max_chars = models.PositiveSmallIntegerField(
        _("第四句最多字数"),
        default=DEFAULT_CLOSING_MAX_CHARS,
        validators=[
            MinValueValidator(CLOSING_MAX_CHARS_RANGE[0]),
            MaxValueValidator(CLOSING_MAX_CHARS_RANGE[1]),
        ],
    )
    performers = models.ManyToManyField(
        "people.Person", related_name="performance_scripts", verbose_name=_("表演者")
    )
    updated_by = acting_user(editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    region_path_lookup = "activity__region__path"

    class Meta(RegionOwned.Meta):
        verbose_name = _("三句半剧本")
        verbose_name_plural = _("三句半剧本")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closing_max_chars__gte=CLOSING_MAX_CHARS_RANGE[0])
                & models.Q(closing_max_chars__lte=CLOSING_MAX_CHARS_RANGE[1]),
                name="script_closing_max_chars_range",
            )
        ]

    def __str__(self) -> str:
        return str(self.activity)

    def log_region_path(self) -> str:
        return self.activity.region.path
