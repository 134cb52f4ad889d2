"""The documents in the demo: the town admin's 报表与文件 page already holds a work brief of
the town for the campaign and the town's activity record book, built as the page builds
them (`reports.jobs`), so a new user sees a finished download next to the form."""

from __future__ import annotations

from sanwei.reports.jobs import RECORD_BOOK_PDF, build_report
from sanwei.reports.models import ReportJob

from .pillars import DemoContext


def build(ctx: DemoContext) -> dict[str, int]:
    user = ctx.users["town"]
    params = {"campaign": ctx.campaign.pk, "from": None, "to": None}  # the whole campaign
    made = 0
    for kind in ("brief", RECORD_BOOK_PDF):
        job = ReportJob.unscoped.create(region=ctx.town, user=user, kind=kind, params=params)
        build_report.run(job.pk)  # now, in the builder's transaction (no worker, no thread)
        made += 1
    return {"报表与文件": made}
