"""An exported persons roster imported again changes nothing: volunteers and skills too."""

from django.utils import timezone
from openpyxl import load_workbook

from sanwei.imports import services
from sanwei.people.models import Household, Person
from sanwei.teams.models import Membership, TeamKind

from ..factories import MembershipFactory
from .conftest import content_of


def fingerprint() -> tuple:
    return (
        sorted(Person.unscoped.values_list()),
        sorted(Household.unscoped.values_list()),
        sorted(Membership.unscoped.values_list()),
    )


def import_export(path, region, user):
    with open(path, "rb") as f:
        job = services.create_job(f, "persons", region, user)
    job = services.preview(job)
    assert job.status == "previewed", job.error_message
    return services.commit(job, user)


def test_an_unmasked_export_imported_again_changes_nothing(
    tree, town_admin, roster, export, tmp_path
):
    Person.unscoped.filter(pk=roster["wang"].pk).update(skills="电工 驾驶")
    # 张三 volunteers in the town's squadron only: a volunteer, though not in a squad.
    squadron = roster["squad_a"].parent
    MembershipFactory(team=squadron, person=roster["zhang"])
    path = tmp_path / "persons.xlsx"
    path.write_bytes(content_of(export(town_admin, "persons", method="post", unmask="on")))
    before = fingerprint()

    job = import_export(path, tree["town"], town_admin)

    assert job.status == "committed", job.error_message
    assert (job.counts["new"], job.counts["updated"], job.counts["invalid"]) == (0, 0, 0)
    assert job.counts["unchanged"] == 4  # 张三, 李四, 王五 and 赵六 of 双岗村
    assert fingerprint() == before


def test_an_edited_export_adds_volunteers_and_skills(tree, town_admin, roster, export, tmp_path):
    path = tmp_path / "persons.xlsx"
    path.write_bytes(content_of(export(town_admin, "persons", method="post", unmask="on")))
    book = load_workbook(path)
    sheet = book.active
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[header.index("姓名")].value == "张三":
            row[header.index("志愿者")].value = "是"
            row[header.index("技能特长")].value = "木工"
    book.save(path)

    job = import_export(path, tree["town"], town_admin)

    assert (job.counts["updated"], job.counts["unchanged"]) == (1, 3)
    assert job.changed_fields == {"skills": 1, "volunteer": 1}
    zhang = Person.unscoped.get(pk=roster["zhang"].pk)
    assert zhang.skills == "木工"
    membership = Membership.unscoped.get(person=zhang, team__kind=TeamKind.SQUAD)
    assert membership.team == roster["squad_a"] and membership.ended_on is None
    assert (membership.role, membership.started_on) == ("member", timezone.localdate())
