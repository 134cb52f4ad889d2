"""The demo town shows the youth cadre study series (its monthly sessions linked, presenters,
attendance rates) and the 45 essays, some excellent and some recommended upward."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from sanwei.activities.models import Activity
from sanwei.study.models import Essay, Presentation, Recommendation, StudySeries, StudySession
from sanwei.study.services import attendance_rates


@pytest.fixture(autouse=True)
def _unscoped():
    with scopes_disabled():
        yield


def test_the_monthly_youth_study_sessions_form_one_series(demo):
    series = StudySeries.unscoped.get()
    youth = Activity.unscoped.filter(activity_type__code="youth_study")

    assert StudySession.unscoped.filter(series=series).count() == youth.count() == 5
    assert Presentation.unscoped.count() >= 10
    rates = attendance_rates(series)
    assert len(rates) >= 8
    assert all(r.held >= 1 and 0 < r.attended <= r.held for r in rates)
    assert any(r.rate < 100 for r in rates)
    assert demo.pillars["学习座谈"] == 5


def test_45_essays_some_excellent_some_recommended(demo):
    essays = Essay.unscoped.all()
    excellent = essays.filter(is_excellent=True)
    recommended = essays.filter(recommendations__isnull=False).distinct()

    assert essays.count() == 45
    assert 3 <= excellent.count() < 45
    assert 1 <= recommended.count() <= excellent.count()
    assert not recommended.filter(is_excellent=False).exists()
    assert Recommendation.unscoped.count() >= recommended.count()
    assert (
        essays.filter(author__isnull=True).exists() and essays.filter(author__isnull=False).exists()
    )
    assert (demo.pillars["心得体会"], demo.pillars["优秀心得"]) == (45, excellent.count())


def test_the_town_admin_opens_the_study_pages_and_the_anthology_of_the_demo(demo, client):
    import io

    from django.contrib.auth import get_user_model
    from docx import Document

    client.force_login(get_user_model().objects.get(username="town"))
    series = StudySeries.unscoped.get()
    session = StudySession.unscoped.filter(series=series).first()
    essay = Essay.unscoped.first()
    for url in (
        "/study/series/", f"/study/series/{series.pk}/", f"/study/sessions/{session.pk}/",
        "/study/essays/", f"/study/essays/{essay.pk}/", "/study/essays/figures/",
    ):  # fmt: skip
        assert client.get(url).status_code == 200, url
    anthology = client.get("/study/essays/anthology.docx")
    document = Document(io.BytesIO(anthology.content))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert sorted(headings) == sorted(
        Essay.unscoped.filter(is_excellent=True).values_list("title", flat=True)
    )
