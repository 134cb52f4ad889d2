"""`sanwei rotate_key`: every ID number and phone re-encrypted and every keyed hash
recomputed under a new key; lookups still find the people; the old key opens nothing."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sanwei.core import crypto
from sanwei.core.models import ActionLog
from sanwei.people import services
from sanwei.people.models import Person

from ..factories import PersonFactory, make_id_number

OLD_KEY = "old-field-key-for-the-rotation-test-0123456789"
NUMBER = make_id_number(birth=dt.date(1955, 3, 4))


@pytest.fixture
def old_key(settings):
    settings.SANWEI_FIELD_KEY = OLD_KEY
    settings.SANWEI_FIELD_KEY_PREVIOUS = []
    return OLD_KEY


@pytest.fixture
def people(old_key, tree):
    zhang = PersonFactory(
        name="张三", region=tree["village_a"], id_number=NUMBER, phone="13800001234",
        landline="0744-7654321",
    )  # fmt: skip
    li = PersonFactory(name="李四", region=tree["village_b"], phone="13900005678")
    nobody = PersonFactory(name="王五", region=tree["village_a"])
    return zhang, li, nobody


def _rotate(tmp_path, **options) -> tuple[str, str]:
    key_file = tmp_path / "keys" / "field.key"
    from io import StringIO

    out = StringIO()
    call_command("rotate_key", new_key_file=str(key_file), stdout=out, **options)
    return key_file.read_text().strip(), out.getvalue()


def test_after_rotation_everything_decrypts_and_is_found_under_the_new_key(
    settings, people, tmp_path
):
    zhang, li, _nobody = people
    new_key, output = _rotate(tmp_path, batch_size=2)
    assert new_key != OLD_KEY
    assert "已重新加密 2 / 3 名群众" in output and "已重新加密 3 / 3 名群众" in output
    assert "SANWEI_FIELD_KEY_FILE=" in output and "旧密钥" in output

    settings.SANWEI_FIELD_KEY = new_key
    stored = {p.name: p for p in Person.unscoped.all()}
    assert stored["张三"].id_number == NUMBER
    assert (stored["张三"].phone, stored["张三"].landline) == ("13800001234", "0744-7654321")
    assert stored["李四"].phone == "13900005678"
    assert (stored["王五"].phone, stored["王五"].id_number) == ("", "")
    assert services.person_with_id(NUMBER).pk == zhang.pk
    assert [p.pk for p in services.people_with_phone(Person.unscoped.all(), "13900005678")] == [
        li.pk
    ]
    assert [p.name for p in Person.unscoped.filter(phone_tail="1234")] == ["张三"]
    log = ActionLog.objects.get(action_type="sanwei.field_key.rotated")
    assert log.data == {"people": 3, "unverified_checkins": 0}


def test_after_rotation_the_old_key_opens_nothing_and_finds_nothing(settings, people, tmp_path):
    zhang, _li, _nobody = people
    _rotate(tmp_path)
    settings.SANWEI_FIELD_KEY = OLD_KEY
    row = Person.unscoped.get(pk=zhang.pk)
    for token in (row.id_number_encrypted, row.phone_encrypted, row.landline_encrypted):
        with pytest.raises(crypto.InvalidToken):
            crypto.decrypt(token)
    assert services.person_with_id(NUMBER) is None
    assert not services.people_with_phone(Person.unscoped.all(), "13900005678").exists()


def test_an_interrupted_rotation_is_finished_by_running_it_again(settings, people, tmp_path):
    """The first batch is rewritten under the new key, then the run stops; the second run
    reads that batch with the new key and the rest with the old."""
    from sanwei.people import keys

    calls = []

    def stop_after_first_batch(table, done, total):
        calls.append((table, done))
        raise KeyboardInterrupt

    key_file = tmp_path / "field.key"
    key_file.write_text("the-new-field-key-for-the-resumed-rotation")
    with pytest.raises(KeyboardInterrupt):
        keys.rotate_field_key(
            key_file.read_text(), [OLD_KEY], batch_size=1, report=stop_after_first_batch
        )
    assert calls == [("people", 1)]
    call_command("rotate_key", new_key_file=str(key_file), stdout=open("/dev/null", "w"))
    settings.SANWEI_FIELD_KEY = "the-new-field-key-for-the-resumed-rotation"
    assert services.person_with_id(NUMBER) is not None
    assert sorted(p.phone for p in Person.unscoped.all()) == ["", "13800001234", "13900005678"]


def test_the_same_key_is_refused(people, tmp_path):
    key_file = tmp_path / "same.key"
    key_file.write_text(OLD_KEY)
    with pytest.raises(CommandError):
        call_command("rotate_key", new_key_file=str(key_file))
