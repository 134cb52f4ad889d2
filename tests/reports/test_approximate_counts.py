"""reports.approx: the government style of approximate counts at each boundary, and which
figure is said exactly or approximately."""

from __future__ import annotations

import pytest

from sanwei.reports.approx import APPROXIMATE, EXACT, approximate, say, style_of


@pytest.mark.parametrize(
    ("n", "said"),
    [
        (0, "0"),
        (1, "1"),
        (19, "19"),
        (20, "20"),
        (21, "20余"),
        (29, "20余"),
        (30, "30"),
        (34, "30余"),
        (90, "90"),
        (99, "90余"),
        (100, "100"),
        (101, "100余"),
        (109, "100余"),
        (110, "110"),
        (119, "110余"),
        (123, "120余"),
        (261, "260余"),
        (300, "300"),
        (999, "990余"),
        (1000, "1000"),
        (1001, "1000余"),
        (1099, "1000余"),
        (1100, "1100"),
        (1342, "1300余"),
        (2043, "2000余"),
        (6048, "6000余"),
        (9999, "9900余"),
        (10000, "10000"),
        (12345, "12000余"),
        (700000, "700000"),
        (712345, "710000余"),
    ],
)
def test_approximate_follows_the_government_style(n, said):
    assert approximate(n) == said


def test_a_negative_count_is_refused():
    with pytest.raises(ValueError):
        approximate(-1)


@pytest.mark.parametrize(
    ("key", "style"),
    [
        ("activities.party_school_training.sessions", EXACT),
        ("activities.online_training.sessions", EXACT),
        ("activities.offline_training.sessions", EXACT),
        ("activities.micro_party_lesson.sessions", EXACT),
        ("activities.mobile_lecture.sessions", APPROXIMATE),
        ("activities.courtyard_meeting.sessions", APPROXIMATE),
        ("activities.delivery.sessions", APPROXIMATE),
        ("activities.mobile_lecture.person_times", APPROXIMATE),
        ("activities.offline_training.persons", APPROXIMATE),
        ("classroom.lectures.teams", EXACT),
        ("classroom.lectures.lectures", APPROXIMATE),
        ("classroom.lectures.person_times", APPROXIMATE),
        ("classroom.deliveries", APPROXIMATE),
        ("coverage.persons.reached", EXACT),
        ("seminar.meetings", APPROXIMATE),
        ("seminar.opinions.collected", EXACT),
        ("seminar.essays.collected", EXACT),
        ("service.activities", APPROXIMATE),
        ("service.hours", APPROXIMATE),
        ("service.needs.resolved", APPROXIMATE),
        ("service.needs.average_rating", EXACT),
        ("service.quantities.饮用水.吨", EXACT),
        ("something.unknown", EXACT),
    ],
)
def test_each_figure_is_declared_exact_or_approximate(key, style):
    assert style_of(key) == style


def test_say_uses_the_declaration(settings):
    assert say("seminar.opinions.collected", 261) == "261"
    assert say("activities.mobile_lecture.person_times", 1342) == "1300余"
    assert say("activities.offline_training.sessions", 9) == "9"
    assert say("service.quantities.宣传单.份", 2043) == "2043"
    settings.FIGURE_STYLES = {"service.quantities.宣传单.*": APPROXIMATE}
    assert say("service.quantities.宣传单.份", 2043) == "2000余"
    assert say("service.quantities.饮用水.吨", 6048) == "6048"
