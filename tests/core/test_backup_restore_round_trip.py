"""`sanwei backup` and `sanwei restore`: the database and uploaded files come back exactly.

Runs on the suite's database (SQLite's backup API, or pg_dump/pg_restore on PostgreSQL).
"""

from __future__ import annotations

import tarfile

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from sanwei.checkin.models import UnverifiedCheckin
from sanwei.core.backup import key_fingerprint
from sanwei.people.models import Person

from ..factories import (
    AttendanceFactory,
    HouseholdFactory,
    PersonFactory,
    UnverifiedCheckinFactory,
)

ID_NUMBER = "11010519491231002X"

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("unscoped")]


def every_row() -> dict[str, list[tuple]]:
    """Every table's rows, in a fixed order, as the database returns them."""
    out = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            out[table] = sorted(cursor.fetchall(), key=repr)
    return out


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "attachments").mkdir(parents=True)
    photo = settings.MEDIA_ROOT / "attachments" / "屋场会.jpg"
    photo.write_bytes(b"\xff\xd8 photo bytes")
    return settings.MEDIA_ROOT


@pytest.fixture
def town():
    household = HouseholdFactory()
    head = PersonFactory(region=household.region, household=household, id_number=ID_NUMBER)
    attendance = AttendanceFactory(person=head)
    UnverifiedCheckinFactory(activity=attendance.activity, name="刘洋", phone="13712345678")
    return head


def test_round_trip_restores_every_table_and_the_uploaded_files(town, media, tmp_path):
    before = every_row()
    assert len(before["people_person"]) == 1
    assert len(before["activities_attendance"]) == 1
    assert len(before["coverage_campaignreach"]) == 1  # kept by triggers, restored too
    archive = tmp_path / "backup.tar"

    call_command("backup", output=str(archive))

    # Later changes that the restore must undo.
    Person.objects.filter(pk=town.pk).update(name="改过的名字")
    PersonFactory(region=town.region)
    (media / "attachments" / "屋场会.jpg").unlink()
    (media / "later.txt").write_text("not in the backup")

    call_command("restore", str(archive), yes=True)

    assert every_row() == before
    restored = Person.objects.get(pk=town.pk)
    assert restored.id_number == ID_NUMBER
    assert [c.phone for c in UnverifiedCheckin.objects.all()] == ["13712345678"]
    assert (media / "attachments" / "屋场会.jpg").read_bytes() == b"\xff\xd8 photo bytes"
    assert not (media / "later.txt").exists()


def test_archive_holds_the_database_the_files_and_no_key(town, media, tmp_path, settings):
    archive = tmp_path / "backup.tar"
    call_command("backup", output=str(archive))
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
        content = b"".join(tar.extractfile(m).read() for m in tar.getmembers() if m.isfile())
    db_file = "database.sqlite3" if connection.vendor == "sqlite" else "database.pgdump"
    assert names == {"manifest.json", db_file, "media/attachments/屋场会.jpg"}
    assert settings.SECRET_KEY.encode() not in content
    assert ID_NUMBER.encode() not in content  # ID numbers are stored encrypted


def test_backup_reminds_that_the_key_is_kept_apart(town, media, tmp_path, capsys):
    call_command("backup", output=str(tmp_path / "b.tar"))
    out = capsys.readouterr().out
    assert "备份里不含加密密钥" in out
    assert "上传文件 1 个" in out


def test_restore_under_another_key_is_refused_and_changes_nothing(town, media, tmp_path, settings):
    archive = tmp_path / "backup.tar"
    call_command("backup", output=str(archive))
    PersonFactory(region=town.region, name="备份后新增")
    before = every_row()
    old = key_fingerprint()
    settings.SANWEI_FIELD_KEY = "another key entirely"
    assert key_fingerprint() != old

    with pytest.raises(CommandError, match="另一把加密密钥"):
        call_command("restore", str(archive), yes=True)

    settings.SANWEI_FIELD_KEY = ""
    assert every_row() == before


def test_a_file_that_is_not_a_backup_is_refused(town, tmp_path):
    bogus = tmp_path / "roster.tar"
    bogus.write_bytes(b"not a tar at all")
    with pytest.raises(CommandError, match="不是 sanwei 备份文件"):
        call_command("restore", str(bogus), yes=True)


def test_restore_asks_first_and_a_no_changes_nothing(town, media, tmp_path, monkeypatch):
    archive = tmp_path / "backup.tar"
    call_command("backup", output=str(archive))
    PersonFactory(region=town.region, name="备份后新增")
    before = every_row()
    monkeypatch.setattr("builtins.input", lambda prompt: "no")

    with pytest.raises(CommandError, match="已取消"):
        call_command("restore", str(archive))

    assert every_row() == before
