"""factory_boy factories for every model; build data in tests with these, never fixtures."""

from __future__ import annotations

import datetime as dt
import itertools

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from sanwei.accounts.models import Role, RoleAssignment
from sanwei.activities.models import Activity, ActivityType, Attendance, Campaign
from sanwei.checkin.models import UnverifiedCheckin
from sanwei.classroom.models import Material, MaterialKind
from sanwei.outreach.models import DeliveryTask
from sanwei.people.models import Household, Person
from sanwei.people.validation import id_check_digit
from sanwei.regions.models import Region, RegionLevel
from sanwei.seminar.models import AnswerTemplate, Opinion
from sanwei.teams.models import Membership, Team, TeamKind

_seq = itertools.count(1)


def make_id_number(
    birth: dt.date = dt.date(1960, 5, 1), gender: str = "M", region: str = "430821"
) -> str:
    """A valid 18-digit ID number, unique per call."""
    n = next(_seq) % 500
    order = 2 * n + (1 if gender == "M" else 0)  # odd = male
    first17 = f"{region}{birth:%Y%m%d}{order:03d}"
    return first17 + id_check_digit(first17)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"430821104{200 + n % 700:03d}")
    name = factory.Sequence(lambda n: f"测试{n}村")
    level = RegionLevel.VILLAGE
    parent = None


def build_town_tree() -> dict[str, Region]:
    """湖南省 › 张家界市 › 慈利县 › 东岳观镇 › two villages, plus a second town."""
    province = RegionFactory(code="430000000000", name="湖南省", level=RegionLevel.PROVINCE)
    city = RegionFactory(
        code="430800000000", name="张家界市", level=RegionLevel.CITY, parent=province
    )
    county = RegionFactory(
        code="430821000000", name="慈利县", level=RegionLevel.COUNTY, parent=city
    )
    town = RegionFactory(
        code="430821104000", name="东岳观镇", level=RegionLevel.TOWN, parent=county
    )
    village_a = RegionFactory(code="430821104201", name="东岳观村", parent=town)
    village_b = RegionFactory(code="430821104202", name="双岗村", parent=town)
    other_town = RegionFactory(
        code="430821105000", name="通津铺镇", level=RegionLevel.TOWN, parent=county
    )
    other_village = RegionFactory(code="430821105201", name="通津铺村", parent=other_town)
    return {
        "province": province,
        "city": city,
        "county": county,
        "town": town,
        "village_a": village_a,
        "village_b": village_b,
        "other_town": other_town,
        "other_village": other_village,
    }


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("name", locale="zh_CN")
    password = factory.PostGenerationMethodCall("set_password", "pass-1234")


def user_with_role(role: str, region: Region, **kwargs):
    user = UserFactory(**kwargs)
    user.set_password("pass-1234")
    user.save()
    RoleAssignment.objects.create(user=user, role=role, region=region)
    return user


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    region = factory.SubFactory(RegionFactory)
    number = factory.Sequence(lambda n: f"H{n:05d}")
    address = factory.Faker("street_address", locale="zh_CN")


class PersonFactory(factory.django.DjangoModelFactory):
    """Saved through the model (no service): pass id_number= to store an encrypted one."""

    class Meta:
        model = Person

    region = factory.SubFactory(RegionFactory)
    name = factory.Faker("name", locale="zh_CN")
    gender = "M"
    birth_date = dt.date(1970, 1, 1)

    @classmethod
    def _create(cls, model_class, *args, id_number: str | None = None, **kwargs):
        from sanwei.core import crypto
        from sanwei.core.search import search_key

        person = model_class(*args, **kwargs)
        if id_number:
            person.id_number_encrypted = crypto.encrypt(id_number)
            person.id_number_hash = crypto.keyed_hash(id_number)
        person.search_text = search_key(person.name)
        person.save()
        return person


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"宣讲队{n}")
    kind = TeamKind.LECTURE
    region = factory.SubFactory(RegionFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    team = factory.SubFactory(TeamFactory)
    person = factory.SubFactory(PersonFactory)
    started_on = dt.date(2022, 11, 1)


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    name = "学习宣传贯彻党的二十大精神"
    region = factory.SubFactory(RegionFactory)
    starts_on = dt.date(2022, 10, 25)
    ends_on = dt.date(2023, 3, 31)


def default_activity_type(code: str) -> ActivityType:
    """A type the migrations seed; made again if a transactional test flushed it."""
    from sanwei.activities.defaults import DEFAULT_ACTIVITY_TYPES

    item = next(t for t in DEFAULT_ACTIVITY_TYPES if t["code"] == code)
    activity_type, _ = ActivityType.objects.get_or_create(
        code=code,
        defaults={
            "name": item["name"],
            "pillar": item["pillar"],
            "is_delivery": item.get("is_delivery", False),
        },
    )
    return activity_type


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    campaign = factory.SubFactory(CampaignFactory)
    activity_type = factory.LazyFunction(lambda: default_activity_type("mobile_lecture"))
    title = factory.Sequence(lambda n: f"流动宣讲第{n}场")
    region = factory.SubFactory(RegionFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now().replace(microsecond=0))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=2))


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    activity = factory.SubFactory(ActivityFactory)
    person = factory.SubFactory(PersonFactory)


class MaterialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Material

    title = factory.Sequence(lambda n: f"学习资料{n}")
    kind = MaterialKind.TEXT
    region = factory.SubFactory(RegionFactory)
    summary = "党的二十大精神要点"
    body = "一、高举中国特色社会主义伟大旗帜。"


class UnverifiedCheckinFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnverifiedCheckin

    activity = factory.SubFactory(ActivityFactory)
    name = "王小明"
    phone = "13700001111"


class DeliveryTaskFactory(factory.django.DjangoModelFactory):
    """An open 送学 task due in a week; give the assignee a role covering the person."""

    class Meta:
        model = DeliveryTask

    campaign = factory.SubFactory(CampaignFactory)
    person = factory.SubFactory(PersonFactory)
    assignee = factory.SubFactory(UserFactory)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=7))


class OpinionFactory(factory.django.DjangoModelFactory):
    """A received opinion raised today by a typed name; pass state= and the loop's fields
    for later states (or use the services)."""

    class Meta:
        model = Opinion

    region = factory.SubFactory(RegionFactory)
    text = factory.Sequence(lambda n: f"村口的路灯坏了，晚上走路不方便（{n}）")
    raised_by_name = "李大爷"
    raised_on = factory.LazyFunction(timezone.localdate)


class AnswerTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnswerTemplate

    region = factory.SubFactory(RegionFactory)
    title = factory.Sequence(lambda n: f"答复模板{n}")
    body = "您反映的问题已交有关部门办理，感谢您的意见。"


__all__ = [
    "ActivityFactory",
    "AnswerTemplateFactory",
    "AttendanceFactory",
    "CampaignFactory",
    "DeliveryTaskFactory",
    "HouseholdFactory",
    "MaterialFactory",
    "MembershipFactory",
    "OpinionFactory",
    "PersonFactory",
    "RegionFactory",
    "Role",
    "TeamFactory",
    "UnverifiedCheckinFactory",
    "UserFactory",
    "build_town_tree",
    "default_activity_type",
    "make_id_number",
    "user_with_role",
]


# --------------------------------------------------------------------------- study


class StudySeriesFactory(factory.django.DjangoModelFactory):
    """A monthly youth cadre study series on the 20th at 15:00."""

    class Meta:
        model = "study.StudySeries"

    region = factory.SubFactory(RegionFactory)
    campaign = factory.SubFactory(CampaignFactory)
    title = factory.Sequence(lambda n: f"青年干部学习座谈{n}")
    rule = "day"
    day_of_month = 20
    start_time = dt.time(15, 0)
    duration_minutes = 120
    place = "镇政府会议室"


class StudyParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "study.Participant"

    series = factory.SubFactory(StudySeriesFactory)
    person = factory.SubFactory(PersonFactory)
    joined_on = dt.date(2022, 11, 1)


class StudySessionFactory(factory.django.DjangoModelFactory):
    """A session: a youth_study activity of the series' campaign in its region."""

    class Meta:
        model = "study.StudySession"

    series = factory.SubFactory(StudySeriesFactory)
    activity = factory.LazyAttribute(
        lambda o: ActivityFactory(
            campaign=o.series.campaign,
            region=o.series.region,
            activity_type=default_activity_type("youth_study"),
        )
    )


class PresentationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "study.Presentation"

    session = factory.SubFactory(StudySessionFactory)
    person = factory.SubFactory(PersonFactory)
    topic = "学习二十大报告的体会"


class EssayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "study.Essay"

    region = factory.SubFactory(RegionFactory)
    campaign = factory.SubFactory(CampaignFactory)
    title = factory.Sequence(lambda n: f"读报告谈体会{n}")
    body = "第一段。\n第二段。"
    author_name = "李明"


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "study.Recommendation"

    essay = factory.SubFactory(EssayFactory, is_excellent=True)
    department = "县委宣传部"
    recommended_on = dt.date(2023, 3, 1)


def study_objects(campaign, region, person) -> dict[str, int]:
    """One series (with a participant, a session and a presentation), one excellent essay
    with a recommendation, in `region`: the permission matrix's URL kwargs of the study app."""
    series = StudySeriesFactory(region=region, campaign=campaign)
    participant = StudyParticipantFactory(series=series, person=person)
    session = StudySessionFactory(series=series)
    presentation = PresentationFactory(session=session, person=person)
    essay = EssayFactory(region=region, campaign=campaign, is_excellent=True)
    RecommendationFactory(essay=essay)
    return {
        "series_pk": series.pk,
        "participant_pk": participant.pk,
        "session_pk": session.pk,
        "presentation_pk": presentation.pk,
        "essay_pk": essay.pk,
    }


class VolunteerProfileFactory(factory.django.DjangoModelFactory):
    """A registered volunteer (saved directly: the number is a sequence, not a town's)."""

    class Meta:
        model = "volunteers.VolunteerProfile"

    person = factory.SubFactory(PersonFactory)
    number = factory.Sequence(lambda n: f"999999999-{n:04d}")
    card_code = factory.Sequence(lambda n: f"card{n:08d}")
    joined_on = dt.date(2022, 11, 1)


def need_in_state(state: str, *, region, user=None, **kwargs):
    """A need brought to `state` through the services (SYSTEM acting; volunteers made as
    needed), for the needs loop tests."""
    from sanwei.accounts.permissions import SYSTEM
    from sanwei.needs import services as needs
    from sanwei.needs.models import NeedCategory

    user = user or SYSTEM
    need = needs.register_need(
        user=user,
        region=region,
        description=kwargs.pop("description", "水管漏水，需要修理"),
        # Seeded by a migration; made again if a transactional test flushed it.
        category=kwargs.pop("category", None)
        or NeedCategory.objects.get_or_create(code="repair", defaults={"name": "设施维修"})[0],
        source=kwargs.pop("source", "staff"),
        urgency=kwargs.pop("urgency", "normal"),
    )
    if state == "reported":
        return need
    if state == "rejected":
        return needs.reject(need, user=user, reason="不属于服务范围")
    if state == "referred":
        return needs.refer(need, user=user, reason="需镇里协调")
    needs.accept(need, user=user)
    if state == "accepted":
        return need
    volunteer = kwargs.pop("volunteer", None) or squad_volunteer(region)
    needs.dispatch(need, user=user, volunteer=volunteer)
    if state == "dispatched":
        return need
    needs.start(need, user=user)
    if state == "in_progress":
        return need
    needs.resolve(need, user=user, summary="已修好", hours={volunteer: kwargs.pop("hours", "2")})
    if state == "resolved":
        return need
    needs.rate(need, user=user, rating=5, comment="很满意")
    if state == "rated":
        return need
    assert state == "closed", state
    return needs.close(need, user=user)


def squad_volunteer(region, *, name=None, skills="", team=None):
    """A person of `region` with an open membership in a volunteer squad there."""
    from sanwei.teams.models import TeamKind

    if team is None:
        team, _ = Team.unscoped.get_or_create(
            region=region, name=f"{region.name}志愿服务小队", defaults={"kind": TeamKind.SQUAD}
        )
    person = PersonFactory(region=region, skills=skills, **({"name": name} if name else {}))
    MembershipFactory(team=team, person=person)
    return person


class QuantityFactory(factory.django.DjangoModelFactory):
    """A quantity delivered on an activity (pass `need=` and `activity=None` for a need)."""

    class Meta:
        model = "quantities.Quantity"

    activity = factory.SubFactory(ActivityFactory)
    item = "宣传单"
    quantity = 100
    unit = "份"


def png_bytes(size: tuple[int, int] = (16, 12), color: str = "blue") -> bytes:
    """A real PNG (uploads are checked by content: Pillow must read it)."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_bytes(size: tuple[int, int] = (16, 12), color: str = "red") -> bytes:
    """A real JPEG."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="JPEG")
    return buffer.getvalue()
