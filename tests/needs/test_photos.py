"""Photos of needs (registration and resolution): a jpg or png Pillow can read, within
NEED_PHOTO_MAX_BYTES; anything else is refused with a Chinese message and nothing written."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from sanwei.accounts.permissions import SYSTEM
from sanwei.core.errors import ServiceError
from sanwei.needs import services
from sanwei.needs.models import Need, NeedCategory, NeedResolution

from ..factories import need_in_state, squad_volunteer


def png(name="漏水.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 12), "blue").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def register(tree, photo):
    return services.register_need(
        user=SYSTEM, region=tree["village_a"], description="水管漏水",
        category=NeedCategory.objects.get(code="repair"), source="visit", photo=photo,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("photo", "code", "message"),
    [
        (SimpleUploadedFile("假的.jpg", b"not an image"), "photo_invalid",
         "照片无法识别，请上传 jpg 或 png 图片"),
        (SimpleUploadedFile("文档.pdf", b"%PDF-1.4"), "photo_type", "照片只能是 jpg 或 png 图片"),
        (SimpleUploadedFile("空.png", b""), "photo_empty", "照片文件是空的"),
    ],
)  # fmt: skip
def test_a_bad_photo_is_refused_and_nothing_is_written(tree, photo, code, message):
    with pytest.raises(ServiceError) as refused:
        register(tree, photo)
    assert (refused.value.code, refused.value.message) == (code, message)
    assert Need.unscoped.count() == 0


def test_a_photo_over_the_limit_is_refused_at_resolution(tree, settings):
    settings.NEED_PHOTO_MAX_BYTES = 50  # shown rounded up: 1 KB
    wang = squad_volunteer(tree["village_a"], name="王志愿")
    need = need_in_state("in_progress", region=tree["village_a"], volunteer=wang)
    with pytest.raises(ServiceError) as refused:
        services.resolve(need, user=SYSTEM, summary="修好了", hours={wang: "1"}, photo=png())
    assert (refused.value.code, refused.value.message) == ("photo_too_large",
                                                           "照片过大：不能超过1 KB")  # fmt: skip
    assert NeedResolution.unscoped.count() == 0


def test_a_real_png_is_kept_under_a_random_name(tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    need = register(tree, png())
    assert need.photo.name.startswith("needs/") and need.photo.name.endswith(".png")
    assert "漏水" not in need.photo.name
    wang = squad_volunteer(tree["village_a"], name="王志愿")
    services.accept(need, user=SYSTEM)
    services.dispatch(need, user=SYSTEM, volunteer=wang)
    services.resolve(need, user=SYSTEM, summary="修好了", hours={wang: "1"}, photo=png("后.png"))
    assert NeedResolution.unscoped.get(need=need).photo.name.endswith(".png")
