"""A superuser exports the whole deployment; the records are in the admin, read only."""

from sanwei.exports.models import ExportRecord

from ..factories import UserFactory
from .conftest import by_name, xlsx_rows


def test_superuser_exports_everything_unmasked_when_asked(roster, export):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    admin.set_password("pass-1234")
    admin.save()
    people = by_name(xlsx_rows(export(admin, "persons", method="post", unmask="on")))
    assert {"张三", "赵六", "孙七"} <= set(people)
    assert people["孙七"]["联系电话"] == "13500007777"
    record = ExportRecord.unscoped.get()
    assert record.region is None and record.unmasked is True


def test_export_records_in_the_admin(roster, export, login):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    admin.set_password("pass-1234")
    admin.save()
    export(admin, "households")
    client = login(admin)
    response = client.get("/admin/exports/exportrecord/")
    assert response.status_code == 200
    assert "households" in response.content.decode()
    record = ExportRecord.unscoped.get()
    assert client.post(f"/admin/exports/exportrecord/{record.pk}/delete/").status_code == 403
