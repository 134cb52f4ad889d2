"""Every URL and every API route, for every kind of caller.

Routes are enumerated from the URL resolver and the OpenAPI schema, so a new route is
covered without editing this file. Only the names in `sanwei.urls.PUBLIC_URL_NAMES`
are exempt. URL kwargs are filled from the `objects` fixture; a route with a kwarg missing
there fails until it is added (and so is covered).
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.files.base import ContentFile
from django.urls import get_resolver

from sanwei.accounts.models import Role
from sanwei.accounts.permissions import SYSTEM
from sanwei.accounts.tokens import create_token
from sanwei.activities.models import ActivityAttachment
from sanwei.api import api
from sanwei.imports.models import ImportJob
from sanwei.needs.models import Need, NeedCategory, NeedResolution
from sanwei.people.models import IdConflict
from sanwei.reports.models import ReportJob
from sanwei.reviews import services as reviews
from sanwei.seminar.models import CourtyardMeeting, MeetingHost
from sanwei.urls import OWN_ACCOUNT_URL_NAMES, PUBLIC_URL_NAMES
from sanwei.volunteers.services import issue_certificate

from ..factories import (
    ActivityFactory,
    AnswerTemplateFactory,
    AttendanceFactory,
    CampaignFactory,
    DeliveryTaskFactory,
    HouseholdFactory,
    MaterialFactory,
    MembershipFactory,
    OpinionFactory,
    PersonFactory,
    QuantityFactory,
    TeamFactory,
    UnverifiedCheckinFactory,
    VolunteerProfileFactory,
    default_activity_type,
    png_bytes,
    study_objects,
    user_with_role,
)

WRITE_METHODS = {"post", "put", "patch", "delete"}
# Objects that belong to no region (shared by the deployment): no 404 across regions.
GLOBAL_KWARGS = {"activity_type_pk", "category_pk"}
# Routes of these namespaces need the permission to see residents (volunteers lack it).
PEOPLE_PREFIXES = ("people/",)


def walk(patterns, prefix="", namespace=None):
    for p in patterns:
        if hasattr(p, "url_patterns"):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
            yield from walk(p.url_patterns, prefix + str(p.pattern), ns)
        else:
            name = f"{namespace}:{p.name}" if namespace else p.name
            yield name, prefix + str(p.pattern), list(p.pattern.converters)


def page_routes(*, own_account: bool = True):
    """Every page that needs a login; `own_account=False` leaves out the pages each account
    uses on itself (its password, its two-factor device), which no role is refused."""
    for name, pattern, kwargs in walk(get_resolver().url_patterns):
        if pattern.startswith(("admin/", "api/")) or name in PUBLIC_URL_NAMES:
            continue
        if not own_account and name in OWN_ACCOUNT_URL_NAMES:
            continue
        yield name, pattern, kwargs


def api_operations():
    schema = api.get_openapi_schema()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation, schema


@pytest.fixture
def objects(tree, settings, tmp_path):
    """One object of every kind, all in village A."""
    village = tree["village_a"]
    household = HouseholdFactory(region=village)
    person = PersonFactory(region=village, household=household, relation_to_head="head")
    team = TeamFactory(region=village)
    membership = MembershipFactory(team=team, person=person)
    campaign = CampaignFactory(region=village)
    activity = ActivityFactory(region=village, campaign=campaign, organising_team=team)
    attendance = AttendanceFactory(activity=activity, person=person)
    attachment = ActivityAttachment(activity=activity, original_name="a.txt", size=5)
    attachment.file.save("a.txt", ContentFile(b"hello"), save=False)
    attachment.save()
    material = MaterialFactory(region=village)
    material.activities.through.objects.create(material=material, activity=activity)
    unverified = UnverifiedCheckinFactory(activity=activity)
    # A 送学 task assigned to a team leader of the village: the volunteer and the
    # county viewer may not complete it, another village's secretary does not see it.
    task = DeliveryTaskFactory(
        campaign=campaign,
        person=person,
        assignee=user_with_role(Role.TEAM_LEADER, village, username="task_assignee"),
    )
    meeting = CourtyardMeeting.unscoped.create(
        activity=ActivityFactory(
            region=village,
            campaign=campaign,
            activity_type=default_activity_type("courtyard_meeting"),
            title="屋场会",
        )
    )
    host = MeetingHost.unscoped.create(meeting=meeting, name="覃书记", standing="village_cadre")
    job = ImportJob.unscoped.create(
        kind="persons", region=village, original_name="名册.xlsx", sha256="0" * 64
    )
    # An opinion of the village assigned to its team leader, its answer template, and a need
    # converted from another of its opinions.
    opinion = OpinionFactory(region=village, state="assigned", assignee=task.assignee)
    opinion.photo.save("意见.png", ContentFile(png_bytes()), save=True)  # its photo page
    template = AnswerTemplateFactory(region=village)
    need = Need.unscoped.create(
        region=village,
        description="帮忙修水管",
        category=NeedCategory.objects.get(code="repair"),
        source="opinion",
        source_opinion=OpinionFactory(region=village),
    )
    # Its photos (registration and resolution), served by the need's photo pages.
    need.photo.save("登记.png", ContentFile(png_bytes()), save=True)
    NeedResolution.unscoped.create(
        need=need,
        summary="修好了",
        resolved_at=dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC),
        photo=ContentFile(png_bytes(), name="办理.png"),
    )
    # A document built in the background for a secretary of the village.
    report_job = ReportJob.unscoped.create(
        region=village,
        kind="workbook",
        user=user_with_role(Role.VILLAGE_SECRETARY, village, username="report_owner"),
    )
    # A volunteer of the village with a certificate.
    volunteer = VolunteerProfileFactory(person=person)
    certificate = issue_certificate(volunteer, user=SYSTEM)[0]
    # A 微服务 activity of the village a week ahead, its volunteer signed up.
    service = service_objects(village, campaign, person)
    # A quantity delivered on the activity.
    quantity = QuantityFactory(activity=activity, item="承诺书", quantity=20, unit="份")
    # A review of the village with a follow-up.
    review = reviews.create_review(
        user=SYSTEM, region=village, title="十一月复盘", period_start=dt.date(2026, 11, 1),
        period_end=dt.date(2026, 11, 30), held_on=dt.date(2026, 12, 1),
    )  # fmt: skip
    follow_up = reviews.add_follow_up(review, user=SYSTEM, text="排查老旧水管")
    # An account of the village (a team leader) with an API token: seen by the village's
    # users, managed by the town admin only.
    account = user_with_role(Role.TEAM_LEADER, village, username="account_a")
    create_token(account, "对接")
    # An ID-number conflict between two people of the village.
    conflict = IdConflict.unscoped.create(
        person=PersonFactory(region=village), holder=PersonFactory(region=village), source="form"
    )
    return {
        "conflict_pk": conflict.pk,
        **service,
        "account_pk": account.pk,
        "assignment_pk": account.role_assignments.get().pk,
        "token_pk": account.api_tokens.get().pk,
        "quantity_pk": quantity.pk,
        "review_pk": review.pk,
        "follow_up_pk": follow_up.pk,
        "volunteer_pk": volunteer.pk,
        "certificate_pk": certificate.pk,
        "opinion_pk": opinion.pk,
        "template_pk": template.pk,
        "need_pk": need.pk,
        "need_code": need.code,
        "import_pk": job.pk,
        "job_pk": report_job.pk,
        "meeting_pk": meeting.pk,
        "host_pk": host.pk,
        "material_pk": material.pk,
        "person_pk": person.pk,
        "household_pk": household.pk,
        "team_pk": team.pk,
        "membership_pk": membership.pk,
        "campaign_pk": campaign.pk,
        "activity_pk": activity.pk,
        "activity_ref": activity.code,
        "attendance_pk": attendance.pk,
        "attachment_pk": attachment.pk,
        "unverified_pk": unverified.pk,
        "task_pk": task.pk,
        "activity_type_pk": default_activity_type("mobile_lecture").pk,
        "region_pk": village.pk,
        "region_code": village.code,
        **study_objects(campaign, village, person),
    }


def service_objects(village, campaign, person) -> dict[str, int]:
    import datetime as dt

    from django.utils import timezone

    from sanwei.teams.models import TeamKind
    from sanwei.volunteering.models import ServiceActivity, ServiceCategory, SignUp

    start = timezone.now() + dt.timedelta(days=7)
    activity = ActivityFactory(
        region=village,
        campaign=campaign,
        activity_type=default_activity_type("volunteer_service"),
        organising_team=TeamFactory(region=village, name="志愿小队", kind=TeamKind.SQUAD),
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        place="村部",
    )
    category = ServiceCategory.objects.get_or_create(
        code="environment", defaults={"name": "环境整治"}
    )[0]
    ServiceActivity.unscoped.create(activity=activity, category=category, signup_limit=3)
    signup = SignUp.unscoped.create(activity=activity, person=person, status="signed_up")
    return {"signup_pk": signup.pk, "category_pk": category.pk}


def fill(pattern: str, kwargs: list[str], objects: dict) -> str:
    import re

    def sub(match):
        name = match.group(2)
        assert name in objects, (
            f"URL kwarg {name!r} in {pattern!r}: add it to the `objects` fixture"
        )
        return str(objects[name])

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", sub, pattern)


def fill_api(path: str, objects: dict) -> str:
    import re

    def sub(match):
        name = match.group(1)
        assert name in objects, f"API path parameter {name!r} in {path!r}: add it to the fixture"
        return str(objects[name])

    return re.sub(r"{(\w+)}", sub, path)


def example(schema: dict, root: dict, objects: dict):
    """A minimal valid value for a JSON schema, so body validation passes and the
    handler's own permission and scope checks decide the answer."""
    if "$ref" in schema:
        name = schema["$ref"].split("/")[-1]
        return example(root["components"]["schemas"][name], root, objects)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [s for s in schema[key] if s.get("type") != "null"]
            return example(options[0], root, objects) if options else None
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        return {k: example(props[k], root, objects) for k in schema.get("required", [])}
    if kind == "array":
        return []
    if kind == "integer":
        return 1
    if kind == "number":
        return 1
    if kind == "boolean":
        return False
    fmt = schema.get("format")
    if fmt == "date":
        return "2023-01-01"
    if fmt == "date-time":
        return "2023-01-01T10:00:00+08:00"
    return "x"


def request_body(operation: dict, root: dict, objects: dict) -> str | None:
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" in content:
        return json.dumps(example(content["application/json"]["schema"], root, objects))
    return None


def call_api(client, method: str, path: str, body: str | None, token: str | None = None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return getattr(client, method)(
        path, data=body or "", content_type="application/json", **headers
    )


# --- pages -------------------------------------------------------------------------


def test_every_page_sends_anonymous_users_to_the_login_page(client, objects):
    for name, pattern, kwargs in page_routes():
        url = fill(pattern, kwargs, objects)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code == 302, (name, method, response.status_code)
            assert response["Location"].startswith("/accounts/login/"), (name, method)


def test_every_object_page_of_another_village_answers_404(login, secretary_b, objects):
    client = login(secretary_b)
    checked = 0
    for name, pattern, kwargs in page_routes():
        if not kwargs or set(kwargs) <= GLOBAL_KWARGS:
            continue
        url = fill(pattern, kwargs, objects)
        statuses = {client.get(url).status_code, client.post(url).status_code}
        assert 404 in statuses and statuses <= {404, 405}, (name, statuses)
        checked += 1
    assert checked > 0


def test_every_write_by_a_role_without_the_right_is_forbidden(login, volunteer_a, objects):
    client = login(volunteer_a)
    for name, pattern, kwargs in page_routes(own_account=False):
        url = fill(pattern, kwargs, objects)
        response = client.post(url)
        assert response.status_code in (403, 405), (name, response.status_code)


def test_people_pages_are_forbidden_to_volunteers(login, volunteer_a, objects):
    client = login(volunteer_a)
    for name, pattern, kwargs in page_routes():
        if pattern.startswith(PEOPLE_PREFIXES):
            response = client.get(fill(pattern, kwargs, objects))
            assert response.status_code in (403, 405), (name, response.status_code)


def test_county_viewer_reads_every_page_and_writes_none(login, county_viewer, objects):
    client = login(county_viewer)
    for name, pattern, kwargs in page_routes(own_account=False):
        url = fill(pattern, kwargs, objects)
        assert client.get(url).status_code in (200, 403, 405), name
        if "edit" in pattern or "delete" in pattern or "new" in pattern or "add" in pattern:
            assert client.get(url).status_code in (403, 405), name
        assert client.post(url).status_code in (403, 405), name


def test_public_pages_open_without_login(client, db):
    assert client.get("/accounts/login/").status_code == 200
    assert client.get("/healthz").status_code == 200
    assert client.get("/api/v1/openapi.json").status_code == 200


def test_admin_is_for_superusers_only(login, town_admin):
    response = login(town_admin).get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


# --- API ---------------------------------------------------------------------------


def test_every_api_route_answers_401_to_anonymous_callers(client, objects):
    checked = 0
    for path, method, operation, root in api_operations():
        body = request_body(operation, root, objects)
        response = call_api(client, method, fill_api(path, objects), body)
        assert response.status_code == 401, (method, path, response.status_code)
        checked += 1
    assert checked > 0


def test_every_api_route_on_another_villages_object_answers_404(client, secretary_b, objects):
    token = create_token(secretary_b, "matrix")
    for path, method, operation, root in api_operations():
        if (
            "{" not in path
            or set(p["name"] for p in operation.get("parameters", []) if p["in"] == "path")
            <= GLOBAL_KWARGS
        ):
            continue
        body = request_body(operation, root, objects)
        response = call_api(client, method, fill_api(path, objects), body, token)
        assert response.status_code == 404, (method, path, response.status_code)


def test_every_api_write_by_a_role_without_the_right_is_forbidden(client, volunteer_a, objects):
    token = create_token(volunteer_a, "matrix")
    for path, method, operation, root in api_operations():
        if method not in WRITE_METHODS and not path.startswith("/api/v1/people"):
            continue
        body = request_body(operation, root, objects)
        response = call_api(client, method, fill_api(path, objects), body, token)
        assert response.status_code == 403, (method, path, response.status_code)


def test_every_api_write_by_the_county_viewer_is_forbidden(client, county_viewer, objects):
    token = create_token(county_viewer, "matrix")
    for path, method, operation, root in api_operations():
        if method not in WRITE_METHODS or operation.get("x-sanwei-read"):
            continue
        body = request_body(operation, root, objects)
        response = call_api(client, method, fill_api(path, objects), body, token)
        assert response.status_code == 403, (method, path, response.status_code)


def test_the_searches_sent_as_posts_are_reads_the_county_viewer_may_make(
    client, county_viewer, objects
):
    """The operations marked x-sanwei-read (a search with its filters in the body) are the
    only POSTs the county viewer is answered; a volunteer is refused them (above)."""
    token = create_token(county_viewer, "matrix")
    reads = [
        (method, path)
        for path, method, operation, root in api_operations()
        if operation.get("x-sanwei-read")
    ]
    assert reads == [("post", "/api/v1/people/search")]
    response = call_api(client, "post", "/api/v1/people/search", "{}", token)
    assert response.status_code == 200


def test_session_writes_to_the_api_need_the_csrf_token(objects, secretary_b, town_admin):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(town_admin)
    response = client.post(
        "/api/v1/people/", data=json.dumps({"name": "x"}), content_type="application/json"
    )
    assert response.status_code in (401, 403)
