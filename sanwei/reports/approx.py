"""Approximate counts in the government style (the seed's "30余场次", "1300余人次"), and
which figure is said exactly and which approximately.

`approximate(n)`:
- below 20: exact (19 → "19");
- 20 to 99: floored to one significant digit plus 余 (34 → "30余");
- from 100: floored to two significant digits plus 余 (123 → "120余", 1342 → "1300余",
  2043 → "2000余");
- exact whenever flooring drops nothing (20 → "20", 300 → "300", 1000 → "1000").

`say(key, n)` says a figure of `reports.figures` (its API key, e.g.
`activities.mobile_lecture.sessions`) the way `style_of(key)` declares: `EXACT` or
`APPROXIMATE`. The defaults match the seed: session counts of trainings (and micro party
lessons), opinions, essays, lecture teams, coverage, ratings and star levels are exact;
lectures, audiences (人次, persons), deliveries, courtyard meetings, volunteer activities,
volunteers, hours and needs are approximate; quantities are exact unless declared
otherwise. `settings.FIGURE_STYLES` ({pattern: style}) overrides or adds patterns."""

from __future__ import annotations

from fnmatch import fnmatchcase

from django.conf import settings

EXACT = "exact"
APPROXIMATE = "approximate"

# Exact session counts: the trainings of the 微课堂 pillar (the seed: 1 special training,
# 5 online, 9 offline, 17 micro party lessons) and the youth cadre study sessions.
EXACT_SESSION_TYPES = (
    "party_school_training",
    "online_training",
    "offline_training",
    "theory_study_group",
    "cadre_meeting",
    "special_study",
    "micro_party_lesson",
    "youth_study",
)

# Pattern → style; the most specific matching pattern wins (fewest wildcards, then the
# longest). A key no pattern matches is exact.
DEFAULT_STYLES: dict[str, str] = {
    "activities.*.sessions": APPROXIMATE,
    **{f"activities.{code}.sessions": EXACT for code in EXACT_SESSION_TYPES},
    "activities.*.person_times": APPROXIMATE,
    "activities.*.persons": APPROXIMATE,
    "classroom.lectures.teams": EXACT,
    "classroom.lectures.lectures": APPROXIMATE,
    "classroom.lectures.person_times": APPROXIMATE,
    "classroom.deliveries": APPROXIMATE,
    "coverage.*": EXACT,
    "seminar.meetings": APPROXIMATE,
    "seminar.opinions.*": EXACT,
    "seminar.essays.*": EXACT,
    "service.activities": APPROXIMATE,
    "service.volunteers.*": APPROXIMATE,
    "service.hours": APPROXIMATE,
    "service.stars.*": EXACT,
    "service.needs.reported": APPROXIMATE,
    "service.needs.resolved": APPROXIMATE,
    "service.needs.*": EXACT,
    "service.quantities.*": EXACT,
}


def approximate(n: int) -> str:
    """`n` in the government style (see the module's docstring). Refuses negatives."""
    n = int(n)
    if n < 0:
        raise ValueError(f"a count cannot be negative: {n}")
    if n < 20:
        return str(n)
    kept = 1 if n < 100 else 2
    unit = 10 ** (len(str(n)) - kept)
    floored = n // unit * unit
    return str(n) if floored == n else f"{floored}余"


def styles() -> dict[str, str]:
    return {**DEFAULT_STYLES, **getattr(settings, "FIGURE_STYLES", {})}


def style_of(key: str) -> str:
    """`EXACT` or `APPROXIMATE` for a figure's key."""
    matches = [(p, s) for p, s in styles().items() if fnmatchcase(key, p)]
    if not matches:
        return EXACT
    return min(matches, key=lambda m: (m[0].count("*"), -len(m[0])))[1]


def say(key: str, n: int) -> str:
    """The figure `n` of `key` as a report says it: exact digits or approximate()."""
    return approximate(n) if style_of(key) == APPROXIMATE else str(int(n))
