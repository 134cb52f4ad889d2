"""The public share pages of learning materials: /m/<code>, its file and its QR code.

No login (listed in `sanwei.urls.PUBLIC_URL_NAMES`): a material is addressed by its random
code, never its pk, fetched unscoped by that code. The page is made for phones and for
sharing in WeChat (og:title / og:description), and shows the material only — no person,
no account, no region's people. Each view of the page is counted (`count_share_view`)."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from sanwei.core.qr import qr_png
from sanwei.core.uploads import file_response

from . import services
from .models import Material, MaterialKind


def _shared(code: str) -> Material:
    return get_object_or_404(Material.unscoped.select_related("region"), code=code)


@require_safe
def material_share(request: HttpRequest, code: str) -> HttpResponse:
    material = _shared(code)
    if request.method == "GET":
        services.count_share_view(material)
    response = render(
        request,
        "classroom/share.html",
        {
            "material": material,
            "share_link": request.build_absolute_uri(),
            "has_file": material.kind == MaterialKind.DOCUMENT and bool(material.file),
        },
    )
    response["Cache-Control"] = "no-cache"
    return response


@require_safe
def material_share_file(request: HttpRequest, code: str) -> FileResponse:
    material = _shared(code)
    if material.kind != MaterialKind.DOCUMENT or not material.file:
        raise Http404
    name = material.original_name or material.file.name.rsplit("/", 1)[-1]
    # A download, typed by the format its content was checked to be (never text/html).
    return file_response(material.file, name)


@require_safe
def material_share_qr(request: HttpRequest, code: str) -> HttpResponse:
    """A PNG of the share page's QR code, to save and send in WeChat or print."""
    material = _shared(code)
    link = request.build_absolute_uri(reverse("material_share", args=[material.code]))
    response = HttpResponse(qr_png(link), content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="material-{material.code}.png"'
    return response
