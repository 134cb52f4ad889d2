"""Who may import: CHANGE_PEOPLE on the region. Another village's job is a 404."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sanwei.imports.models import ImportJob
from sanwei.people.models import Person

from .conftest import id_number, preview_file, write_xlsx

ROWS = [["姓名", "身份证号", "村（社区）"], ["张三", id_number(dt.date(1960, 1, 1)), "东岳观村"]]


@pytest.fixture
def job_a(tree, secretary_a, tmp_path):
    """A previewed import of village A, uploaded by its secretary."""
    return preview_file(write_xlsx(tmp_path / "a.xlsx", ROWS), tree["village_a"], secretary_a)


JOB_URLS = ["import_detail", "import_commit", "import_cancel", "import_progress"]


@pytest.mark.parametrize("name", JOB_URLS)
def test_the_secretary_of_another_village_gets_404(login, secretary_b, job_a, name):
    client = login(secretary_b)
    url = reverse(f"imports:{name}", args=[job_a.pk])

    statuses = {client.get(url).status_code, client.post(url).status_code}

    assert statuses <= {404, 405} and 404 in statuses
    job_a.refresh_from_db()
    assert job_a.status == "previewed"


@pytest.mark.parametrize("name", ["import_list", "import_create"])
def test_roles_without_change_people_get_403(login, volunteer_a, county_viewer, name):
    for user in (volunteer_a, county_viewer):
        client = login(user)
        assert client.get(reverse(f"imports:{name}")).status_code == 403


@pytest.mark.parametrize("name", JOB_URLS)
def test_a_volunteer_of_the_village_gets_403_on_its_job(login, volunteer_a, job_a, name):
    client = login(volunteer_a)
    url = reverse(f"imports:{name}", args=[job_a.pk])

    assert client.post(url).status_code in (403, 405)
    assert client.get(url).status_code in (403, 405)
    job_a.refresh_from_db()
    assert job_a.status == "previewed"
    assert Person.unscoped.count() == 0


def test_the_town_admin_may_confirm_a_village_import(login, town_admin, job_a):
    response = login(town_admin).post(reverse("imports:import_commit", args=[job_a.pk]))

    assert response.status_code == 302
    job_a.refresh_from_db()
    assert job_a.status == "committed"


def test_a_village_secretary_may_not_import_into_the_town(tree, login, secretary_a, tmp_path):
    client = login(secretary_a)
    offered = client.get(reverse("imports:import_create")).context["form"].fields["region"]
    assert list(offered.queryset.values_list("name", flat=True)) == ["东岳观村"]
    path = write_xlsx(tmp_path / "a.xlsx", ROWS)

    response = client.post(
        reverse("imports:import_create"),
        {
            "kind": "persons",
            "region": tree["town"].pk,
            "file": SimpleUploadedFile("a.xlsx", path.read_bytes()),
        },
    )

    assert response.status_code == 400
    assert "选择一个有效的选项" in response.content.decode()
    assert not ImportJob.unscoped.exists()


def test_the_list_shows_the_imports_of_the_users_regions(
    client, secretary_a, secretary_b, town_admin, job_a
):
    def listed(user):
        client.force_login(user)
        return list(client.get(reverse("imports:import_list")).context["page_obj"])

    assert listed(secretary_a) == [job_a]
    assert listed(town_admin) == [job_a]  # the town sees its villages' imports
    assert listed(secretary_b) == []
