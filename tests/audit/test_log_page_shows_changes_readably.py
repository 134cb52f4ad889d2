"""The log page shows what a record's details mean: a state change as from → to in the
loop's own words, each changed field by its Chinese name, a deletion by what it deleted."""

from sanwei.accounts.permissions import SYSTEM
from sanwei.needs import services as needs
from sanwei.teams import services as teams
from sanwei.teams.models import Team

from ..factories import TeamFactory, need_in_state


def details(response, action_type):
    return [e.lines for e in response.context["page_obj"] if e.action_type == action_type]


def test_a_needs_state_change_reads_from_and_to_in_chinese(client, tree, town_admin):
    need = need_in_state("reported", region=tree["village_a"])
    needs.accept(need, user=SYSTEM)
    client.force_login(town_admin)

    response = client.get("/audit/", {"action": "sanwei.need.accept"})

    assert details(response, "sanwei.need.accept") == [["状态：已登记 → 已受理"]]
    assert "状态：已登记 → 已受理" in response.content.decode()
    assert "群众需求·受理" in response.content.decode()


def test_a_changed_field_is_shown_by_its_name_with_before_and_after(client, tree, town_admin):
    team = Team.unscoped.get(pk=TeamFactory(region=tree["village_a"], name="宣讲队").pk)
    team.name = "红色宣讲队"
    teams.save_team(team, user=town_admin)
    client.force_login(town_admin)

    response = client.get("/audit/", {"action": "sanwei.team.changed"})

    lines = details(response, "sanwei.team.changed")[0]
    assert "队伍名称：宣讲队 → 红色宣讲队" in lines


def test_a_deletion_is_shown_with_what_it_deleted(client, tree, town_admin):
    team = TeamFactory(region=tree["village_a"], name="宣讲队")
    teams.delete_team(team, user=town_admin)
    client.force_login(town_admin)

    response = client.get("/audit/", {"action": "sanwei.team.deleted"})

    lines = details(response, "sanwei.team.deleted")[0]
    assert any(line.startswith("删除的内容：") and "宣讲队" in line for line in lines)
