"""Photos for the demo, drawn with Pillow when the demo is built: nothing is downloaded and
no image is kept in the repository. A drawing is a plain scene (sky, hills, fields and
the thing an opinion is about), the same bytes on every build."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

WIDTH, HEIGHT = 640, 480
HORIZON = 250

SKY, HILL, FIELD = (173, 206, 232), (96, 140, 92), (132, 170, 96)
ROAD, KERB, POST, LAMP = (150, 146, 140), (210, 206, 196), (70, 70, 74), (236, 236, 210)
WATER, BANK = (88, 140, 178), (146, 120, 88)
WALL, ROOF, DOOR = (228, 222, 206), (84, 84, 96), (120, 82, 52)


def _landscape(draw: ImageDraw.ImageDraw) -> None:
    draw.rectangle((0, 0, WIDTH, HORIZON), fill=SKY)
    draw.polygon([(0, HORIZON), (120, 150), (260, HORIZON)], fill=HILL)
    draw.polygon([(180, HORIZON), (360, 120), (560, HORIZON)], fill=HILL)
    draw.polygon([(460, HORIZON), (600, 170), (WIDTH, 200), (WIDTH, HORIZON)], fill=HILL)
    draw.rectangle((0, HORIZON, WIDTH, HEIGHT), fill=FIELD)


def _road_with_lamps(draw: ImageDraw.ImageDraw) -> None:
    """A village road running off to the hills, with lamp posts along it (one unlit)."""
    draw.polygon([(300, HORIZON), (340, HORIZON), (560, HEIGHT), (80, HEIGHT)], fill=ROAD)
    draw.line([(320, HORIZON + 10), (320, HEIGHT)], fill=KERB, width=4)
    for x, top, lit in ((470, 160, True), (400, 210, False), (364, 232, True)):
        foot = HORIZON + (HEIGHT - HORIZON) * (x - 340) // 220
        draw.line([(x, top), (x, foot)], fill=POST, width=max(2, (x - 330) // 25))
        draw.ellipse((x - 12, top - 8, x + 12, top + 8), fill=LAMP if lit else POST)


def _channel(draw: ImageDraw.ImageDraw) -> None:
    """An irrigation channel across the fields, silted up in the middle."""
    draw.polygon([(260, HORIZON), (300, HORIZON), (520, HEIGHT), (140, HEIGHT)], fill=BANK)
    draw.polygon([(272, HORIZON), (290, HORIZON), (470, HEIGHT), (190, HEIGHT)], fill=WATER)
    draw.ellipse((250, 340, 380, 390), fill=BANK)


def _house(draw: ImageDraw.ImageDraw) -> None:
    """A village house with a tiled roof and its yard."""
    draw.rectangle((200, 220, 440, 380), fill=WALL)
    draw.polygon([(180, 225), (320, 140), (460, 225)], fill=ROOF)
    draw.rectangle((295, 290, 345, 380), fill=DOOR)
    for x in (225, 375):
        draw.rectangle((x, 250, x + 40, 290), fill=SKY, outline=DOOR, width=3)
    draw.rectangle((120, 380, 520, 400), fill=KERB)


SCENES = {"roads": _road_with_lamps, "water": _channel}


def opinion_photo(category: str, name: str = "现场照片.png") -> SimpleUploadedFile:
    """A PNG of the scene for an opinion of `category` (a house for the categories without
    their own scene), as an upload: it goes through the same checks and storage as a
    photo taken at a meeting."""
    image = Image.new("RGB", (WIDTH, HEIGHT), FIELD)
    draw = ImageDraw.Draw(image)
    _landscape(draw)
    SCENES.get(category, _house)(draw)
    data = io.BytesIO()
    image.save(data, format="PNG", optimize=True)
    return SimpleUploadedFile(name, data.getvalue(), content_type="image/png")
