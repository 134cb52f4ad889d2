"""Fixtures of the study tests: the town's campaign and a monthly series on the 20th."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document

from ..factories import CampaignFactory, StudySeriesFactory

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def bj(year: int, month: int, day: int, hour: int = 15, minute: int = 0) -> dt.datetime:
    """An aware datetime, Beijing time."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def docx_bytes(*paragraphs: str) -> bytes:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture
def campaign(tree):
    return CampaignFactory(
        region=tree["town"],
        name="学习宣传贯彻党的二十大精神",
        starts_on=dt.date(2022, 10, 25),
        ends_on=dt.date(2023, 3, 31),
    )


@pytest.fixture
def series(tree, campaign):
    return StudySeriesFactory(
        region=tree["town"], campaign=campaign, title="青年干部学习座谈会", day_of_month=20
    )


@pytest.fixture
def api_as(client):
    from sanwei.accounts.tokens import create_token

    from ..people.conftest import ApiClient

    def _api(user) -> ApiClient:
        return ApiClient(client, create_token(user, "t"))

    return _api
