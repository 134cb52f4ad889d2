"""An opinion's photo is shown on its staff page (a thumbnail linking to the full image),
served by a view that checks the viewer may see the opinion in its region — not from a
/media/ address — and never on the village's public board."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from sanwei.accounts.permissions import SYSTEM
from sanwei.seminar import services
from sanwei.seminar.models import PublicBoard

from ..factories import png_bytes


def _opinion_with_photo(village):
    photo = SimpleUploadedFile("路灯.png", png_bytes(), content_type="image/png")
    return services.create_opinion(
        user=SYSTEM, region=village, text="村口的路灯坏了，晚上走路不方便",
        raised_on=timezone.localdate(), raised_by_name="赵大爷", photo=photo,
    )  # fmt: skip


def test_the_staff_page_shows_the_photo_and_serves_its_bytes(login, tree, secretary_a):
    opinion = _opinion_with_photo(tree["village_a"])
    photo_url = reverse("seminar:opinion_photo", args=[opinion.pk])
    client = login(secretary_a)

    page = client.get(reverse("seminar:opinion_detail", args=[opinion.pk]))
    image = client.get(photo_url)

    html = page.content.decode()
    assert page.status_code == 200
    assert f'<img src="{photo_url}"' in html  # the thumbnail
    assert f'<a href="{photo_url}"' in html  # and the link to the full image
    assert "/media/" not in html
    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"
    assert image["X-Content-Type-Options"] == "nosniff"
    assert b"".join(image.streaming_content) == png_bytes()


def test_an_opinion_without_a_photo_has_no_image_and_its_photo_address_is_404(
    login, tree, secretary_a
):
    opinion = services.create_opinion(
        user=SYSTEM, region=tree["village_a"], text="希望办个老年食堂",
        raised_on=timezone.localdate(), raised_by_name="赵大爷",
    )  # fmt: skip
    client = login(secretary_a)

    page = client.get(reverse("seminar:opinion_detail", args=[opinion.pk])).content.decode()
    image = client.get(reverse("seminar:opinion_photo", args=[opinion.pk]))

    assert "<img" not in page
    assert image.status_code == 404


def test_a_user_of_another_village_gets_404_for_the_photo(login, tree, secretary_b):
    opinion = _opinion_with_photo(tree["village_a"])

    response = login(secretary_b).get(reverse("seminar:opinion_photo", args=[opinion.pk]))

    assert response.status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in_for_the_photo(client, tree):
    opinion = _opinion_with_photo(tree["village_a"])
    photo_url = reverse("seminar:opinion_photo", args=[opinion.pk])

    response = client.get(photo_url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_public_board_shows_no_photo_and_no_link_to_it(client, tree):
    opinion = _opinion_with_photo(tree["village_a"])
    board = PublicBoard.unscoped.create(region=tree["village_a"])

    response = client.get(f"/b/{board.code}")

    page = response.content.decode()
    assert response.status_code == 200
    assert "村口的路灯坏了" in page  # the opinion is on the board
    assert "<img" not in page
    assert reverse("seminar:opinion_photo", args=[opinion.pk]) not in page
    assert opinion.photo.name not in page
    assert "/media/" not in page
