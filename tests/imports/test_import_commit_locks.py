"""The commit classifies without locks, then locks only the stored people it writes; when
one of them changed in between, it classifies again under locks. A re-import that changes
nothing locks (and so writes) no row."""

import datetime as dt

from sanwei.imports import services
from sanwei.people.models import Person

from .conftest import db_fingerprint, id_number, import_file, preview_file, write_xlsx

HEADER = ["姓名", "身份证号", "联系电话", "村（社区）", "户主姓名", "与户主关系"]


def rows(phone_of_li="13900000001"):
    return [
        HEADER,
        ["张三", id_number(dt.date(1950, 1, 1), "M", 1), "13800000000", "东岳观村", "张三", "户主"],
        ["李四", id_number(dt.date(1952, 2, 2), "F", 2), phone_of_li, "东岳观村", "张三", "配偶"],
    ]  # fmt: skip


def spy_on_classify(monkeypatch):
    """The `lock` of every classification from now on; `then` runs after the first."""
    calls: list[bool] = []
    then: list = []
    classify = services.classify

    def spy(*args, lock=False, **kwargs):
        plan = classify(*args, lock=lock, **kwargs)
        calls.append(lock)
        if len(calls) == 1:
            for action in then:
                action()
        return plan

    monkeypatch.setattr(services, "classify", spy)
    return calls, then


def test_a_reimport_that_changes_nothing_is_classified_once_without_locks(
    tree, tmp_path, monkeypatch
):
    path = write_xlsx(tmp_path / "a.xlsx", rows())
    import_file(path, tree["town"])
    before = db_fingerprint()
    job = preview_file(path, tree["town"])
    calls, _then = spy_on_classify(monkeypatch)

    job = services.commit(job, services.SYSTEM)

    assert job.status == "committed"
    assert calls == [False]
    assert (job.counts["unchanged"], job.counts["updated"]) == (2, 0)
    assert db_fingerprint() == before


def test_an_update_nobody_touched_meanwhile_is_written_from_the_first_classification(
    tree, tmp_path, monkeypatch
):
    import_file(write_xlsx(tmp_path / "a.xlsx", rows()), tree["town"])
    job = preview_file(write_xlsx(tmp_path / "b.xlsx", rows("13900000002")), tree["town"])
    calls, _then = spy_on_classify(monkeypatch)

    job = services.commit(job, services.SYSTEM)

    assert calls == [False]
    assert (job.counts["updated"], job.counts["unchanged"]) == (1, 1)
    assert Person.unscoped.get(name="李四").phone == "13900000002"


def test_a_person_changed_after_the_commit_read_them_is_classified_again_under_locks(
    tree, tmp_path, monkeypatch
):
    import_file(write_xlsx(tmp_path / "a.xlsx", rows()), tree["town"])
    job = preview_file(write_xlsx(tmp_path / "b.xlsx", rows("13900000002")), tree["town"])
    calls, then = spy_on_classify(monkeypatch)

    def someone_edits_li_si():  # on the person page, between the read and the lock
        li = Person.unscoped.get(name="李四")
        li.phone = "13900000002"
        li.save()

    then.append(someone_edits_li_si)

    job = services.commit(job, services.SYSTEM)

    assert job.status == "committed"
    assert calls == [False, True]
    # Counted against the database as the locked classification found it.
    assert (job.counts["updated"], job.counts["unchanged"]) == (0, 2)
    assert Person.unscoped.get(name="李四").phone == "13900000002"
