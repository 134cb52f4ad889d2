"""The resident's public page of a need (`/n/<code>`, in PUBLIC_URL_NAMES): its state and
history without personal data, and the rating form once it is resolved and not yet rated.
The tracking code (12 random characters) is the only key; a wrong code is a 404."""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from sanwei.core.errors import ServiceError
from sanwei.core.qr import qr_png

from . import services
from .models import NEED_MAX_CHARS, Need, NeedEvent, NeedState


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("评价"),
        choices=[(n, "★" * n) for n in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("请选择1到5星的评价"),
            "invalid_choice": _("请选择1到5星的评价"),
        },
    )
    comment = forms.CharField(
        label=_("评价意见"),
        required=False,
        max_length=NEED_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("评价意见不能超过%(limit_value)d个字")},
    )


def public_need(code: str) -> Need:
    need = Need.unscoped.select_related("category", "region").filter(code=code).first()
    if need is None:
        raise Http404
    return need


def public_events(need: Need) -> list[dict]:
    """The history as the public sees it: when and into which state; no notes (they
    may name people) and no actors."""
    return [
        {"at": e.at, "state": e.get_to_state_display(), "action": e.action}
        for e in NeedEvent.unscoped.filter(need=need).order_by("at", "pk")
    ]


@require_http_methods(["GET", "HEAD", "POST"])
def track(request: HttpRequest, code: str) -> HttpResponse:
    need = public_need(code)
    form = RatingForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.rate_by_code(
                need.code,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
            )
        except ServiceError as e:
            error = e.message
        else:
            return redirect("need_track", code=need.code)
    need.refresh_from_db()
    response = render(
        request,
        "needs/track.html",
        {
            "need": need,
            "events": public_events(need),
            "form": form,
            "can_rate": need.state == NeedState.RESOLVED,
            "error": error,
        },
        status=400 if request.method == "POST" else 200,
    )
    response["Cache-Control"] = "no-cache"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
def track_qr(request: HttpRequest, code: str) -> HttpResponse:
    need = public_need(code)
    link = request.build_absolute_uri(f"/n/{need.code}")
    return HttpResponse(qr_png(link), content_type="image/png")
