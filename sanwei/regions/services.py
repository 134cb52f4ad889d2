"""Rules about the region tree: levels from codes, loading a tree from CSV, safe deletion.

Writes take `user=` and check it here: loading needs LOAD_REGIONS (a superuser, or the
system: `accounts.permissions.SYSTEM`), deleting CHANGE_REGIONS on the region."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, QuerySet
from django.db.models.functions import Substr
from django.utils.translation import gettext as _

from sanwei.accounts.permissions import permission_scope, require
from sanwei.core.errors import ServiceError

from .models import PATH_LENGTH, Region, RegionLevel
from .permissions import CHANGE_REGIONS, LOAD_REGIONS


def level_from_code(code: str) -> RegionLevel:
    """The level a division code denotes: the last non-zero segment decides."""
    if len(code) == 15:
        return RegionLevel.GROUP
    if len(code) != 12 or not code.isdigit():
        raise ServiceError("region_code", _("区划代码应为12位数字（村民小组为15位）：%s") % code)
    if code[9:12] != "000":
        return RegionLevel.VILLAGE
    if code[6:9] != "000":
        return RegionLevel.TOWN
    if code[4:6] != "00":
        return RegionLevel.COUNTY
    if code[2:4] != "00":
        return RegionLevel.CITY
    return RegionLevel.PROVINCE


def parent_code(code: str) -> str | None:
    level = level_from_code(code)
    if level == RegionLevel.PROVINCE:
        return None
    if level == RegionLevel.GROUP:
        return code[:12]
    n = PATH_LENGTH[RegionLevel(level - 1)]
    return code[:n].ljust(12, "0")


def region_by_code(
    code: str, *, field: str = "region", levels: Collection[RegionLevel] | None = None
) -> Region:
    """The region with this division code, looked up in the active scope (the caller's).

    One rule for every API input and list filter: a code that is unknown, outside the
    scope or (with `levels`) of another level is a ServiceError `region_unknown` on `field`.
    """
    code = (code or "").strip()
    region = Region.objects.filter(code=code).first()
    if region is not None and (not levels or region.level in levels):
        return region
    if levels:
        message = _("区划代码“%(code)s”不存在、不在您的管辖范围内，或不是%(levels)s") % {
            "code": code,
            "levels": "、".join(str(RegionLevel(level).label) for level in levels),
        }
    else:
        message = _("区划代码“%s”不存在或不在您的管辖范围内") % code
    raise ServiceError("region_unknown", message, field=field)


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@transaction.atomic
def load_regions(
    rows: Iterable[tuple[str, str]], *, is_demo: bool = False, user=None
) -> LoadResult:
    """Create or rename regions from (code, name) pairs; parents must precede or exist.

    All or nothing: one bad row and nothing is written.
    """
    require(user, LOAD_REGIONS)
    result = LoadResult()
    known = {r.code: r for r in Region.unscoped.all()}
    for line, (raw_code, raw_name) in enumerate(rows, start=1):
        code, name = raw_code.strip(), raw_name.strip()
        if not name:
            raise ServiceError("region_name", _("第%(line)d行：名称为空") % {"line": line})
        try:
            level = level_from_code(code)
        except ServiceError as e:
            raise ServiceError(
                e.code, _("第%(line)d行：%(msg)s") % {"line": line, "msg": e.message}
            ) from e
        pcode = parent_code(code)
        parent = known.get(pcode) if pcode else None
        if pcode and parent is None:
            raise ServiceError(
                "region_parent",
                _("第%(line)d行：上级区划 %(code)s 不存在") % {"line": line, "code": pcode},
            )
        existing = known.get(code)
        if existing is None:
            region = Region(code=code, name=name, level=level, parent=parent, is_demo=is_demo)
            region.full_clean()
            region.save()
            region.log_action("sanwei.region.created", user=user, data={"name": name})
            known[code] = region
            result.created += 1
        elif existing.name != name:
            existing.name = name
            existing.save(update_fields=["name"])
            existing.log_action("sanwei.region.renamed", user=user, data={"name": name})
            result.updated += 1
        else:
            result.unchanged += 1
    return result


def read_region_csv(data: bytes) -> list[tuple[str, str]]:
    """Rows of a region CSV: `code,name` with an optional header; UTF-8 or GB18030."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030")
    rows = []
    first = True
    for record in csv.reader(io.StringIO(text)):
        if not record or not record[0].strip():
            continue
        if first and not record[0].strip().isdigit():
            first = False
            continue  # header row; a non-numeric code further down is reported, not skipped
        first = False
        rows.append((record[0], record[1] if len(record) > 1 else ""))
    return rows


def is_own_region(user, region: Region) -> bool:
    """Is `region` one of the user's assignment roots, or above one? Deleting it would take
    away the ground the user stands on (a town admin deleting their own town)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return user.role_assignments.filter(region__path__startswith=region.path).exists()


def delete_region(region: Region, *, user=None) -> None:
    """Delete a region nothing depends on; otherwise refuse with what depends on it.
    Nobody deletes their own region (see `is_own_region`)."""
    require(user, CHANGE_REGIONS, region)
    if is_own_region(user, region):
        raise ServiceError(
            "own_region",
            _("“%(name)s”是您负责的区划，不能由您删除；请联系上级管理员") % {"name": region.name},
        )
    region.delete_logged(
        "sanwei.region.deleted",
        user=user,
        data={"name": region.name},
        in_use_code="region_in_use",
        in_use_message=_("区划“%(name)s”仍有%%(kinds)s等记录引用，不能删除")
        % {"name": region.name},
    )


def regions_with_permission(user, permission: str) -> QuerySet[Region]:
    """Regions (through the scoped `Region.objects`) where `user` may use `permission`."""
    where = permission_scope(user, permission)
    regions = Region.objects.all()
    return regions if where is None else regions.filter(path__under=where)


_PREFIX_LENGTHS = sorted(set(PATH_LENGTH.values()))


def subtree_counts(queryset: QuerySet, path_field: str = "region__path") -> dict[str, int]:
    """Rows of `queryset` in each region's subtree, keyed by region path.

    One grouped query (rows per region path); each count is then added to every
    ancestor path, so a town's figure includes its villages and their groups.
    """
    totals: dict[str, int] = defaultdict(int)
    rows = queryset.order_by().values_list(path_field).annotate(n=Count("pk"))
    for path, n in rows.values_list(path_field, "n"):
        for length in _PREFIX_LENGTHS:
            if length <= len(path):
                totals[path[:length]] += n
    return dict(totals)


def child_path_length(region: Region) -> int:
    """The length of the paths of `region`'s child regions (its own for a 村民小组)."""
    if region.level >= RegionLevel.GROUP:
        return len(region.path)
    return PATH_LENGTH[RegionLevel(region.level + 1)]


def child_prefix(region: Region, path_field: str = "region__path") -> Substr:
    """An expression grouping rows of `region`'s subtree by child region: a row in a child's
    subtree gets the child's path, a row registered at `region` itself `region.path`. Group
    by it to get one row per child in one query (figures of a county: one row per town)."""
    return Substr(path_field, 1, child_path_length(region))
