"""Reading the dashboard page's tables and tiles back (for the dashboard tests)."""

from __future__ import annotations

import re


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).strip()


def table(html: str, table_id: str) -> list[list[str]]:
    """The body rows of the table `table_id`, each a list of its cells' texts."""
    part = html.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    body = part.split("<tbody>", 1)[1]
    return [
        [text(cell) for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def tiles(html: str) -> dict[str, str]:
    """{data-key: the tile's number} of the key figure tiles."""
    part = html.split('id="dash-tiles"', 1)[1]
    return dict(
        re.findall(r'data-key="([^"]+)"><span class="tile-label">[^<]*</span>'
                   r'<span class="tile-num">([^<]*)</span>', part)
    )  # fmt: skip


def heading(html: str) -> str:
    return text(html.split("<h1>", 1)[1].split("</h1>", 1)[0])
