"""The demo town has the shape of the seed: villages, people, teams, campaign, activities."""

from collections import Counter

import pytest
from django.db.models import Count, Q
from django_scopes import scopes_disabled

from sanwei.activities.defaults import DEFAULT_ACTIVITY_TYPES
from sanwei.activities.models import Activity, Attendance, AttendanceRole, Campaign, Pillar
from sanwei.demo.builder import CAMPAIGN_NAME, REFERENCE_DATE
from sanwei.people.models import Household, IdConflict, LecturerCategory, Person, RelationToHead
from sanwei.people.services import ANONYMISED_NAME
from sanwei.people.validation import parse_id_number
from sanwei.regions.models import Region, RegionLevel
from sanwei.teams.models import MemberRole, Membership, Team, TeamKind


@pytest.fixture(autouse=True)
def _unscoped():
    with scopes_disabled():
        yield


def test_region_tree_has_16_demo_villages_under_the_town(demo):
    town = Region.unscoped.get(code="430821104000")
    villages = Region.unscoped.filter(parent=town, level=RegionLevel.VILLAGE)

    assert town.name == "东岳观镇"
    assert town.full_name == "湖南省张家界市慈利县东岳观镇"
    assert villages.count() == 16 == demo.villages
    assert not Region.unscoped.filter(is_demo=False).exists()
    # every village has households and residents, registered in its 组
    for village in villages:
        assert Person.unscoped.filter(region__parent=village).exists(), village.name
        assert Household.unscoped.filter(region__parent=village).exists(), village.name
    assert not Person.unscoped.exclude(region__level=RegionLevel.GROUP).exists()


def test_summary_counts_match_the_database(demo):
    assert demo.persons == Person.unscoped.count()
    assert demo.households == Household.unscoped.count()
    assert demo.activities == Activity.unscoped.count()
    assert demo.attendances == Attendance.unscoped.count()
    assert demo.memberships == Membership.unscoped.count()
    assert demo.teams == Team.unscoped.count() == 16 + 1 + 1 + 16
    assert demo.party_members == Person.unscoped.party_members().count()


def test_every_id_number_is_valid_unique_and_agrees_with_the_person(demo):
    numbers = []
    # One erased on request; one registered twice (the demo's ID conflict, stored unhashed).
    conflicted = IdConflict.unscoped.values_list("person_id", flat=True)
    registered = Person.unscoped.exclude(name=ANONYMISED_NAME).exclude(pk__in=conflicted)
    for person in registered:
        info = parse_id_number(person.id_number)
        assert info.region_code == "430821"
        assert info.birth_date == person.birth_date
        assert info.gender == person.gender
        numbers.append(info.number)
    assert len(numbers) == (
        demo.persons - demo.pillars["依申请匿名化的群众"] - demo.pillars["身份证号冲突"]
    )
    assert len(numbers) > 300
    assert len(set(numbers)) == len(numbers)
    hashes = registered.values_list("id_number_hash", flat=True)
    assert None not in hashes and len(set(hashes)) == len(numbers)


def test_every_household_has_exactly_one_head(demo):
    heads = Household.unscoped.annotate(
        heads=Count("members", filter=Q(members__relation_to_head=RelationToHead.HEAD)),
        size=Count("members"),
    )
    assert {h.heads for h in heads} == {1}
    assert not Person.unscoped.filter(household__isnull=True).exists()
    # members live in their household's village
    assert not Person.unscoped.exclude(region=models_f("household__region")).exists()
    mean_size = sum(h.size for h in heads) / len(heads)
    assert 2.6 <= mean_size <= 4.2


def models_f(name):
    from django.db.models import F

    return F(name)


def test_shares_of_elderly_party_members_and_tujia_are_plausible(demo):
    people = Person.unscoped.exclude(name=ANONYMISED_NAME)  # as generated
    total = people.count()
    elderly = people.elderly(REFERENCE_DATE).count()
    party = people.party_members()

    assert 0.15 <= elderly / total <= 0.38
    # ~5% at full scale; a small town keeps its 32 secretaries and cadres, so a bit more
    assert 0.03 <= party.count() / total <= 0.14
    assert party.filter(gender="M").count() > party.filter(gender="F").count()
    assert party.filter(party_status="probationary").exists()
    assert not party.filter(party_joined_on__isnull=True).exists()
    for person in party.select_related("region__parent"):  # region: the village's 组
        assert person.party_branch == f"{person.region.parent.name}党支部"
        assert person.party_joined_on > person.birth_date.replace(year=person.birth_date.year + 17)
    ethnicities = Counter(people.values_list("ethnicity", flat=True))
    assert set(ethnicities) <= {"汉族", "土家族", "白族"}
    assert 0.25 <= ethnicities["土家族"] / total <= 0.55
    adults_with_phone = (
        people.filter(birth_date__lte="2004-10-25").exclude(phone_encrypted="").count()
    )
    assert adults_with_phone / people.filter(birth_date__lte="2004-10-25").count() > 0.6
    assert not people.filter(birth_date__gt="2006-10-25").exclude(phone_encrypted="").exists()
    assert people.filter(is_migrant=True).exclude(migrant_destination="").exists()
    assert not people.filter(is_migrant=True, migrant_destination="").exists()
    assert people.filter(is_frail=True).exists()
    assert people.filter(is_mobility_impaired=True).exists()


def test_lecturers_of_all_seven_kinds_and_one_secretary_per_village(demo):
    kinds = set(
        Person.unscoped.exclude(lecturer_category="").values_list("lecturer_category", flat=True)
    )
    assert kinds == {c.value for c in LecturerCategory if c.value}
    secretaries = Person.unscoped.filter(lecturer_category=LecturerCategory.VILLAGE_SECRETARY)
    assert secretaries.values("region").distinct().count() == 16 == secretaries.count()
    assert not secretaries.filter(party_status="").exists()


def test_teams_lecture_teams_and_the_volunteer_brand(demo):
    town = Region.unscoped.get(code="430821104000")
    lecture = Team.unscoped.filter(kind=TeamKind.LECTURE)
    assert lecture.count() == 16
    assert lecture.values("region").distinct().count() == 16
    for team in lecture:
        members = team.memberships.select_related("person")
        assert members.filter(role=MemberRole.LEADER).count() == 1
        assert all(m.person.lecturer_category for m in members)
        assert all(m.person.region.parent_id == team.region_id for m in members)  # 组 → 村

    brand = Team.unscoped.get(kind=TeamKind.VOLUNTEER_BRAND)
    squadron = Team.unscoped.get(kind=TeamKind.SQUADRON)
    squads = Team.unscoped.filter(kind=TeamKind.SQUAD)
    assert brand.name == "星火志愿服务队" and brand.region == town
    assert squadron.parent == brand and squadron.region == town
    assert squadron.memberships.count() == 16
    assert squads.count() == 16
    assert set(squads.values_list("parent", flat=True)) == {squadron.pk}
    assert squads.annotate(n=Count("memberships")).filter(n__lt=3).count() == 0


def test_the_campaign_and_activities_of_every_pillar(demo):
    campaign = Campaign.unscoped.get()
    assert campaign.name == CAMPAIGN_NAME
    assert (campaign.starts_on.isoformat(), campaign.ends_on.isoformat()) == (
        "2022-10-25",
        "2023-03-31",
    )
    assert campaign.region.code == "430821104000"

    activities = Activity.unscoped.filter(campaign=campaign)
    used = set(activities.values_list("activity_type__code", flat=True))
    assert used == {t["code"] for t in DEFAULT_ACTIVITY_TYPES}
    assert set(activities.values_list("activity_type__pillar", flat=True)) == set(Pillar.values)
    for activity in activities:
        assert campaign.starts_on <= activity.starts_at.date() <= campaign.ends_on
        assert activity.ends_at > activity.starts_at
        assert activity.region.path.startswith("430821104")
    assert activities.filter(
        activity_type__code="mobile_lecture", organising_team__kind=TeamKind.LECTURE
    ).exists()


def test_deliveries_reach_distinct_hard_to_reach_party_members_one_each_by_a_lecturer(demo):
    deliveries = Activity.unscoped.filter(activity_type__is_delivery=True)
    assert deliveries.exists()
    reached = []
    assert Attendance.unscoped.filter(
        activity__in=deliveries, role=AttendanceRole.LECTURER
    ).exists()
    for activity in deliveries:
        attendances = list(activity.attendances.select_related("person"))
        audience = [a for a in attendances if a.role == AttendanceRole.AUDIENCE]
        lecturers = [a for a in attendances if a.role == AttendanceRole.LECTURER]
        assert len(audience) == 1
        assert len(lecturers) <= 1 and len(attendances) == len(audience) + len(lecturers)
        person = audience[0].person
        if lecturers:  # the deliverer is the village's secretary, recorded as lecturer
            assert lecturers[0].person.cadre_post
            assert lecturers[0].person.region.path.startswith(activity.region.path)
        assert person.region.parent_id == activity.region_id  # the person's 组 is in it
        assert (
            person.age >= 60 or person.is_frail or person.is_mobility_impaired or person.is_migrant
        )
        reached.append(person.pk)
    assert len(set(reached)) == len(reached)
    # party members first: at full scale all 92 are party members
    assert Person.unscoped.filter(pk__in=reached, party_status="").count() < len(reached)


def test_volunteers_serve_with_hours_and_attendance_is_unique(demo):
    service = Attendance.unscoped.filter(activity__activity_type__code="volunteer_service")
    assert service.exists()
    assert set(service.values_list("role", flat=True)) == {AttendanceRole.VOLUNTEER}
    assert not service.filter(hours__lte=0).exists()
    duplicates = (
        Attendance.unscoped.values("activity", "person", "role")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    assert not duplicates.exists()
    assert demo.audience_person_times == Attendance.unscoped.filter(
        role=AttendanceRole.AUDIENCE
    ).count() + sum(Activity.unscoped.values_list("audience_headcount", flat=True))
