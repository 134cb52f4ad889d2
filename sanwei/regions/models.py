"""The administrative tree, keyed by the official 12-digit division code (统计用区划代码)."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanwei.core.models import RegionOwned


class RegionLevel(models.IntegerChoices):
    PROVINCE = 1, _("省")
    CITY = 2, _("市")
    COUNTY = 3, _("县")
    TOWN = 4, _("乡镇")
    VILLAGE = 5, _("村/社区")
    GROUP = 6, _("村民小组")


# Significant digits of the division code at each level; groups extend a village's
# 12-digit code with 3 more digits of the town's own numbering.
PATH_LENGTH = {
    RegionLevel.PROVINCE: 2,
    RegionLevel.CITY: 4,
    RegionLevel.COUNTY: 6,
    RegionLevel.TOWN: 9,
    RegionLevel.VILLAGE: 12,
    RegionLevel.GROUP: 15,
}

code_validator = RegexValidator(r"^\d{12}(\d{3})?$", _("区划代码应为12位数字（村民小组为15位）"))


class Region(RegionOwned):
    code = models.CharField(_("区划代码"), max_length=15, unique=True, validators=[code_validator])
    name = models.CharField(_("名称"), max_length=100)
    level = models.PositiveSmallIntegerField(_("层级"), choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # The significant prefix of `code`; a subtree is `path__startswith`. Set from code.
    path = models.CharField(_("路径"), max_length=15, unique=True, editable=False)
    is_demo = models.BooleanField(_("演示数据"), default=False)

    region_path_lookup = "path"

    class Meta(RegionOwned.Meta):
        ordering = ("path",)
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.path = self.code[: PATH_LENGTH[RegionLevel(self.level)]]
        super().save(*args, **kwargs)

    def log_region_path(self) -> str:
        return self.path

    def ancestors(self) -> list[Region]:
        """Root-first ancestors, read in one query by the code prefixes."""
        prefixes = [
            self.code[:n].ljust(12, "0")
            for lvl, n in PATH_LENGTH.items()
            if lvl < self.level and n <= 12
        ]
        return list(Region.unscoped.filter(code__in=prefixes).order_by("level"))

    @property
    def full_name(self) -> str:
        return "".join(r.name for r in [*self.ancestors(), self])

    def is_within(self, other: Region) -> bool:
        return self.path.startswith(other.path)
