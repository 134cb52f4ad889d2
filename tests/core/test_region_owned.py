"""Every region-owned record derives from one base: a scoped `objects` that fails closed
and one unscoped manager, `unscoped`, which is also the base manager (foreign keys)."""

import pytest
from django.apps import apps
from django_scopes import ScopeError

from sanwei.core.models import RegionOwned
from sanwei.core.scoping import RegionScope, region_scope

from ..factories import MembershipFactory

REGION_OWNED = {
    "activities.Activity",
    "activities.ActivityAttachment",
    "activities.Attendance",
    "activities.Campaign",
    "checkin.UnverifiedCheckin",
    "classroom.Material",
    "classroom.PerformanceScript",
    "exports.ExportRecord",
    "imports.ImportJob",
    "reports.ReportJob",
    "needs.Need",
    "needs.NeedEvent",
    "needs.NeedHours",
    "needs.NeedResolution",
    "needs.VolunteerAccount",
    "outreach.DeliveryDetail",
    "outreach.DeliveryTask",
    "people.Household",
    "people.Person",
    "quantities.Quantity",
    "people.IdConflict",
    "regions.Region",
    "reviews.FollowUp",
    "reviews.Review",
    "seminar.AnswerTemplate",
    "seminar.CourtyardMeeting",
    "seminar.MeetingHost",
    "seminar.Opinion",
    "seminar.OpinionEvent",
    "seminar.PublicBoard",
    "seminar.TopicGroup",
    "study.Essay",
    "study.Participant",
    "study.Presentation",
    "study.Recommendation",
    "study.StudySeries",
    "study.StudySession",
    "teams.Membership",
    "teams.Team",
    "volunteering.ServiceActivity",
    "volunteering.SignUp",
    "volunteers.Certificate",
    "volunteers.VolunteerProfile",
}


def test_the_region_owned_models_are_these():
    found = {m._meta.label for m in apps.get_models() if issubclass(m, RegionOwned)}
    assert found == REGION_OWNED


@pytest.mark.parametrize("label", sorted(REGION_OWNED))
def test_each_has_scoped_objects_and_one_unscoped_manager(label):
    model = apps.get_model(label)
    assert [m.name for m in model._meta.managers] == ["objects", "unscoped"]
    assert model._default_manager.name == "objects"
    assert model._base_manager.name == "unscoped"


@pytest.mark.parametrize("label", sorted(REGION_OWNED))
def test_objects_refuses_outside_a_scope_and_unscoped_answers(db, label):
    model = apps.get_model(label)
    with pytest.raises(ScopeError):
        model.objects.count()
    assert model.unscoped.count() >= 0


def test_a_foreign_key_is_followed_outside_the_scope(tree):
    membership = MembershipFactory(team__region=tree["village_b"], person__region=tree["village_b"])
    with region_scope(RegionScope((tree["village_a"].path,))):
        loaded = type(membership).unscoped.get(pk=membership.pk)
        assert loaded.team.region == tree["village_b"]
        assert loaded.person.region == tree["village_b"]
