"""Nothing a user without people.view_sensitive is shown rebuilds an ID number or a phone.

The attack of issue 6: gather everything a team leader (or the county viewer) can see of one
resident — the person page, the list, the household page, the API, a masked export — and
count, by brute force, the valid GB 11643 ID numbers consistent with all of it: the county
code (digits 1-6, known from the village code), the visible digits of every mask, the age or
birth date wherever shown, the gender and the check character. Before the fix the birth
date and the last four characters were shown: one candidate. Now the mask keeps the first 3
digits and only the age is shown: 365 (or 366) birth dates × 500 sequence numbers of the
gender = at least 182,500 candidates (see sanwei.people.privacy). The masked phone leaves
its 4 middle digits, 10,000 candidates, and the search answers a guessed fifth digit the
same whatever it is.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from sanwei.accounts.models import Role
from sanwei.people.validation import id_check_digit

from ..factories import HouseholdFactory, PersonFactory, make_id_number, user_with_role

BIRTH = dt.date(1975, 3, 9)
NUMBER = make_id_number(birth=BIRTH, gender="F")
PHONE = "13800001234"
COUNTY = "430821"  # the first six digits of the village code 430821104201
ENOUGH = 10_000

ID_MASK_RE = re.compile(r"(?<![\d*])\d{3}[\d*]{14}[\dX*](?![\d*X])")
PHONE_MASK_RE = re.compile(r"(?<![\d*])1\d{2}[\d*]{4}\d{4}(?![\d*])")
DATE_RE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})")
AGE_RES = (  # the age on the pages, in the tables, the API and the export
    re.compile(r"(\d{1,3})\s*岁(?!及以上)"),
    re.compile(r'data-label="年龄">(\d{1,3})<'),
    re.compile(r'"age": (\d{1,3})'),
)


@pytest.fixture
def resident(tree):
    household = HouseholdFactory(region=tree["village_a"])
    return PersonFactory(
        name="李秀英",
        region=tree["village_a"],
        household=household,
        relation_to_head="head",
        gender="F",
        birth_date=BIRTH,
        id_number=NUMBER,
        phone=PHONE,
    )


@pytest.fixture
def team_leader(tree):
    return user_with_role(Role.TEAM_LEADER, tree["village_a"], username="team_leader")


def _seen(client, api, person) -> str:
    """Everything the user is shown about `person`, as one text."""
    texts = [
        client.get(reverse("people:person_detail", args=[person.pk])).content.decode(),
        client.get(reverse("people:person_list")).content.decode(),
        client.get(reverse("people:household_detail", args=[person.household_id])).content.decode(),
        json.dumps(api.get(f"/api/v1/people/{person.pk}").json(), ensure_ascii=False),
        json.dumps(api.get("/api/v1/people/").json(), ensure_ascii=False),
    ]
    export = client.get("/exports/run/", {"identifier": "persons", "format": "xlsx"})
    assert export.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(export.streaming_content)))
    for row in book.active.iter_rows(values_only=True):
        texts.append(
            " ".join(v.strftime("%Y-%m-%d") if isinstance(v, dt.datetime) else str(v) for v in row)
        )
    return "\n".join(texts)


def _age_on(birth: dt.date, today: dt.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _fits(mask: str, number: str) -> bool:
    return all(m in ("*", c) for m, c in zip(mask, number, strict=True))


def _id_candidates(seen: str, gender: str) -> int:
    """Valid ID numbers of the county consistent with every mask, age and date shown;
    counting stops at ENOUGH."""
    masks = {m for m in ID_MASK_RE.findall(seen) if "*" in m}
    assert masks, "the masked ID number is shown"
    ages = {int(a) for pattern in AGE_RES for a in pattern.findall(seen)}
    assert ages, "the age is shown"
    today = timezone.localdate()
    days = [
        dt.date.fromordinal(n)
        for n in range(dt.date(1900, 1, 1).toordinal(), today.toordinal() + 1)
        if all(_age_on(dt.date.fromordinal(n), today) == age for age in ages)
    ]
    # A date shown that fits the age is taken for the birth date.
    shown = set()
    for y, m, d in DATE_RE.findall(seen):
        try:
            shown.add(dt.date(int(y), int(m), int(d)))
        except ValueError:
            continue
    days = [d for d in days if d in shown] or days
    count = 0
    for day in days:
        body = COUNTY + day.strftime("%Y%m%d")
        if not all(_fits(mask[:14], body) for mask in masks):
            continue
        for seq in range(1 if gender == "M" else 0, 1000, 2):
            first17 = f"{body}{seq:03d}"
            number = first17 + id_check_digit(first17)
            count += all(_fits(mask, number) for mask in masks)
            if count >= ENOUGH:
                return count
    return count


def _phone_candidates(seen: str) -> int:
    masks = set(PHONE_MASK_RE.findall(seen))
    assert masks, "the masked phone is shown"
    hidden = min(m.count("*") for m in masks)
    return 10**hidden


def _guessing_a_fifth_digit_tells_nothing(client, api) -> bool:
    """The search as an oracle: does adding one guessed digit to the four shown answer
    differently for the right guess?"""
    answers = set()
    for digit in "0123456789":
        query = digit + PHONE[-4:]
        page = client.get(reverse("people:person_list"), {"q": query})
        api_names = [p["name"] for p in api.get("/api/v1/people/", {"q": query}).json()["items"]]
        answers.add((tuple(p.name for p in page.context["page_obj"].object_list), tuple(api_names)))
    return len(answers) == 1


@pytest.mark.parametrize("role", ["team_leader", "county_viewer"])
def test_cannot_rebuild_the_id_number_or_the_phone_as(request, login, api_as, resident, role):
    user = request.getfixturevalue(role)
    client, api = login(user), api_as(user)
    seen = _seen(client, api, resident)

    assert NUMBER not in seen and PHONE not in seen
    assert _id_candidates(seen, "F") >= ENOUGH
    assert _phone_candidates(seen) == 10_000
    assert _guessing_a_fifth_digit_tells_nothing(client, api)


def test_secretary_who_may_see_sensitive_data_still_sees_the_birth_date(
    login, api_as, secretary_a, resident
):
    page = login(secretary_a).get(reverse("people:person_detail", args=[resident.pk]))
    assert "1975-03-09" in page.content.decode()
    assert api_as(secretary_a).get(f"/api/v1/people/{resident.pk}").json()["birth_date"] == (
        "1975-03-09"
    )
