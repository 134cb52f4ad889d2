"""The demo town shows the opinion-photo feature: two opinions of its recent meetings
carry a photo drawn when the demo is built, stored as a real upload is, and the town
admin opens it from the opinion's page."""

from __future__ import annotations

import io

from django.contrib.auth import get_user_model
from django_scopes import scopes_disabled
from PIL import Image

from sanwei.seminar.models import Opinion


def test_two_demo_opinions_have_a_photo_the_town_admin_opens(demo, client):
    with scopes_disabled():
        with_photo = list(Opinion.unscoped.exclude(photo="").order_by("id"))
    client.force_login(get_user_model().objects.get(username="town"))

    assert len(with_photo) == 2
    for opinion in with_photo:
        assert opinion.photo.name.startswith(f"opinions/{opinion.code}/")
        assert opinion.photo.name.endswith(".png")
        page = client.get(f"/seminar/opinions/{opinion.pk}/").content.decode()
        photo_url = f"/seminar/opinions/{opinion.pk}/photo/"
        assert f'<img src="{photo_url}"' in page
        response = client.get(photo_url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        image = Image.open(io.BytesIO(b"".join(response.streaming_content)))
        assert (image.format, image.size) == ("PNG", (640, 480))
