"""Pages for fast recording, phone first: tick from the roster (htmx filters, "load more",
全户), import a typed-up sign-in sheet (preview, then commit), print a blank or
pre-filled sign-in sheet (PDF, xlsx).

Thin: fetch the activity through the scoped manager (another region's is a 404), check
RECORD_ATTENDANCE (a 403), call `services`; every write ends in the one attendance writer.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from sanwei.accounts.permissions import RECORD_ATTENDANCE, VIEW_PEOPLE, can, require
from sanwei.activities.models import Activity, AttendanceRole
from sanwei.core.errors import ServiceError
from sanwei.core.pdf import pdf_response
from sanwei.core.uploads import format_size, too_large, upload_limit
from sanwei.core.viewkit import is_search_post
from sanwei.people.models import Household, Person, RelationToHead
from sanwei.people.privacy import masked_phone

from . import services, sheets

PAGE_SIZE = 50


def _activity_or_404(activity_pk: int) -> Activity:
    return get_object_or_404(
        Activity.objects.select_related("campaign", "region", "organising_team"), pk=activity_pk
    )


def _activity_for_recording(request: HttpRequest, activity_pk: int) -> Activity:
    activity = _activity_or_404(activity_pk)
    require(request.user, RECORD_ATTENDANCE, activity.region)
    return activity


def _int(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**63 else None


# --------------------------------------------------------------------------- the roster


def _role(data) -> str:
    role = data.get("role") or AttendanceRole.AUDIENCE
    return role if role in AttendanceRole.values else AttendanceRole.AUDIENCE


def _filters(request: HttpRequest, activity: Activity, data) -> dict:
    areas = services.area_choices(activity)
    area_pk = _int(data.get("area"))
    area = next((a for a in areas if a.pk == area_pk), None)
    household = None
    household_pk = _int(data.get("household"))
    if household_pk:
        household = Household.objects.filter(pk=household_pk).first()
    return {
        "q": (data.get("q") or "").strip()[:50],
        "areas": areas,
        "area": area,
        "household": household,
        "role": _role(data),
    }


def _rows(activity: Activity, people: list[Person], role: str, ticked: set[int]) -> list[dict]:
    recorded = services.recorded_ids(activity, role, [p.pk for p in people])
    households = {p.household_id for p in people if p.household_id}
    heads = dict(
        Person.objects.filter(
            household_id__in=households, relation_to_head=RelationToHead.HEAD
        ).values_list("household_id", "name")
    )
    rows, previous = [], None
    for person in people:
        rows.append(
            {
                "person": person,
                "phone": masked_phone(person),
                "recorded": person.pk in recorded,
                "ticked": person.pk in ticked,
                "household_label": (
                    _("%(name)s户") % {"name": heads[person.household_id]}
                    if person.household_id in heads
                    else (person.household.number if person.household_id else "")
                ),
                "first_of_household": person.household_id is not None
                and person.household_id != previous,
            }
        )
        previous = person.household_id
    return rows


def _roster_context(request: HttpRequest, activity: Activity, data, **extra) -> dict:
    filters = _filters(request, activity, data)
    page = _int(data.get("page")) or 1
    people_qs = services.roster_people(
        activity,
        user=request.user,
        query=filters["q"],
        area=filters["area"],
        household=filters["household"],
    )
    offset = (page - 1) * PAGE_SIZE
    people = list(people_qs[offset : offset + PAGE_SIZE + 1])
    more = len(people) > PAGE_SIZE
    people = people[:PAGE_SIZE]
    ticked = {pk for pk in map(_int, data.getlist("person")) if pk}
    shown = {p.pk for p in people}
    return {
        "activity": activity,
        **filters,
        "roles": AttendanceRole.choices,
        "rows": _rows(activity, people, filters["role"], ticked),
        "kept": sorted(ticked - shown),
        "page": page,
        "next_page": page + 1 if more else None,
        "total": people_qs.count() if page == 1 else None,
        **extra,
    }


def _recorded_notice(created: int, already: int) -> str:
    notice = _("已登记 %(n)s 人") % {"n": created}
    if already:
        notice += _("，%(n)s 人此前已登记") % {"n": already}
    return notice


@login_required
@require_http_methods(["GET", "POST"])
def roster(request: HttpRequest, activity_pk: int) -> HttpResponse:
    """The roster, filtered (htmx: only the results, or only the next rows): a GET, or a
    POST of the form with `search` (the page's own filters: the search typed stays out of
    the URL; `?page=` may come in the URL). Any other POST records the ticked people in
    one batch."""
    activity = _activity_for_recording(request, activity_pk)
    if request.method == "GET" or is_search_post(request):
        data = request.GET
        if request.method == "POST":
            data = request.POST.copy()
            if "page" in request.GET and "page" not in data:
                data["page"] = request.GET["page"]
        context = _roster_context(request, activity, data)
        target = request.htmx.target if request.htmx else None
        if target == "roster-more":
            return render(request, "recording/_roster_rows.html", context)
        if target == "roster-results":
            return render(request, "recording/_roster_results.html", context)
        return render(request, "recording/roster.html", context)

    ids = [pk for pk in map(_int, request.POST.getlist("person")) if pk]
    notice = error = None
    if not ids:
        error = _("请先勾选要登记的群众")
    else:
        try:
            created, already = services.record_ticked(
                activity, ids, _role(request.POST), user=request.user
            )
        except ServiceError as e:
            error = e.message
        else:
            notice = _recorded_notice(created, already)
    return _after_write(request, activity, notice, error)


def _after_write(request: HttpRequest, activity: Activity, notice, error) -> HttpResponse:
    if request.htmx:
        data = request.POST.copy()
        data.setlist("person", [])  # recorded now (or refused): start afresh
        data["page"] = "1"
        context = _roster_context(request, activity, data, notice=notice, error=error)
        return render(request, "recording/_roster.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, notice)
    # The search typed is not put back into the URL (it may hold phone digits).
    query = urlencode(
        {k: request.POST.get(k) for k in ("area", "household", "role") if request.POST.get(k)}
    )
    return redirect(
        reverse("recording:roster", args=[activity.pk]) + (f"?{query}" if query else "")
    )


@login_required
@require_POST
def roster_household(request: HttpRequest, activity_pk: int) -> HttpResponse:
    """全户: record every member of one household."""
    activity = _activity_for_recording(request, activity_pk)
    household = get_object_or_404(Household.objects, pk=_int(request.POST.get("whole_household")))
    notice = error = None
    try:
        created, already = services.record_household(
            activity, household, _role(request.POST), user=request.user
        )
    except ServiceError as e:
        error = e.message
    else:
        notice = _recorded_notice(created, already)
    return _after_write(request, activity, notice, error)


# --------------------------------------------------------------------------- print a sheet


def _may_prefill(request: HttpRequest, activity: Activity) -> bool:
    return can(request.user, VIEW_PEOPLE, services.roster_region(activity))


@login_required
@require_safe
def sheet(request: HttpRequest, activity_pk: int) -> HttpResponse:
    activity = _activity_for_recording(request, activity_pk)
    return render(
        request,
        "recording/sheet.html",
        {
            "activity": activity,
            "may_prefill": _may_prefill(request, activity),
            "default_rows": sheets.DEFAULT_BLANK_ROWS,
            "max_rows": sheets.MAX_BLANK_ROWS,
        },
    )


@login_required
@require_safe
def sheet_download(request: HttpRequest, activity_pk: int) -> HttpResponse:
    """?format=pdf|xlsx&prefill=1&rows=N (blank rows, after any pre-filled names)."""
    activity = _activity_for_recording(request, activity_pk)
    prefill = request.GET.get("prefill") in ("1", "on", "true")
    if prefill:
        require(request.user, VIEW_PEOPLE, services.roster_region(activity))
    rows = request.GET.get("rows")
    blank = _int(rows) if rows not in (None, "", "0") else 0
    if rows is None:
        blank = 5 if prefill else sheets.DEFAULT_BLANK_ROWS
    lines = sheets.sheet_lines(activity, prefill=prefill, blank_rows=blank or 0)
    if not lines:
        lines = sheets.sheet_lines(activity, prefill=False, blank_rows=sheets.DEFAULT_BLANK_ROWS)
    name = f"{activity.title}-{_('签到表')}"
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            sheets.render_sheet_xlsx(activity, lines),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = content_disposition_header(True, f"{name}.xlsx")
        return response
    return pdf_response(sheets.render_sheet_pdf(activity, lines), f"{name}.pdf")


# --------------------------------------------------------------------------- import a sheet


@login_required
@require_http_methods(["GET", "POST"])
@upload_limit(services.SHEET_LIMIT_SETTING)
def sheet_import(request: HttpRequest, activity_pk: int) -> HttpResponse:
    """GET: the upload form. POST: the preview (nothing written yet)."""
    activity = _activity_for_recording(request, activity_pk)
    limit = getattr(settings, services.SHEET_LIMIT_SETTING)
    context = {"activity": activity, "max_upload": format_size(limit)}
    if request.method == "POST":
        upload = request.FILES.get("file")
        if too_large(request):
            context["error"] = services.sheet_too_large().message
        elif upload is None:
            context["error"] = _("请选择要导入的签到表文件")
        else:
            try:
                preview = services.preview_sheet(activity, upload, upload.name, user=request.user)
            except ServiceError as e:
                context["error"] = e.message
            else:
                return render(
                    request,
                    "recording/sheet_preview.html",
                    {
                        "activity": activity,
                        "preview": preview,
                        "filename": upload.name,
                    },
                )
        return render(request, "recording/sheet_import.html", context, status=400)
    return render(request, "recording/sheet_import.html", context)


@login_required
@require_POST
def sheet_commit(request: HttpRequest, activity_pk: int) -> HttpResponse:
    activity = _activity_for_recording(request, activity_pk)
    picks = {}
    for key, value in request.POST.items():
        if key.startswith("pick-") and (line := _int(key[5:])) and (pk := _int(value)):
            picks[line] = pk
    try:
        created, already = services.commit_sheet(
            activity, request.POST.get("token", ""), picks, user=request.user
        )
    except ServiceError as e:
        messages.error(request, e.message)
        return redirect("recording:sheet_import", activity.pk)
    messages.success(request, _recorded_notice(created, already))
    return redirect(reverse("activities:activity_detail", args=[activity.pk]) + "#attendance")
