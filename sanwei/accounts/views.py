from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@login_required
@require_GET
def me(request: HttpRequest) -> HttpResponse:
    assignments = request.user.role_assignments.select_related("region")
    tokens = request.user.api_tokens.order_by("-created_at")
    return render(request, "accounts/me.html", {"assignments": assignments, "tokens": tokens})
