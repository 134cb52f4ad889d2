"""The 技能特长 column: imported as normalised text; an empty cell keeps what is stored."""

import datetime as dt

from sanwei.people.models import Person

from ..factories import PersonFactory
from .conftest import db_fingerprint, errors_of, id_number, import_file, preview_file, write_xlsx

HEADER = ["姓名", "身份证号", "村（社区）", "特长"]
ZHANG = id_number(dt.date(1970, 1, 1), "M", 1)


def test_skills_are_imported_as_clean_text(tree, town_admin, tmp_path):
    path = write_xlsx(
        tmp_path / "a.xlsx", [HEADER, ["张三", ZHANG, "东岳观村", "  电工　 驾驶Ａ照 "]]
    )

    job = import_file(path, tree["town"], town_admin)

    assert job.counts["new"] == 1
    assert Person.unscoped.get().skills == "电工 驾驶A照"


def test_changed_skills_update_and_empty_cells_keep_them(tree, town_admin, tmp_path):
    person = PersonFactory(name="张三", region=tree["village_a"], id_number=ZHANG, skills="电工")
    path = write_xlsx(tmp_path / "a.xlsx", [HEADER, ["张三", ZHANG, "东岳观村", "木工"]])

    job = import_file(path, tree["town"], town_admin)

    assert job.counts["updated"] == 1 and job.changed_fields == {"skills": 1}
    person.refresh_from_db()
    assert person.skills == "木工"

    before = db_fingerprint()
    path = write_xlsx(tmp_path / "b.xlsx", [HEADER, ["张三", ZHANG, "东岳观村", ""]])
    job = import_file(path, tree["town"], town_admin)

    assert job.counts["unchanged"] == 1
    assert db_fingerprint() == before


def test_overlong_skills_are_an_invalid_row(tree, town_admin, tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", [HEADER, ["张三", ZHANG, "东岳观村", "电" * 201]])

    job = preview_file(path, tree["town"], town_admin)

    assert errors_of(job) == {2: ["技能特长过长（不能超过200个字）"]}
