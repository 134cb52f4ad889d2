"""The public board's pages: the public page `/b/<code>` (no login, listed in
`sanwei.urls.PUBLIC_URL_NAMES`), its QR code (PNG) and printable poster (PDF), and the
staff page of a village's board (open it, renew its link)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from sanwei.accounts.permissions import can, require
from sanwei.core.pdf import pdf_response
from sanwei.core.qr import qr_png, qr_svg
from sanwei.regions.models import Region

from . import board as boards
from .permissions import CHANGE_OPINIONS, VIEW_OPINIONS


def _public_board(code: str):
    board = boards.board_by_code(code)
    if board is None:
        raise Http404
    return board


def _public_link(request: HttpRequest, board) -> str:
    return request.build_absolute_uri(reverse("opinion_board", args=[board.code]))


@require_safe
def board_public(request: HttpRequest, code: str) -> HttpResponse:
    board = _public_board(code)
    paginator = Paginator(boards.board_opinions(board).values("id"), boards.BOARD_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    offset = (page.number - 1) * boards.BOARD_PAGE_SIZE
    response = render(
        request,
        "seminar/board_public.html",
        {
            "board": board,
            "village": board.region.name,
            "entries": boards.board_entries(board, offset=offset, limit=boards.BOARD_PAGE_SIZE),
            "figures": boards.board_figures(board),
            "page_obj": page,
        },
    )
    response["Cache-Control"] = "no-cache"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
def board_qr(request: HttpRequest, code: str) -> HttpResponse:
    board = _public_board(code)
    response = HttpResponse(qr_png(_public_link(request, board)), content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="board-{board.code}.png"'
    return response


@require_safe
def board_poster(request: HttpRequest, code: str) -> HttpResponse:
    board = _public_board(code)
    content = boards.board_poster_pdf(board, _public_link(request, board))
    return pdf_response(content, _("%(village)s意见公开栏.pdf") % {"village": board.region.name})


@login_required
@require_safe
def board_list(request: HttpRequest) -> HttpResponse:
    """The villages in the caller's regions and their boards (open or not)."""
    from sanwei.regions.models import RegionLevel

    require(request.user, VIEW_OPINIONS)
    villages = list(Region.objects.filter(level=RegionLevel.VILLAGE).order_by("path"))
    opened = {b.region_id: b for b in boards.PublicBoard.objects.filter(region__in=villages)}
    rows = [
        {
            "village": village,
            "board": opened.get(village.pk),
            "link": _public_link(request, opened[village.pk]) if village.pk in opened else "",
        }
        for village in villages
        if can(request.user, VIEW_OPINIONS, village)
    ]
    return render(request, "seminar/board_list.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def board_manage(request: HttpRequest, region_pk: int) -> HttpResponse:
    """GET: the village's board link, QR code, poster and figures. POST `open` or
    `renew`."""
    region = get_object_or_404(Region.objects, pk=region_pk)
    if request.method == "POST":
        require(request.user, CHANGE_OPINIONS, region)
        from sanwei.core.errors import ServiceError

        try:
            if request.POST.get("action") == "renew":
                board = boards.board_of(region)
                if board is None:
                    raise Http404
                boards.renew_board_code(board, user=request.user)
                messages.success(request, _("已更换公开栏链接，旧链接和旧二维码不再有效"))
            else:
                boards.open_board(region, user=request.user)
                messages.success(request, _("已开设公开栏"))
        except ServiceError as e:
            if getattr(e, "status", 400) == 403:
                raise
            messages.error(request, e.message)
        return redirect("seminar:board_manage", region.pk)
    require(request.user, VIEW_OPINIONS, region)
    board = boards.board_of(region)
    context = {
        "region": region,
        "board": board,
        "can_change": can(request.user, CHANGE_OPINIONS, region),
    }
    if board is not None:
        link = _public_link(request, board)
        context.update(
            link=link,
            qr=qr_svg(link),
            figures=boards.board_figures(board),
        )
    return render(request, "seminar/board_manage.html", context)
