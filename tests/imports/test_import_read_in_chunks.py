"""The import reads its records a chunk at a time and holds only what the household rule
needs of the whole file: households, counts and errors come out the same when every chunk
is two rows, so heads, members, namesakes and errors fall in different chunks."""

import pytest

from sanwei.imports import services
from sanwei.people.models import Person

from .conftest import db_fingerprint, errors_of, import_file, preview_file, write_xlsx
from .test_import_namesake_heads import EXPECTED, households, roster


@pytest.fixture
def chunks_of_two(monkeypatch):
    monkeypatch.setattr(services, "RECORDS_PER_CHUNK", 2)


def test_namesake_heads_get_their_members_when_each_chunk_is_two_rows(
    tree, groups, town_admin, tmp_path, chunks_of_two
):
    job = import_file(write_xlsx(tmp_path / "a.xlsx", roster()), tree["town"], town_admin)

    assert job.status == "committed", job.error_message
    assert errors_of(job) == {}
    assert (job.counts["new"], job.counts["households_new"]) == (11, 4)
    assert households() == EXPECTED


def test_a_member_listed_above_their_named_head_joins_that_household_across_chunks(
    tree, groups, town_admin, tmp_path, chunks_of_two
):
    rows = roster()
    # 张伟 (东岳观村一组) moved to the end of the file: four chunks after his head.
    rows.append(rows.pop(3))

    job = import_file(write_xlsx(tmp_path / "a.xlsx", rows), tree["town"], town_admin)

    assert job.status == "committed", job.error_message
    assert households() == EXPECTED


def test_an_ambiguous_member_in_a_later_chunk_is_refused_and_not_written(
    tree, groups, town_admin, tmp_path, chunks_of_two
):
    rows = roster()
    # A member naming 张建国 in 东岳观村 without a 组, listed above both heads of that name.
    rows.insert(1, ["张小明", "1990-01-01", "东岳观村", "", "张建国", "孙子"])

    job = import_file(write_xlsx(tmp_path / "a.xlsx", rows), tree["town"], town_admin)

    assert job.status == "committed", job.error_message
    assert list(errors_of(job)) == [2]
    assert "第3行、第6行" in errors_of(job)[2][0]
    assert (job.counts["new"], job.counts["invalid"], job.counts["rows"]) == (11, 1, 12)
    assert not Person.unscoped.filter(name="张小明").exists()


def test_a_reimport_read_in_chunks_changes_nothing(
    tree, groups, town_admin, tmp_path, chunks_of_two
):
    path = write_xlsx(tmp_path / "a.xlsx", roster())
    import_file(path, tree["town"], town_admin)
    before = db_fingerprint()

    job = preview_file(path, tree["town"], town_admin)
    assert (job.counts["unchanged"], job.counts["new"], job.counts["updated"]) == (11, 0, 0)
    job = services.commit(job, town_admin)

    assert job.status == "committed", job.error_message
    assert db_fingerprint() == before
