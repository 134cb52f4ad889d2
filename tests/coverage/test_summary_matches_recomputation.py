"""The coverage summary tables equal a full recomputation after random writes through every
write path: the attendance services (one and many, removal), QR check-in, 送学 deliveries,
activity edits (campaign, type, region, main session) and deletion, person edits (region,
household, party), persons added, anonymised and erased, a roster import (new persons and
moved ones: COPY and a many-row update on PostgreSQL), a type's pillar changed, and raw
queryset updates and deletes that bypass every service (attendance, activity, a person, a
whole household moved or dissolved in one statement, a region's code).

After each step `summary.drift()` must be all zeros, the engine's figures read from the
summary must equal those it counts from the attendance itself (a period with no bounds
takes that path), and so must the activity figures per type (`coverage.audience`, from the
summary, against `activities.figures`, from the attendance). Without one of the triggers the
same random writes drift: the check can fail."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from sanwei.accounts.models import Role
from sanwei.activities import figures as activity_figures
from sanwei.activities import services as activities
from sanwei.activities.models import Activity, ActivityType, Attendance, AttendanceRole, Pillar
from sanwei.checkin import services as checkin
from sanwei.core.errors import ServiceError
from sanwei.coverage import audience, engine, summary
from sanwei.coverage.models import ActivityAudience, CampaignReach, TypeAudience
from sanwei.outreach import services as outreach
from sanwei.people import services as people
from sanwei.people.models import PartyStatus, Person
from sanwei.regions.models import Region, RegionLevel

from ..factories import (
    ActivityFactory,
    CampaignFactory,
    HouseholdFactory,
    PersonFactory,
    RegionFactory,
    default_activity_type,
    user_with_role,
)
from ..imports.conftest import id_number, import_file, write_xlsx

CLEAN = {
    "reach_missing": 0,
    "reach_extra": 0,
    "audience_missing": 0,
    "audience_extra": 0,
    "type_audience_missing": 0,
    "type_audience_extra": 0,
    "type_counts_missing": 0,
    "type_counts_extra": 0,
    "region_counts_missing": 0,
    "region_counts_extra": 0,
    "household_counts_missing": 0,
    "household_counts_extra": 0,
}


def figures(result: engine.RegionCoverage) -> list:
    rows = []
    for node in [result, *result.children]:
        rows.append(
            (
                node.code,
                node.persons.reached,
                node.persons.total,
                node.party_members.reached,
                node.party_members.total,
                node.households.reached,
                node.households.total,
                node.audience_person_times,
            )
        )
    return rows


@pytest.fixture
def world(tree, tmp_path):
    town, a, b = tree["town"], tree["village_a"], tree["village_b"]
    groups = [
        RegionFactory(code=f"43082110420100{i}", name=f"{i}组", level=RegionLevel.GROUP, parent=a)
        for i in (1, 2)
    ]
    places = [*groups, b]
    admin = user_with_role(Role.TOWN_ADMIN, town)
    campaigns = [CampaignFactory(region=town), CampaignFactory(region=town, name="第二个专题")]
    lecture = default_activity_type("mobile_lecture")
    meeting = default_activity_type("courtyard_meeting")
    homes = [HouseholdFactory(region=places[i % 3]) for i in range(6)]
    persons = []
    for i in range(24):
        home = homes[i % 6] if i % 5 else None
        persons.append(
            PersonFactory(
                name=f"群众{i:02d}",
                region=home.region if home else places[i % 3],
                household=home,
                relation_to_head="head" if home and i < 6 else ("child" if home else ""),
                party_status=PartyStatus.FORMAL if i % 4 == 0 else PartyStatus.NONE,
                phone=f"139{i:08d}",
            )
        )
    starts = dt.datetime(2022, 11, 1, 9, tzinfo=dt.UTC)
    acts = [
        ActivityFactory(
            campaign=campaigns[i % 2],
            region=places[i % 3],
            activity_type=lecture if i % 3 else meeting,
            starts_at=starts + dt.timedelta(days=i),
            audience_headcount=i,
        )
        for i in range(8)
    ]
    return {
        "town": town,
        "village_a": a,
        "places": places,
        "admin": admin,
        "campaigns": campaigns,
        "types": [lecture, meeting],
        "homes": homes,
        "persons": persons,
        "activities": acts,
        "files": tmp_path,
        "imports": [],  # the (name, ID number) of each person imported so far
    }


def assert_summary_true(world) -> None:
    assert summary.drift() == CLEAN
    for campaign in world["campaigns"]:
        stored = engine.coverage(campaign, world["town"], depth=1)
        counted = engine.coverage(campaign, world["town"], period=engine.Period(), depth=1)
        assert figures(stored) == figures(counted)
    assert activity_figures_agree(world)


def activity_figures_agree(world) -> bool:
    """The activity figures per type from the summary equal those counted from the
    attendance, for each campaign and all of them, for the town and for village A."""
    town = Region.unscoped.get(pk=world["town"].pk)
    village = Region.unscoped.get(pk=world["village_a"].pk)
    for region in (town, village):
        for campaign in [*world["campaigns"], None]:
            stored = audience.activity_counts(region, campaign=campaign)
            counted = activity_figures.activity_counts(region, campaign=campaign)
            if stored != counted:
                return False
    return True


def random_step(rng: random.Random, world) -> str:
    admin = world["admin"]
    persons = Person.unscoped.filter(pk__in=[p.pk for p in world["persons"]])
    persons = list(persons.select_related("region", "household"))
    acts = list(Activity.unscoped.filter(pk__in=[a.pk for a in world["activities"]]))
    attendances = list(Attendance.unscoped.filter(activity__in=acts))
    op = rng.choice(
        [
            "record", "record", "record", "record_many", "remove", "checkin", "delivery",
            "activity_campaign", "activity_type", "activity_delete", "person_region",
            "person_party", "person_household", "type_pillar", "raw_person", "raw_move",
            "raw_delete", "activity_region", "sub_venue", "raw_activity", "raw_region_code",
            "person_new", "person_erase", "person_anonymise", "import", "raw_household_move",
            "raw_household_gone",
        ]
    )  # fmt: skip
    person = rng.choice(persons)
    if op == "record" and acts:
        role = rng.choice([AttendanceRole.AUDIENCE, AttendanceRole.AUDIENCE, "lecturer"])
        activities.record_attendance(rng.choice(acts), person, role=role, user=admin)
    elif op == "record_many" and acts:
        activities.record_attendances(rng.choice(acts), rng.sample(persons, 5), user=admin)
    elif op == "remove" and attendances:
        activities.remove_attendance(rng.choice(attendances), user=admin)
    elif op == "checkin" and acts:
        activity = rng.choice(acts)
        checkin.check_in(activity, name=person.name, phone=person.phone, now=activity.starts_at)
    elif op == "delivery":
        outreach.record_delivery(
            rng.choice(world["campaigns"]), person, method="in_person", user=admin
        )
    elif op == "activity_campaign" and acts:
        activity = rng.choice(acts)
        activity.campaign = rng.choice(world["campaigns"])
        activities.save_activity(activity, user=admin)
    elif op == "activity_type" and acts:
        activity = rng.choice(acts)
        activity.activity_type = rng.choice(world["types"])
        activities.save_activity(activity, user=admin)
    elif op == "activity_delete" and len(acts) > 3:
        activities.delete_activity(rng.choice(acts), user=admin)
    elif op == "person_region":
        person.household = None
        person.relation_to_head = ""
        person.region = rng.choice(world["places"])
        people.save_person(person, user=admin)
    elif op == "person_party":
        person.party_status = rng.choice([PartyStatus.FORMAL, PartyStatus.NONE])
        person.party_joined_on = None
        people.save_person(person, user=admin)
    elif op == "person_household":
        home = rng.choice(world["homes"])
        person.household, person.region, person.relation_to_head = home, home.region, "child"
        people.save_person(person, user=admin)
    elif op == "type_pillar":
        kind = ActivityType.objects.get(pk=world["types"][0].pk)
        kind.pillar = Pillar.SEMINAR if kind.pillar == Pillar.CLASSROOM else Pillar.CLASSROOM
        activities.save_activity_type(kind, user=admin)
    elif op == "raw_person":
        # A head keeps no household (one head per household): only the region moves.
        home = None if person.relation_to_head == "head" else rng.choice([None, *world["homes"]])
        Person.unscoped.filter(pk=person.pk).update(
            region=rng.choice(world["places"]), household=home
        )
    elif op == "raw_move" and attendances:
        # A merge-like move of one attendance to another person (skips a duplicate).
        row = rng.choice(attendances)
        target = rng.choice(persons)
        if not Attendance.unscoped.filter(
            activity_id=row.activity_id, person=target, role=row.role
        ).exists():
            Attendance.unscoped.filter(pk=row.pk).update(person=target)
    elif op == "raw_delete" and acts:
        Attendance.unscoped.filter(activity=rng.choice(acts), person__in=persons[:8]).delete()
    elif op == "activity_region" and acts:
        activity = rng.choice(acts)
        activity.region = rng.choice(world["places"])
        activities.save_activity(activity, user=admin)
    elif op == "sub_venue" and len(acts) > 1:
        # Attach an activity to a main session of its campaign (its session type becomes
        # the main session's), or detach a sub-venue.
        activity, main = rng.sample(acts, 2)
        if activity.main_session_id is not None:
            activity.main_session = None
        else:
            activity.main_session = main
            activity.campaign = main.campaign
        activities.save_activity(activity, user=admin)
    elif op == "raw_activity" and acts:
        Activity.unscoped.filter(pk=rng.choice(acts).pk).update(
            activity_type=rng.choice(world["types"]), region=rng.choice(world["places"])
        )
    elif op == "raw_region_code":
        # A 组's code corrected behind every service: its path moves it to the other village.
        group = Region.unscoped.get(pk=rng.choice(world["places"][:2]).pk)
        code = group.code[:11] + ("2" if group.code[11] == "1" else "1") + group.code[12:]
        Region.unscoped.filter(pk=group.pk).update(code=code, path=code)
    elif op == "person_new":
        home = rng.choice([None, *world["homes"]])
        new = Person(
            name=f"新人{rng.randrange(1000):03d}",
            region=home.region if home else rng.choice(world["places"]),
            household=home,
            relation_to_head="child" if home else "",
            party_status=rng.choice([PartyStatus.FORMAL, PartyStatus.NONE]),
        )
        people.save_person(new, user=admin)
        world["persons"].append(new)
    elif op == "person_erase":
        # Refused while other records name them (a part other than audience, a delivery).
        people.erase_person(person, user=admin)
    elif op == "person_anonymise":
        people.anonymise_person(person, user=admin)
    elif op == "import":
        import_roster(rng, world)
    elif op == "raw_household_move":
        # Every member of a household moved in one statement.
        Person.unscoped.filter(household=rng.choice(world["homes"])).update(
            region=rng.choice(world["places"])
        )
    elif op == "raw_household_gone":
        # A household's members all leave it in one statement (as deleting it would).
        home = rng.choice(world["homes"])
        Person.unscoped.filter(household=home).update(household=None, relation_to_head="")
    return op


VILLAGES = ["东岳观村", "双岗村"]


def import_roster(rng: random.Random, world) -> None:
    """A roster of the town: two new persons of one household, and everyone imported before
    again, each household in a village picked anew (moved ones are updated)."""
    n = len(world["imports"])
    world["imports"] += [
        (f"导入{n:02d}", id_number(dt.date(1960, 1, 1 + n % 28), "M", n + 1)),
        (f"导入{n + 1:02d}", id_number(dt.date(1961, 1, 1 + n % 28), "F", n + 2)),
    ]
    rows = [["姓名", "身份证号", "村（社区）", "户主姓名", "与户主关系", "政治面貌"]]
    village = ""
    for i, (name, number) in enumerate(world["imports"]):
        head = world["imports"][i - i % 2][0]
        if i % 2 == 0:  # a household's two members in one village
            village = rng.choice(VILLAGES)
        rows.append(
            [
                name,
                number,
                village,
                head,
                "户主" if i % 2 == 0 else "配偶",
                rng.choice(["中共党员", "群众"]),
            ]
        )
    path = write_xlsx(world["files"] / f"roster{n}.xlsx", rows)
    import_file(path, world["town"], world["admin"])


def test_random_writes_through_every_path_leave_the_summary_equal_to_a_recomputation(world):
    rng = random.Random(20221120)
    done: dict[str, int] = {}
    refused: list[str] = []
    for _ in range(200):
        try:
            op = random_step(rng, world)
            done[op] = done.get(op, 0) + 1
        except ServiceError as e:
            refused.append(e.code)
        assert_summary_true(world)
    # Every path ran at least once, and the summary is not trivially empty.
    assert len(done) == 25, (" ".join(sorted(done)), sorted(set(refused)))
    assert CampaignReach.objects.count() > 0
    assert ActivityAudience.objects.filter(named__gt=0).count() > 0
    assert TypeAudience.objects.count() > 0


@pytest.mark.parametrize(
    "trigger",
    [
        "sanwei_act_type_aud",
        "sanwei_typeaud_del",
        "sanwei_region_path",
        "sanwei_person_count_upd",
        "sanwei_reach_count_del",
    ],
)
def test_without_one_trigger_the_same_random_writes_drift(world, trigger):
    """The control: the check above fails when one trigger is missing (dropped inside the
    test's transaction)."""
    dropped = tuple(t for t in summary.TRIGGERS if t.name == trigger)
    with connection.cursor() as cursor:
        for statement in summary.drop_statements(connection.vendor, dropped):
            cursor.execute(statement)
    rng = random.Random(20221120)
    for _step in range(200):
        try:
            random_step(rng, world)
        except ServiceError:
            pass
        if summary.drift() != CLEAN or not activity_figures_agree(world):
            break
    else:
        pytest.fail(f"200 random writes without {trigger} left the summary true")


def test_a_person_reached_at_a_main_session_and_its_sub_venue_has_one_reach_row(world):
    main = world["activities"][1]  # a lecture of the first campaign... by construction
    sub = ActivityFactory(
        campaign=main.campaign,
        region=main.region,
        activity_type=main.activity_type,
        main_session=main,
        starts_at=main.starts_at,
    )
    person = world["persons"][0]
    activities.record_attendance(main, person, user=world["admin"])
    activities.record_attendance(sub, person, user=world["admin"])
    assert CampaignReach.objects.filter(campaign=main.campaign, person=person).count() == 1
    activities.remove_attendance(
        Attendance.unscoped.get(activity=main, person=person), user=world["admin"]
    )
    assert CampaignReach.objects.filter(campaign=main.campaign, person=person).count() == 1
    activities.remove_attendance(
        Attendance.unscoped.get(activity=sub, person=person), user=world["admin"]
    )
    assert CampaignReach.objects.filter(campaign=main.campaign, person=person).count() == 0
    assert summary.drift() == CLEAN


def test_rebuild_coverage_repairs_a_summary_changed_behind_its_back(world, capsys):
    for person in world["persons"][:6]:
        activities.record_attendance(world["activities"][1], person, user=world["admin"])
    assert CampaignReach.objects.count() == 6
    CampaignReach.objects.filter(person=world["persons"][0]).delete()
    ActivityAudience.objects.update(named=99)

    assert summary.drift() == {
        **CLEAN,
        "reach_missing": 1,
        "audience_missing": 1,
        "audience_extra": 1,
    }
    with pytest.raises(CommandError):
        call_command("rebuild_coverage", "--check")
    assert "reach_missing: 1" in capsys.readouterr().out
    assert summary.drift() != CLEAN  # --check only reports

    call_command("rebuild_coverage")
    assert summary.drift() == CLEAN
    assert CampaignReach.objects.count() == 6
    assert ActivityAudience.objects.get(activity=world["activities"][1]).named == 6
