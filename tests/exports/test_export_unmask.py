"""Full ID numbers and phones only for users allowed to see them who ask; recorded."""

from sanwei.core.models import ActionLog
from sanwei.exports.models import ExportRecord

from ..factories import Role, user_with_role
from .conftest import ID_LI, ID_ZHANG, by_name, xlsx_rows


def test_masked_export_is_recorded_without_unmasking(secretary_a, roster, export):
    rows = xlsx_rows(export(secretary_a, "persons"))
    assert len(rows) == 4
    record = ExportRecord.unscoped.get()
    assert (record.user, record.exporter, record.format) == (secretary_a, "persons", "xlsx")
    assert record.unmasked is False
    assert record.row_count == 3
    assert record.region == roster["group"].parent  # the secretary's village
    log = ActionLog.objects.get(action_type="sanwei.export.created")
    assert log.object_id == record.pk
    assert log.data["rows"] == 3


def test_asked_and_permitted_export_is_unmasked_and_logged(secretary_a, roster, export):
    response = export(secretary_a, "persons", method="post", unmask="on")
    people = by_name(xlsx_rows(response))
    assert people["张三"]["公民身份号码"] == ID_ZHANG
    assert people["张三"]["联系电话"] == "13800001234"
    assert people["李四"]["公民身份号码"] == ID_LI
    record = ExportRecord.unscoped.get()
    assert record.unmasked is True
    assert record.unmasked_people == 3
    log = ActionLog.objects.get(action_type="sanwei.export.unmasked")
    assert log.user == secretary_a
    assert log.region_path == roster["group"].parent.path
    text = str(log.data)
    assert ID_ZHANG not in text and "13800001234" not in text


def test_permitted_user_who_does_not_ask_gets_masked_fields(secretary_a, roster, export):
    people = by_name(xlsx_rows(export(secretary_a, "persons", method="post")))
    assert people["张三"]["联系电话"] == "138****1234"
    assert ExportRecord.unscoped.get().unmasked is False


def test_asking_in_a_get_request_changes_nothing(secretary_a, roster, export):
    people = by_name(xlsx_rows(export(secretary_a, "persons", unmask="on")))
    assert people["张三"]["公民身份号码"] != ID_ZHANG
    assert ExportRecord.unscoped.get().unmasked is False


def test_user_without_the_right_cannot_post_an_export(county_viewer, roster, export):
    response = export(county_viewer, "persons", method="post", unmask="on")
    assert response.status_code == 403
    assert not ExportRecord.unscoped.exists()


def test_county_viewer_downloads_masked(county_viewer, roster, export):
    people = by_name(xlsx_rows(export(county_viewer, "persons")))
    assert {"张三", "赵六", "孙七"} <= set(people)
    assert people["孙七"]["联系电话"] == "135****7777"


def test_unmasking_covers_only_the_regions_where_the_user_may_see_it(roster, export, tree):
    """A county viewer who is also village A's secretary sees full numbers for village A."""
    user = user_with_role(Role.COUNTY_VIEWER, tree["county"], username="two_hats")
    user.role_assignments.create(role=Role.VILLAGE_SECRETARY, region=tree["village_a"])
    people = by_name(xlsx_rows(export(user, "persons", method="post", unmask="on")))
    assert people["张三"]["联系电话"] == "13800001234"
    assert people["赵六"]["联系电话"] == "136****6666"
    assert people["孙七"]["联系电话"] == "135****7777"
    record = ExportRecord.unscoped.get()
    assert record.unmasked_people == 3
    assert record.region == tree["county"]
