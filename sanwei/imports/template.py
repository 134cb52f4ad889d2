"""The roster template to download: the headers the importer reads, in the order of
`normalise.FIELD_LABELS`, and one example row (a household head) that imports as it is.

The example's village is the first village the user may import into (and its first 组,
when it has any), so that importing the untouched template gives exactly that person.
A second sheet explains each column; the reader takes the first sheet with a header.
"""

from __future__ import annotations

import io
from datetime import date

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from sanwei.people.permissions import CHANGE_PEOPLE
from sanwei.people.validation import id_check_digit
from sanwei.regions.models import Region, RegionLevel
from sanwei.regions.services import regions_with_permission

from .normalise import FIELD_LABELS
from .readers import HEADER_ALIASES

EXAMPLE_BIRTH = date(1968, 3, 8)
DEFAULT_AREA = "430821"
#: Columns Excel must keep as text (long numbers, leading zeros).
TEXT_FIELDS = frozenset({"id_number", "phone", "landline", "household_number"})
FILENAME = "群众花名册导入模板.xlsx"


def example_id_number(area: str, birth: date = EXAMPLE_BIRTH) -> str:
    """A valid 18-digit ID number of a man born on `birth` in `area` (6 digits)."""
    first17 = f"{area}{birth:%Y%m%d}001"
    return first17 + id_check_digit(first17)


def example_place(user) -> tuple[str, str, str]:
    """(village name, 组 name or "", 6-digit area code) for the example row."""
    village = (
        regions_with_permission(user, CHANGE_PEOPLE)
        .filter(level=RegionLevel.VILLAGE)
        .order_by("path")
        .first()
    )
    if village is None:
        return _("某某村"), "", DEFAULT_AREA
    group = Region.unscoped.filter(parent=village, level=RegionLevel.GROUP).order_by("path").first()
    area = village.code[:6] if village.code[:6].isdigit() and village.code[:1] != "0" else ""
    return village.name, group.name if group else "", area or DEFAULT_AREA


def example_row(user) -> dict[str, object]:
    """The example person, by field key. Values are data the importer parses (in Chinese
    whatever the interface language), so they are not translated."""
    village, group, area = example_place(user)
    return {
        "name": "张建国",
        "gender": "男",
        "id_number": example_id_number(area),
        "phone": "13812345678",
        "landline": "0744-1234567",
        "birth_date": EXAMPLE_BIRTH,
        "ethnicity": "汉族",
        "household_head_name": "张建国",
        "relation_to_head": "户主",
        "village": village,
        "group": group,
        "address": f"{village}{group}18号",
        "political_status": "群众",
        "party_joined_on": None,
        "party_branch": "",
        "volunteer": "否",
        "skills": "种植",
        "household_number": "0001",
        "notes": "",
    }


def _notes() -> dict[str, str]:
    return {
        "name": _("必填"),
        "id_number": _("18位；请把该列设为文本，以免末几位丢失"),
        "phone": _("手机号码；一格里可以写手机和固定电话，用“/”隔开"),
        "landline": _("如 0744-1234567"),
        "birth_date": _("如 1968-03-08、1968.3.8 或 1968年3月8日；有身份证号码时可不填"),
        "household_head_name": _("同一户的成员写同一个户主姓名，并排在户主下面"),
        "relation_to_head": _("户主、配偶、子、女、父母……"),
        "village": _("导入到村（社区）时可以不填"),
        "group": _("须是系统中已有的组"),
        "household_number": _("有户号时按户号分户；没有时按户主和行的顺序分户"),
        "volunteer": _("填“是”则加入本村志愿服务队"),
    }


def roster_template(user) -> bytes:
    """The template workbook, as xlsx bytes."""
    wb = Workbook()
    ws = wb.active
    ws.title = _("花名册")
    keys = list(FIELD_LABELS)
    example = example_row(user)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for col, key in enumerate(keys, start=1):
        header = ws.cell(row=1, column=col, value=str(FIELD_LABELS[key]))
        header.font, header.fill = bold, fill
        header.alignment = Alignment(horizontal="center")
        value = example[key]
        cell = ws.cell(row=2, column=col, value=value if value != "" else None)
        if key in TEXT_FIELDS:
            cell.number_format = "@"
        elif key in ("birth_date", "party_joined_on"):
            cell.number_format = "yyyy-mm-dd"
        width = 22 if key in ("id_number", "address") else 14
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A2"

    help_sheet = wb.create_sheet(_("填写说明"))
    help_sheet.append([_("列名"), _("也可以写作"), _("说明")])
    for cell in help_sheet[1]:
        cell.font = bold
    notes = _notes()
    for key in keys:
        others = [a for a in HEADER_ALIASES[key] if a != str(FIELD_LABELS[key])]
        help_sheet.append([str(FIELD_LABELS[key]), "、".join(others), notes.get(key, "")])
    help_sheet.append([])
    help_sheet.append([_("第2行是示例，请改成真实信息或删除后再导入。")])
    for letter, width in (("A", 14), ("B", 36), ("C", 60)):
        help_sheet.column_dimensions[letter].width = width

    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
