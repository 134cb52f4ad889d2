"""API v1, assembled from each app's router. Same scoping and permissions as the pages."""

from ninja.security import APIKeyCookie, HttpBearer

from sanwei.core.api import JsonErrorsAPI


class TokenAuth(HttpBearer):
    """Bearer tokens are resolved by ApiTokenMiddleware before the scope is set. A revoked or
    expired token is answered 401 with its own code (`token_revoked`, `token_expired`)."""

    def authenticate(self, request, token):
        refusal = getattr(request, "token_refusal", None)
        if refusal is not None:
            raise refusal
        return request.user if getattr(request, "token_authenticated", False) else None


class SessionAuth(APIKeyCookie):
    """The browser session, with Django's CSRF check on unsafe methods."""

    param_name = "sessionid"

    def authenticate(self, request, key):
        user = request.user
        return user if user.is_authenticated else None


api = JsonErrorsAPI(
    title="三微 API",
    version="1.0.0",
    description="sanwei API v1: regions, people, households, teams, campaigns, activities, attendance, imports.",
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api-1.0.0",
)


def _register() -> None:
    from sanwei.activities.api import router as activities_router
    from sanwei.audit.api import router as audit_router
    from sanwei.checkin.api import router as checkin_router
    from sanwei.classroom.api import router as classroom_router
    from sanwei.coverage.api import router as coverage_router
    from sanwei.imports.api import router as imports_router
    from sanwei.needs.api import router as needs_router
    from sanwei.outreach.api import router as outreach_router
    from sanwei.people.api import router as people_router
    from sanwei.quantities.api import router as quantities_router
    from sanwei.recording.api import router as recording_router
    from sanwei.regions.api import router as regions_router
    from sanwei.reports.api import router as reports_router
    from sanwei.reviews.api import router as reviews_router
    from sanwei.seminar.api import router as seminar_router
    from sanwei.seminar.api_meetings import router as seminar_meetings_router
    from sanwei.study.api import router as study_router
    from sanwei.teams.api import router as teams_router
    from sanwei.volunteering.api import router as volunteering_router
    from sanwei.volunteers.api import router as volunteers_router

    api.add_router("/regions", regions_router)
    api.add_router("/people", people_router)
    api.add_router("/teams", teams_router)
    api.add_router("/activities", activities_router)
    api.add_router("/coverage", coverage_router)
    api.add_router("/outreach", outreach_router)
    api.add_router("/checkin", checkin_router)
    api.add_router("/recording", recording_router)
    api.add_router("/classroom", classroom_router)
    api.add_router("/imports", imports_router)
    api.add_router("/seminar", seminar_router)
    api.add_router("/seminar", seminar_meetings_router)  # meetings and the public board
    api.add_router("/study", study_router)
    api.add_router("/needs", needs_router)
    api.add_router("/reviews", reviews_router)
    api.add_router("/volunteers", volunteers_router)
    api.add_router("/figures", reports_router)
    api.add_router("/volunteering", volunteering_router)
    api.add_router("/quantities", quantities_router)
    api.add_router("/audit", audit_router)


_register()
