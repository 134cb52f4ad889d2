"""ID numbers registered twice across regions (the no-oracle writers tell the writer
nothing) are listed for the town office of either person, masked, each side shown only as
far as the reader may identify it, and closed as reconciled or dismissed with a note —
logged. Both writers open one: the person form and the roster import."""

import datetime as dt
import io

import pytest

from sanwei.audit import services as audit
from sanwei.core.errors import ServiceError
from sanwei.core.models import ActionLog
from sanwei.imports import services as imports
from sanwei.people import services as people
from sanwei.people.models import IdConflict, Person

from ..factories import PersonFactory, make_id_number

BIRTH = dt.date(1975, 3, 9)
NUMBER = make_id_number(birth=BIRTH)


@pytest.fixture
def holder_other_town(tree):
    return PersonFactory(
        name="王建国", region=tree["other_village"], id_number=NUMBER, birth_date=BIRTH
    )


@pytest.fixture
def holder_village_b(tree):
    return PersonFactory(name="李四", region=tree["village_b"], id_number=NUMBER, birth_date=BIRTH)


def register(tree, user, name="王二"):
    """A secretary of village A saves a person with NUMBER (told nothing)."""
    person = PersonFactory.build(region=tree["village_a"], name=name, birth_date=BIRTH)
    return people.save_person(person, id_number=NUMBER, user=user)


def test_the_town_admin_sees_the_conflict_with_the_other_town_hidden(
    client, tree, town_admin, secretary_a, holder_other_town
):
    person = register(tree, secretary_a)
    client.force_login(town_admin)

    response = client.get("/audit/id-conflicts/")

    assert response.status_code == 200
    html = response.content.decode()
    conflict = IdConflict.unscoped.get()
    assert (conflict.person, conflict.holder, conflict.status) == (
        person,
        holder_other_town,
        "open",
    )
    assert "王二" in html and "430" + "*" * 15 in html
    assert "辖区外已登记" in html
    assert "王建国" not in html and NUMBER not in html and "通津铺村" not in html


def test_both_people_are_shown_masked_when_both_are_in_the_town(
    client, tree, town_admin, secretary_a, holder_village_b
):
    register(tree, secretary_a)
    client.force_login(town_admin)

    html = client.get("/audit/id-conflicts/").content.decode()

    assert "王二" in html and "李四" in html and "双岗村" in html
    assert NUMBER not in html and "辖区外已登记" not in html


def test_the_other_towns_admin_sees_it_too_with_our_side_hidden(
    client, tree, secretary_a, holder_other_town
):
    from ..factories import user_with_role

    register(tree, secretary_a)
    other_admin = user_with_role("town_admin", tree["other_town"], username="other_admin")
    client.force_login(other_admin)

    html = client.get("/audit/id-conflicts/").content.decode()

    assert "王建国" in html and "辖区外已登记" in html and "王二" not in html


def test_reconciling_closes_it_with_the_note_and_logs_from_and_to(
    client, tree, town_admin, secretary_a, holder_village_b
):
    register(tree, secretary_a)
    conflict = IdConflict.unscoped.get()
    client.force_login(town_admin)

    response = client.post(
        f"/audit/id-conflicts/{conflict.pk}/resolve/",
        {"outcome": "reconciled", "note": "王二号码录错，已联系村里更正"},
    )

    assert response.status_code == 302
    conflict.refresh_from_db()
    assert (conflict.status, conflict.note, conflict.resolved_by) == (
        "reconciled",
        "王二号码录错，已联系村里更正",
        town_admin,
    )
    logged = ActionLog.objects.get(action_type="sanwei.id_conflict.resolved")
    assert (logged.user, logged.data["from"], logged.data["to"], logged.via) == (
        town_admin,
        "open",
        "reconciled",
        "session",
    )
    page = client.get("/audit/", {"action": "sanwei.id_conflict.resolved"}).content.decode()
    assert "状态：待处理 → 已核实处理" in page


def test_a_resolution_without_a_note_is_refused_and_the_conflict_stays_open(
    client, tree, town_admin, secretary_a, holder_village_b
):
    register(tree, secretary_a)
    conflict = IdConflict.unscoped.get()
    client.force_login(town_admin)

    response = client.post(
        f"/audit/id-conflicts/{conflict.pk}/resolve/",
        {"outcome": "dismissed", "note": " "},
        follow=True,
    )

    assert "请填写处理说明" in response.content.decode()
    conflict.refresh_from_db()
    assert conflict.status == "open"


def test_a_conflict_closed_meanwhile_is_not_closed_again(
    tree, town_admin, secretary_a, holder_village_b
):
    register(tree, secretary_a)
    conflict = IdConflict.unscoped.get()
    audit.resolve_id_conflict(conflict, outcome="dismissed", note="同一人", user=town_admin)

    with pytest.raises(ServiceError) as refused:
        audit.resolve_id_conflict(conflict, outcome="reconciled", note="再次", user=town_admin)

    assert refused.value.code == "conflict_closed"


def test_a_village_secretary_may_not_open_the_page(client, secretary_a):
    client.force_login(secretary_a)

    assert client.get("/audit/id-conflicts/").status_code == 403


def test_the_log_page_links_to_the_open_conflicts(
    client, tree, town_admin, secretary_a, holder_village_b
):
    register(tree, secretary_a)
    client.force_login(town_admin)

    assert "身份证号冲突（1 条待处理）" in client.get("/audit/").content.decode()


def test_an_imported_row_with_the_number_opens_a_conflict_for_its_person(
    tree, secretary_a, holder_other_town
):
    roster = f"姓名,公民身份号码,与户主关系,户主姓名\r\n王二,{NUMBER},户主,王二\r\n"
    job = imports.create_job(
        io.BytesIO(roster.encode("gbk")), "persons", tree["village_a"], user=secretary_a
    )
    imports.preview(job)

    imports.commit(job, user=secretary_a)

    person = Person.unscoped.get(name="王二")
    conflict = IdConflict.unscoped.get()
    assert (conflict.person, conflict.holder, conflict.source, conflict.import_job_id) == (
        person,
        holder_other_town,
        "import",
        job.pk,
    )
    assert conflict.created_by == secretary_a
