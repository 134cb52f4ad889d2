"""Reading rendered pages the way a browser would: links (and where they sit) and selects."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


@dataclass(frozen=True)
class Link:
    href: str
    text: str
    classes: frozenset[str]  # the link's own classes and those of every element around it


@dataclass(frozen=True)
class Select:
    name: str
    options: int


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, frozenset[str]]] = []
        self.links: list[Link] = []
        self.selects: list[Select] = []
        self._link: dict | None = None
        self._select: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = frozenset((attrs.get("class") or "").split())
        if tag == "a" and attrs.get("href"):
            around = frozenset().union(classes, *(c for _t, c in self.stack))
            self._link = {"href": attrs["href"], "text": "", "classes": around}
        if tag == "select":
            self._select = {"name": attrs.get("name", ""), "options": 0}
        if tag == "option" and self._select is not None:
            self._select["options"] += 1
        if tag not in VOID:
            self.stack.append((tag, classes))

    def handle_endtag(self, tag):
        if tag == "a" and self._link is not None:
            self.links.append(Link(**{**self._link, "text": self._link["text"].strip()}))
            self._link = None
        if tag == "select" and self._select is not None:
            self.selects.append(Select(**self._select))
            self._select = None
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if self._link is not None:
            self._link["text"] += data


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


def links(html: str) -> list[Link]:
    return parse(html).links


def selects(html: str) -> list[Select]:
    return parse(html).selects
