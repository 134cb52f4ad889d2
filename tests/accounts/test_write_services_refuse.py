"""Every write service checks its caller itself: called without a permitted user — None,
an anonymous user, a volunteer, the county viewer, a secretary of another village — it
raises NotPermitted and nothing changes, whoever calls it (a page, the API, a task or
the command line all call these same functions).

WRITE_SERVICES is the explicit list; test_permission_guard.py fails when a services
module gains a public function taking `user` that is not listed here (or among the
read-only helpers there)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile

from sanwei.accounts import services as accounts
from sanwei.accounts.models import Role
from sanwei.accounts.permissions import SYSTEM
from sanwei.activities import models as activities_models
from sanwei.activities import services as activities
from sanwei.activities.models import ActivityType
from sanwei.audit import services as audit
from sanwei.checkin import services as checkin
from sanwei.classroom import services as classroom
from sanwei.core.errors import NotPermitted
from sanwei.core.models import ActionLog, RegionOwned
from sanwei.exports import services as exports
from sanwei.imports import services as imports
from sanwei.needs import services as needs
from sanwei.needs.models import NeedCategory
from sanwei.open311 import services as open311
from sanwei.outreach import services as outreach
from sanwei.people import services as people
from sanwei.quantities import services as quantities
from sanwei.recording import services as recording
from sanwei.regions import services as regions
from sanwei.reviews import services as reviews
from sanwei.seminar import services as seminar
from sanwei.study import services as study
from sanwei.teams import services as teams
from sanwei.volunteering import services as volunteering
from sanwei.volunteers import services as volunteers

from ..factories import (
    ActivityFactory,
    AnswerTemplateFactory,
    AttendanceFactory,
    CampaignFactory,
    DeliveryTaskFactory,
    EssayFactory,
    HouseholdFactory,
    MaterialFactory,
    MembershipFactory,
    OpinionFactory,
    PersonFactory,
    PresentationFactory,
    QuantityFactory,
    StudyParticipantFactory,
    StudySeriesFactory,
    StudySessionFactory,
    TeamFactory,
    UnverifiedCheckinFactory,
    VolunteerProfileFactory,
    default_activity_type,
    png_bytes,
    user_with_role,
)

PNG = png_bytes()
ROSTER = "姓名,公民身份号码,与户主关系,户主姓名\r\n张三,430821197001010014,户主,张三\r\n"


@dataclass
class World:
    tree: dict

    @property
    def village(self):
        return self.tree["village_a"]


def _roster() -> io.BytesIO:
    return io.BytesIO(ROSTER.encode("gbk"))


def _job(w: World, *, previewed: bool):
    job = imports.create_job(_roster(), "persons", w.village, user=SYSTEM)
    return imports.preview(job) if previewed else job


def _renamed(obj, **values):
    for name, value in values.items():
        setattr(obj, name, value)
    return obj


# name → a function that builds what the service needs (in village A of the town, or the
# town for town-level records) and returns the call to make with `user`.
WRITE_SERVICES: dict[str, Callable[[World], Callable]] = {}


def case(name: str):
    def register(build: Callable[[World], Callable]) -> Callable[[World], Callable]:
        WRITE_SERVICES[name] = build
        return build

    return register


@case("people.save_person (new)")
def _(w):
    person = PersonFactory.build(region=w.village, name="新人")
    return lambda user: people.save_person(person, user=user)


@case("people.save_person")
def _(w):
    person = _renamed(PersonFactory(region=w.village), name="改名")
    return lambda user: people.save_person(person, user=user)


@case("people.delete_person")
def _(w):
    person = PersonFactory(region=w.village)
    return lambda user: people.delete_person(person, user=user)


@case("people.reveal_field")
def _(w):
    person = PersonFactory(region=w.village, phone="13912345678")
    return lambda user: people.reveal_field(person, "phone", user=user)


@case("people.anonymise_person")
def _(w):
    person = PersonFactory(region=w.village, phone="13912345678")
    return lambda user: people.anonymise_person(person, user=user)


@case("people.erase_person")
def _(w):
    person = PersonFactory(region=w.village)
    return lambda user: people.erase_person(person, user=user)


@case("people.save_household")
def _(w):
    household = _renamed(HouseholdFactory(region=w.village), address="新住址")
    return lambda user: people.save_household(household, user=user)


@case("people.delete_household")
def _(w):
    household = HouseholdFactory(region=w.village)
    return lambda user: people.delete_household(household, user=user)


@case("teams.save_team")
def _(w):
    team = _renamed(TeamFactory(region=w.village), name="改名队")
    return lambda user: teams.save_team(team, user=user)


@case("teams.delete_team")
def _(w):
    team = TeamFactory(region=w.village)
    return lambda user: teams.delete_team(team, user=user)


@case("teams.add_member")
def _(w):
    team, person = TeamFactory(region=w.village), PersonFactory(region=w.village)
    return lambda user: teams.add_member(team, person, user=user)


@case("teams.add_members")
def _(w):
    team, person = TeamFactory(region=w.village), PersonFactory(region=w.village)
    return lambda user: teams.add_members(team, [person], user=user)


@case("teams.end_membership")
def _(w):
    membership = MembershipFactory(team__region=w.village, person__region=w.village)
    return lambda user: teams.end_membership(membership, user=user)


@case("teams.remove_membership")
def _(w):
    membership = MembershipFactory(team__region=w.village, person__region=w.village)
    return lambda user: teams.remove_membership(membership, user=user)


@case("activities.save_campaign")
def _(w):
    campaign = _renamed(CampaignFactory(region=w.tree["town"]), name="改名")
    return lambda user: activities.save_campaign(campaign, user=user)


@case("activities.delete_campaign")
def _(w):
    campaign = CampaignFactory(region=w.tree["town"])
    return lambda user: activities.delete_campaign(campaign, user=user)


@case("activities.save_activity_type")
def _(w):
    activity_type = _renamed(ActivityType.objects.order_by("pk").first(), name="改名")
    return lambda user: activities.save_activity_type(activity_type, user=user)


@case("activities.delete_activity_type")
def _(w):
    activity_type = ActivityType.objects.create(code="probe", name="试用类型", pillar="classroom")
    return lambda user: activities.delete_activity_type(activity_type, user=user)


@case("activities.save_activity")
def _(w):
    activity = ActivityFactory(region=w.village, campaign__region=w.tree["town"])
    activity.title = "改名"
    return lambda user: activities.save_activity(activity, user=user)


@case("activities.delete_activity")
def _(w):
    activity = ActivityFactory(region=w.village)
    return lambda user: activities.delete_activity(activity, user=user)


@case("activities.set_audience_headcount")
def _(w):
    activity = ActivityFactory(region=w.village)
    return lambda user: activities.set_audience_headcount(activity, 30, user=user)


@case("activities.record_attendance")
def _(w):
    activity, person = ActivityFactory(region=w.village), PersonFactory(region=w.village)
    return lambda user: activities.record_attendance(activity, person, user=user)


@case("activities.record_attendances")
def _(w):
    activity = ActivityFactory(region=w.village)
    people_ = [PersonFactory(region=w.village), PersonFactory(region=w.village)]
    return lambda user: activities.record_attendances(activity, people_, user=user)


@case("recording.record_ticked")
def _(w):
    activity, person = ActivityFactory(region=w.village), PersonFactory(region=w.village)
    return lambda user: recording.record_ticked(activity, [person.pk], user=user)


@case("recording.record_household")
def _(w):
    household = HouseholdFactory(region=w.village)
    PersonFactory(region=w.village, household=household, relation_to_head="head")
    activity = ActivityFactory(region=w.village)
    return lambda user: recording.record_household(activity, household, user=user)


@case("recording.commit_sheet")
def _(w):
    activity = ActivityFactory(region=w.village)
    PersonFactory(region=w.village, name="张秀英", phone="13812345678")
    sheet = io.BytesIO("姓名,联系电话\r\n张秀英,13812345678\r\n".encode("gbk"))
    token = recording.preview_sheet(activity, sheet, "签到表.csv", user=SYSTEM).token
    return lambda user: recording.commit_sheet(activity, token, user=user)


@case("activities.remove_attendance")
def _(w):
    attendance = AttendanceFactory(
        activity=ActivityFactory(region=w.village), person__region=w.village
    )
    return lambda user: activities.remove_attendance(attendance, user=user)


@case("activities.add_attachment")
def _(w):
    activity = ActivityFactory(region=w.village)
    upload = SimpleUploadedFile("现场.png", PNG)
    return lambda user: activities.add_attachment(activity, upload, user=user)


@case("activities.delete_attachment")
def _(w):
    activity = ActivityFactory(region=w.village)
    attachment = activities.add_attachment(
        activity, SimpleUploadedFile("现场.png", PNG), user=SYSTEM
    )
    return lambda user: activities.delete_attachment(attachment, user=user)


@case("checkin.confirm_as_new")
def _(w):
    unverified = UnverifiedCheckinFactory(activity__region=w.village)
    return lambda user: checkin.confirm_as_new(unverified, user=user)


@case("checkin.merge_checkin")
def _(w):
    unverified = UnverifiedCheckinFactory(activity__region=w.village)
    person = PersonFactory(region=w.village, name="王小明")
    return lambda user: checkin.merge_checkin(unverified, person, user=user)


@case("checkin.reject_checkin")
def _(w):
    unverified = UnverifiedCheckinFactory(activity__region=w.village)
    return lambda user: checkin.reject_checkin(unverified, user=user)


@case("regions.delete_region")
def _(w):
    return lambda user: regions.delete_region(w.village, user=user)


@case("regions.load_regions")
def _(w):
    return lambda user: regions.load_regions([("430821104203", "新村")], user=user)


@case("imports.create_job")
def _(w):
    return lambda user: imports.create_job(_roster(), "persons", w.village, user=user)


@case("imports.start_preview")
def _(w):
    job = _job(w, previewed=False)
    return lambda user: imports.start_preview(job, user=user)


@case("imports.start_commit")
def _(w):
    job = _job(w, previewed=True)
    return lambda user: imports.start_commit(job, user=user)


@case("imports.commit")
def _(w):
    job = _job(w, previewed=True)
    return lambda user: imports.commit(job, user=user)


@case("imports.cancel")
def _(w):
    job = _job(w, previewed=True)
    return lambda user: imports.cancel(job, user=user)


@case("exports.run_export")
def _(w):
    PersonFactory(region=w.village)
    persons = exports.exporter_class("persons")
    return lambda user: exports.run_export(persons, user=user, fmt="csv")


@case("classroom.save_material")
def _(w):
    material = _renamed(MaterialFactory(region=w.village), title="改名")
    return lambda user: classroom.save_material(material, user=user)


@case("classroom.delete_material")
def _(w):
    material = MaterialFactory(region=w.village)
    return lambda user: classroom.delete_material(material, user=user)


@case("classroom.set_activity_materials")
def _(w):
    activity, material = ActivityFactory(region=w.village), MaterialFactory(region=w.village)
    return lambda user: classroom.set_activity_materials(activity, [material], user=user)


@case("classroom.record_mobile_lecture")
def _(w):
    team = TeamFactory(region=w.village)
    CampaignFactory(region=w.tree["town"], starts_on=dt.date(2022, 10, 1))
    person = PersonFactory(region=w.village)
    lecture = classroom.MobileLecture(
        team=team,
        topic="乡村振兴",
        starts_at=dt.datetime(2023, 1, 5, 9, tzinfo=dt.UTC),
        audience_headcount=20,
        attendees=[person],
    )
    return lambda user: classroom.record_mobile_lecture(lecture, user=user)


SCRIPT = "好消息来传四方，\n二十大精神放光芒，\n乡亲们听了喜洋洋，\n真棒！"


@case("classroom.save_script")
def _(w):
    activity = ActivityFactory(
        region=w.village,
        activity_type=activities_models.ActivityType.objects.get(code="performance"),
    )
    performers = [PersonFactory(region=w.village) for _ in range(4)]
    return lambda user: classroom.save_script(
        activity, text=SCRIPT, performers=performers, user=user
    )


def _task(w: World):
    """An open 送学 task in village A, assigned to a volunteer of the village (not one of
    the callers)."""
    assignee = user_with_role(Role.VOLUNTEER, w.village)
    return DeliveryTaskFactory(
        campaign=CampaignFactory(region=w.tree["town"]),
        person=PersonFactory(region=w.village),
        assignee=assignee,
    )


@case("outreach.assign_tasks")
def _(w):
    campaign = CampaignFactory(region=w.tree["town"])
    person, household = PersonFactory(region=w.village), HouseholdFactory(region=w.village)
    PersonFactory(region=w.village, household=household)
    assignee = user_with_role(Role.VOLUNTEER, w.village)
    due_on = dt.date.today() + dt.timedelta(days=7)
    return lambda user: outreach.assign_tasks(
        campaign,
        persons=[person],
        households=[household],
        assignee=assignee,
        due_on=due_on,
        user=user,
    )


@case("outreach.complete_task")
def _(w):
    task = _task(w)
    return lambda user: outreach.complete_task(task, method="phone", user=user)


@case("outreach.record_delivery")
def _(w):
    campaign, person = CampaignFactory(region=w.tree["town"]), PersonFactory(region=w.village)
    return lambda user: outreach.record_delivery(campaign, person, method="wechat", user=user)


@case("outreach.cancel_task")
def _(w):
    task = _task(w)
    return lambda user: outreach.cancel_task(task, user=user)


@case("outreach.reassign_task")
def _(w):
    task, other = _task(w), user_with_role(Role.TEAM_LEADER, w.village)
    return lambda user: outreach.reassign_task(task, assignee=other, user=user)


def _opinion(w: World, state: str = "received", **extra):
    """An opinion of village A; from `assigned` on, assigned to a team leader of the
    village (not one of the callers)."""
    if state != "received":
        extra |= {
            "assignee": user_with_role(Role.TEAM_LEADER, w.village),
            "due_on": dt.date.today() + dt.timedelta(days=7),
        }
    if state in {"answered", "adopted"}:
        extra |= {"reply": "已修好", "answered_at": dt.datetime(2023, 1, 5, tzinfo=dt.UTC)}
    if state == "adopted":
        extra |= {"decision": "adopted"}
    return OpinionFactory(region=w.village, state=state, **extra)


@case("seminar.create_opinion")
def _(w):
    return lambda user: seminar.create_opinion(
        user=user,
        region=w.village,
        text="村口路灯坏了",
        raised_on=dt.date(2023, 1, 5),
        raised_by_name="李大爷",
    )


@case("seminar.assign_opinion")
def _(w):
    opinion, assignee = _opinion(w), user_with_role(Role.TEAM_LEADER, w.village)
    due_on = dt.date.today() + dt.timedelta(days=7)
    return lambda user: seminar.assign_opinion(opinion, assignee=assignee, due_on=due_on, user=user)


@case("seminar.reassign_opinion")
def _(w):
    opinion = _opinion(w, "assigned")
    due_on = dt.date.today() + dt.timedelta(days=9)
    return lambda user: seminar.reassign_opinion(
        opinion, assignee_office="镇水利站", due_on=due_on, user=user
    )


@case("seminar.answer_opinion")
def _(w):
    opinion = _opinion(w, "assigned")
    return lambda user: seminar.answer_opinion(opinion, reply="已修好", user=user)


@case("seminar.answer_many")
def _(w):
    opinions = [_opinion(w, "assigned"), _opinion(w, "assigned")]
    return lambda user: seminar.answer_many(user, opinions, "已修好")


@case("seminar.decide_opinion")
def _(w):
    opinion = _opinion(w, "answered")
    return lambda user: seminar.decide_opinion(opinion, decision="adopted", user=user)


@case("seminar.close_opinion")
def _(w):
    opinion = _opinion(w, "adopted")
    return lambda user: seminar.close_opinion(opinion, user=user)


@case("seminar.reopen_opinion")
def _(w):
    opinion = _opinion(w, "answered")
    due_on = dt.date.today() + dt.timedelta(days=7)
    return lambda user: seminar.reopen_opinion(
        opinion, reason="群众不满意", due_on=due_on, user=user
    )


@case("seminar.save_template")
def _(w):
    template = _renamed(AnswerTemplateFactory(region=w.village), title="改名")
    return lambda user: seminar.save_template(template, user=user)


@case("seminar.delete_template")
def _(w):
    template = AnswerTemplateFactory(region=w.village)
    return lambda user: seminar.delete_template(template, user=user)


def _series(w: World):
    return StudySeriesFactory(region=w.village, campaign=CampaignFactory(region=w.tree["town"]))


@case("study.save_series")
def _(w):
    series = _renamed(_series(w), title="改名")
    return lambda user: study.save_series(series, user=user)


@case("study.delete_series")
def _(w):
    series = _series(w)
    return lambda user: study.delete_series(series, user=user)


@case("study.add_participant")
def _(w):
    series, person = _series(w), PersonFactory(region=w.village)
    return lambda user: study.add_participant(series, person, user=user)


@case("study.add_team_members")
def _(w):
    series, team = _series(w), TeamFactory(region=w.village)
    MembershipFactory(team=team, person=PersonFactory(region=w.village))
    return lambda user: study.add_team_members(series, team, user=user)


@case("study.delete_essay")
def _(w):
    essay = EssayFactory(region=w.village, campaign=CampaignFactory(region=w.tree["town"]))
    return lambda user: study.delete_essay(essay, user=user)


@case("study.remove_participant")
def _(w):
    participant = StudyParticipantFactory(series=_series(w), person=PersonFactory(region=w.village))
    return lambda user: study.remove_participant(participant, user=user)


@case("study.link_session")
def _(w):
    series = _series(w)
    activity = ActivityFactory(
        region=w.village,
        campaign=series.campaign,
        activity_type=default_activity_type("youth_study"),
    )
    return lambda user: study.link_session(series, activity, user=user)


@case("study.plan_next_session")
def _(w):
    series = _series(w)
    return lambda user: study.plan_next_session(series, user=user, today=dt.date(2023, 1, 5))


@case("study.add_presentation")
def _(w):
    session = StudySessionFactory(series=_series(w))
    person = PersonFactory(region=w.village)
    StudyParticipantFactory(series=session.series, person=person)
    return lambda user: study.add_presentation(session, person, topic="体会", user=user)


@case("study.delete_presentation")
def _(w):
    presentation = PresentationFactory(
        session=StudySessionFactory(series=_series(w)), person=PersonFactory(region=w.village)
    )
    return lambda user: study.delete_presentation(presentation, user=user)


@case("study.submit_essay")
def _(w):
    essay = EssayFactory.build(region=w.village, campaign=CampaignFactory(region=w.tree["town"]))
    return lambda user: study.submit_essay(essay, user=user)


@case("study.review_essay")
def _(w):
    essay = EssayFactory(region=w.village, campaign=CampaignFactory(region=w.tree["town"]))
    return lambda user: study.review_essay(essay, score=90, excellent=True, user=user)


@case("study.recommend_essay")
def _(w):
    essay = EssayFactory(
        region=w.village, campaign=CampaignFactory(region=w.tree["town"]), is_excellent=True
    )
    return lambda user: study.recommend_essay(essay, department="县委宣传部", user=user)


@case("seminar.convert_to_need")
def _(w):
    opinion = _opinion(w, "assigned")
    category = NeedCategory.objects.get(code="repair")
    return lambda user: seminar.convert_to_need(user, opinion, category=category)


@case("needs.register_need")
def _(w):
    category = NeedCategory.objects.get(code="care")
    return lambda user: needs.register_need(
        user=user, region=w.village, description="代买药品", category=category, source="staff"
    )


@case("open311.create_request")
def _(w):
    fields = {"service_code": "care", "jurisdiction_id": w.village.code,
              "address_string": "村部", "description": "代买药品"}  # fmt: skip
    return lambda user: open311.create_request(fields, user=user)


@case("volunteers.register_volunteer")
def _(w):
    person = PersonFactory(region=w.village)
    return lambda user: volunteers.register_volunteer(person, user=user)


@case("volunteers.save_profile")
def _(w):
    profile = VolunteerProfileFactory(person=PersonFactory(region=w.village))
    profile.job_post = "环境整治"
    return lambda user: volunteers.save_profile(profile, user=user)


def _volunteer_attendance(w):
    return AttendanceFactory(
        activity=ActivityFactory(region=w.village),
        person=PersonFactory(region=w.village),
        role="volunteer",
        hours=2,
    )


@case("volunteers.set_volunteer_hours")
def _(w):
    attendance = _volunteer_attendance(w)
    return lambda user: volunteers.set_volunteer_hours(attendance, 3, user=user)


@case("volunteers.confirm_attendances")
def _(w):
    attendance = _volunteer_attendance(w)
    return lambda user: volunteers.confirm_attendances(attendance.activity, user=user)


@case("volunteers.issue_certificate")
def _(w):
    profile = VolunteerProfileFactory(person=PersonFactory(region=w.village))
    return lambda user: volunteers.issue_certificate(profile, user=user)


def _need(w: World, state: str):
    from ..factories import need_in_state, squad_volunteer

    volunteer = squad_volunteer(w.village, name="王志愿")
    return need_in_state(state, region=w.village, volunteer=volunteer), volunteer


@case("needs.accept")
def _(w):
    need, _v = _need(w, "reported")
    return lambda user: needs.accept(need, user=user)


@case("needs.reject")
def _(w):
    need, _v = _need(w, "reported")
    return lambda user: needs.reject(need, user=user, reason="不属于服务范围")


@case("needs.refer")
def _(w):
    need, _v = _need(w, "accepted")
    return lambda user: needs.refer(need, user=user, reason="需镇里协调")


@case("needs.dispatch")
def _(w):
    need, volunteer = _need(w, "accepted")
    return lambda user: needs.dispatch(need, user=user, volunteer=volunteer)


@case("needs.take")
def _(w):
    need, volunteer = _need(w, "accepted")
    return lambda user: needs.take(need, user=user, person=volunteer)


@case("needs.start")
def _(w):
    need, _v = _need(w, "dispatched")
    return lambda user: needs.start(need, user=user)


@case("needs.give_back")
def _(w):
    need, _v = _need(w, "dispatched")
    return lambda user: needs.give_back(need, user=user, reason="去不了")


@case("needs.resolve")
def _(w):
    need, volunteer = _need(w, "in_progress")
    return lambda user: needs.resolve(need, user=user, summary="已修好", hours={volunteer: "2"})


@case("needs.rate")
def _(w):
    need, _v = _need(w, "resolved")
    return lambda user: needs.rate(need, user=user, rating=5)


@case("needs.close")
def _(w):
    need, _v = _need(w, "rated")
    return lambda user: needs.close(need, user=user)


@case("quantities.add_quantity")
def _(w):
    activity = ActivityFactory(region=w.village)
    return lambda user: quantities.add_quantity(
        activity, user=user, item="森林防火承诺书", quantity="2000", unit="份"
    )


def _id_conflict(w: World):
    """A person of village A given the number a person of the other town holds."""
    from sanwei.people.models import IdConflict

    holder = PersonFactory(region=w.tree["other_village"], name="持有人")
    person = PersonFactory(region=w.village, name="新登记")
    return IdConflict.unscoped.create(person=person, holder=holder, source="form")


@case("people.record_id_conflicts")
def _(w):
    holder = PersonFactory(region=w.tree["other_village"], name="持有人")
    person = PersonFactory(region=w.village, name="新登记")
    return lambda user: people.record_id_conflicts(
        [(person.pk, holder.pk)], source="form", user=user
    )


@case("audit.resolve_id_conflict")
def _(w):
    conflict = _id_conflict(w)
    return lambda user: audit.resolve_id_conflict(
        conflict, outcome="dismissed", note="同一人，已核实", user=user
    )


@case("quantities.save_quantity")
def _(w):
    quantity = QuantityFactory(activity=ActivityFactory(region=w.village), quantity=100)
    quantity.quantity = 120
    return lambda user: quantities.save_quantity(quantity, user=user)


@case("quantities.delete_quantity")
def _(w):
    quantity = QuantityFactory(activity=ActivityFactory(region=w.village))
    return lambda user: quantities.delete_quantity(quantity, user=user)


def _service_activity(w: World, *, started: bool = False):
    """A 微服务 activity of village A a week ahead (or begun an hour ago), with its service
    details, its squad and a registered volunteer of it signed up."""
    from django.utils import timezone

    from sanwei.teams.models import TeamKind
    from sanwei.volunteering.models import ServiceCategory

    squad = TeamFactory(region=w.village, name="报名小队", kind=TeamKind.SQUAD)
    start = timezone.now() + dt.timedelta(days=7)
    activity = ActivityFactory(
        region=w.village,
        campaign__region=w.village,
        activity_type=default_activity_type("volunteer_service"),
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
    )
    volunteering.save_service_activity(
        activity,
        category=ServiceCategory.objects.get_or_create(
            code="environment", defaults={"name": "环境整治"}
        )[0],
        signup_limit=5,
        place="村部",
        squad=squad,
        user=SYSTEM,
    )
    person = PersonFactory(region=w.village)
    VolunteerProfileFactory(person=person)
    signup = volunteering.sign_up(activity, person, user=SYSTEM)
    if started:
        start = timezone.now() - dt.timedelta(hours=1)
        activities_models.Activity.unscoped.filter(pk=activity.pk).update(starts_at=start)
        activity.refresh_from_db()
    return activity, signup, squad


@case("volunteering.save_category")
def _(w):
    from sanwei.volunteering.models import ServiceCategory

    category = ServiceCategory(code="river", name="护河")
    return lambda user: volunteering.save_category(category, user=user)


@case("volunteering.delete_category")
def _(w):
    from sanwei.volunteering.models import ServiceCategory

    category = ServiceCategory.objects.create(code="river", name="护河")
    return lambda user: volunteering.delete_category(category, user=user)


@case("volunteering.save_service_activity")
def _(w):
    activity, _signup, squad = _service_activity(w)
    category = activity.service.category
    return lambda user: volunteering.save_service_activity(
        activity, category=category, signup_limit=9, place="村部", squad=squad, user=user
    )


@case("volunteering.sign_up")
def _(w):
    activity, _signup, _squad = _service_activity(w)
    person = PersonFactory(region=w.village)
    VolunteerProfileFactory(person=person)
    return lambda user: volunteering.sign_up(activity, person, user=user)


@case("volunteering.cancel_signup")
def _(w):
    _activity, signup, _squad = _service_activity(w)
    return lambda user: volunteering.cancel_signup(signup, user=user)


@case("volunteering.record_signed_up")
def _(w):
    activity, _signup, _squad = _service_activity(w, started=True)
    return lambda user: volunteering.record_signed_up(activity, user=user)


@case("accounts.password_set_by_other")
def _(w):
    account = user_with_role(Role.VILLAGE_SECRETARY, w.village, username="new_secretary")
    return lambda user: accounts.password_set_by_other(account, user=user)


def _account(w: World, username: str = "account_a"):
    """A team leader's account in village A: the town admin manages it, nobody below."""
    return user_with_role(Role.TEAM_LEADER, w.village, username=username)


@case("accounts.create_account")
def _(w):
    return lambda user: accounts.create_account(
        username="new_leader", full_name="新队长", role=Role.TEAM_LEADER, region=w.village,
        user=user,
    )  # fmt: skip


@case("accounts.set_account_active")
def _(w):
    account = _account(w)
    return lambda user: accounts.set_account_active(account, False, user=user)


@case("accounts.reset_password")
def _(w):
    account = _account(w)
    return lambda user: accounts.reset_password(account, user=user)


@case("accounts.reset_two_factor")
def _(w):
    account = _account(w)
    return lambda user: accounts.reset_two_factor(account, user=user)


@case("accounts.grant_role")
def _(w):
    account = _account(w)
    return lambda user: accounts.grant_role(
        account, role=Role.VOLUNTEER, region=w.village, user=user
    )


@case("accounts.revoke_role")
def _(w):
    account = _account(w)
    accounts.grant_role(account, role=Role.VOLUNTEER, region=w.village, user=SYSTEM)
    assignment = account.role_assignments.get(role=Role.VOLUNTEER)
    return lambda user: accounts.revoke_role(assignment, user=user)


@case("accounts.issue_token")
def _(w):
    account = _account(w)
    expires_on = dt.date.today() + dt.timedelta(days=30)
    return lambda user: accounts.issue_token(account, name="对接", expires_on=expires_on, user=user)


@case("accounts.revoke_token")
def _(w):
    account = _account(w)
    token, _raw = accounts.new_token(account, "对接")
    return lambda user: accounts.revoke_token(token, user=user)


def _review(w: World):
    return reviews.create_review(
        user=SYSTEM, region=w.village, title="十一月复盘", period_start=dt.date(2026, 11, 1),
        period_end=dt.date(2026, 11, 30), held_on=dt.date(2026, 12, 1),
    )  # fmt: skip


@case("reviews.create_review")
def _(w):
    return lambda user: reviews.create_review(
        user=user, region=w.village, title="十一月复盘", period_start=dt.date(2026, 11, 1),
        period_end=dt.date(2026, 11, 30), held_on=dt.date(2026, 12, 1),
    )  # fmt: skip


@case("reviews.update_review")
def _(w):
    review = _review(w)
    return lambda user: reviews.update_review(review, user=user, conclusions="水管维修要快")


@case("reviews.add_follow_up")
def _(w):
    review = _review(w)
    return lambda user: reviews.add_follow_up(review, user=user, text="排查老旧水管")


@case("reviews.set_follow_up_done")
def _(w):
    follow_up = reviews.add_follow_up(_review(w), user=SYSTEM, text="排查老旧水管")
    return lambda user: reviews.set_follow_up_done(follow_up, user=user)


@case("reviews.convert_follow_up")
def _(w):
    follow_up = reviews.add_follow_up(_review(w), user=SYSTEM, text="排查老旧水管")
    category = NeedCategory.objects.get(code="repair")
    return lambda user: reviews.convert_follow_up(
        follow_up, user=user, region=w.village, category=category
    )


# Reads of people's data (exports) are the county viewer's and every secretary's right
# in their own scope; only those without VIEW_PEOPLE are refused.
CALLERS_WITH_VIEW_PEOPLE = {"exports.run_export": {"county_viewer", "secretary_b"}}
# None: a volunteer registers needs only when their login acts as a squad volunteer
# (needs.VolunteerAccount); volunteer_a here has no such link and is refused.
CALLERS_WITH_THE_RIGHT: dict[str, set[str]] = {}

CALLERS = {
    "none": lambda tree: None,
    "anonymous": lambda tree: AnonymousUser(),
    "volunteer_a": lambda tree: user_with_role(Role.VOLUNTEER, tree["village_a"]),
    "county_viewer": lambda tree: user_with_role(Role.COUNTY_VIEWER, tree["county"]),
    "secretary_b": lambda tree: user_with_role(Role.VILLAGE_SECRETARY, tree["village_b"]),
}


def database_state() -> dict[str, list]:
    """Every row of every region-owned model and of the types, and the action log."""
    models = [m for m in apps.get_models() if issubclass(m, RegionOwned)]
    state = {m._meta.label: list(m.unscoped.order_by("pk").values()) for m in models}
    state["activities.ActivityType"] = list(ActivityType.objects.order_by("pk").values())
    state["core.ActionLog"] = list(ActionLog.objects.order_by("pk").values_list("pk"))
    return state


CASES = [
    pytest.param(service, caller, id=f"{service}-{caller}")
    for service in WRITE_SERVICES
    for caller in CALLERS
    if caller not in CALLERS_WITH_VIEW_PEOPLE.get(service, set())
    and caller not in CALLERS_WITH_THE_RIGHT.get(service, set())
]


@pytest.mark.parametrize(("service", "caller"), CASES)
def test_a_write_service_refuses_a_caller_without_the_right(tree, service, caller):
    call = WRITE_SERVICES[service](World(tree))
    user = CALLERS[caller](tree)
    before = database_state()
    with pytest.raises(NotPermitted) as refused:
        call(user)
    assert (refused.value.status, refused.value.code) == (403, "permission_denied")
    assert refused.value.message == "没有权限执行此操作"
    assert database_state() == before


@pytest.mark.parametrize("service", sorted(WRITE_SERVICES))
def test_the_system_is_let_through_explicitly(tree, service, settings):
    """SYSTEM is the one explicit way for the system to act (demo builder, commands)."""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    call = WRITE_SERVICES[service](World(tree))
    before = database_state()
    call(SYSTEM)
    assert database_state() != before


def test_a_permitted_secretary_changes_their_own_village(tree, secretary_a):
    person = PersonFactory(region=tree["village_a"], name="旧名")
    person.name = "新名"
    people.save_person(person, user=secretary_a)
    person.refresh_from_db()
    assert person.name == "新名"


def test_a_secretary_cannot_move_a_person_out_of_another_village(tree, secretary_a):
    person = PersonFactory(region=tree["village_b"], name="双岗村民")
    person.region = tree["village_a"]
    with pytest.raises(NotPermitted):
        people.save_person(person, user=secretary_a)
    person.refresh_from_db()
    assert person.region == tree["village_b"]


def test_a_village_secretary_may_not_change_the_town_campaign_they_see(tree, secretary_a):
    campaign = CampaignFactory(region=tree["town"], ends_on=dt.date(2023, 3, 31))
    campaign.ends_on = dt.date(2023, 6, 30)
    with pytest.raises(NotPermitted):
        activities.save_campaign(campaign, user=secretary_a)
    campaign.refresh_from_db()
    assert campaign.ends_on == dt.date(2023, 3, 31)
