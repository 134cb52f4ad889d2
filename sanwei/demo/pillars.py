"""The pillars' demo data, added after the town, its teams and its activities exist.

Each pillar writes its own part in `sanwei/demo/pillar_<name>.py` with one function,
`build(ctx: DemoContext) -> dict[str, int]` (what it made, Chinese label → count, printed
in the summary), and is listed
in `PILLAR_BUILDERS`. They run in order, inside the builder's transaction, with scopes
disabled; they draw from `ctx.rng` only (the demo is deterministic for a seed).
"""

from __future__ import annotations

import importlib
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sanwei.activities.models import Campaign
from sanwei.people.models import Person
from sanwei.regions.models import Region

# Module names under sanwei.demo, in the order they run.
PILLAR_BUILDERS: list[str] = [
    "pillar_classroom",
    "pillar_outreach",
    "pillar_checkin",
    "pillar_study",
    "pillar_seminar",
    "pillar_volunteers",
    "pillar_needs",
    "pillar_open311",
    "pillar_volunteering",
    "pillar_quantities",
    "pillar_reviews",
    "pillar_reports",
    "pillar_audit",
    "pillar_accounts",
    "pillar_dates",  # last: the times the build stamped, moved into the story
]


@dataclass
class DemoContext:
    rng: random.Random
    scale: float
    campaign: Campaign
    town: Region
    villages: list[Region]
    persons: list[Person]  # every resident, in the builder's order
    users: dict  # username → User (the demo logins)
    teams: dict  # the builder's teams: "lecture" (one per village), "squadron", "squads", …
    today: date  # the demo's "now" inside the campaign
    made: dict[str, int] = field(default_factory=dict)


def build_pillars(ctx: DemoContext) -> dict[str, int]:
    for name in PILLAR_BUILDERS:
        module = importlib.import_module(f"sanwei.demo.{name}")
        ctx.made.update(module.build(ctx))
    return ctx.made


def split_weighted(total: int, weights: Sequence[float]) -> list[int]:
    """`total` in whole parts proportional to `weights` (largest remainders round up):
    how the demo writes a seed's exact figure (261 opinions, 1350 person-times) in parts."""
    if not weights:
        return []
    shares = [w / sum(weights) * total for w in weights]
    parts = [math.floor(x) for x in shares]
    by_remainder = sorted(range(len(parts)), key=lambda i: shares[i] - parts[i], reverse=True)
    for i in by_remainder[: total - sum(parts)]:
        parts[i] += 1
    return parts
