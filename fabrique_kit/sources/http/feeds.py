"""News feeds (RSS 0.9x, 1.0, 2.0 and Atom) turned into clean headlines.

:class:`FeedSource` downloads a feed now and then (see :mod:`fabrique_kit.sources.http.fetch`
for the care taken), reads it with feedparser and keeps plain
:class:`~fabrique_kit.model.NewsItem`: text without HTML, dates with a time zone, only
``http``/``https`` links, newest first, no duplicates. Without network the screen keeps
the last good items (cached on disk) and :meth:`FeedSource.age` says how old they are.

Example::

    from fabrique_kit.state import State
    news = FeedSource("https://www.espacenumeriqueesc.fr/feed/", name="actus", every=900)
    state = State()
    news.refresh(state)
    for item in news.latest(5):
        print(item.title)
"""

from __future__ import annotations

import calendar
import html
import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser

from fabrique_kit.clock import PARIS, SYSTEM_CLOCK, Clock
from fabrique_kit.i18n import _
from fabrique_kit.model import NewsItem
from fabrique_kit.sources.http.fetch import FetchError, FetchResult, HttpSource

SUMMARY_LENGTH = 280
TITLE_LENGTH = 200
_TAG = re.compile(r"<(?:[a-zA-Z][^<>]*|/[a-zA-Z][^<>]*|!--.*?--|!\[CDATA\[.*?\]\]|![a-zA-Z][^<>]*)>", re.DOTALL)
_CDATA = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.DOTALL)
_SKIPPED_TAGS = {"script", "style", "noscript", "template", "iframe", "object", "svg", "head", "title"}
_BLOCK_TAGS = {"p", "br", "div", "li", "ul", "ol", "tr", "td", "th", "h1", "h2", "h3", "h4",
               "h5", "h6", "blockquote", "section", "article", "header", "footer", "hr", "figure"}


class _TextExtractor(HTMLParser):
    """Collects the visible text of an HTML fragment and the address of its first image."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.first_image: str | None = None
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIPPED_TAGS:
            self._skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append(" ")
        if tag == "img" and self.first_image is None:
            self.first_image = dict(attrs).get("src")

    def handle_startendtag(self, tag, attrs):
        if tag == "img" and self.first_image is None:
            self.first_image = dict(attrs).get("src")
        elif tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in _SKIPPED_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)


def html_to_text(fragment: str | None, limit: int | None = SUMMARY_LENGTH) -> str:
    """Plain text of an HTML ``fragment``: no tags, no script, entities decoded, one line.

    Example::

        >>> html_to_text("<p>Atelier&nbsp;<b>CAF</b></p><script>alert(1)</script>")
        'Atelier CAF'
    """
    text, _image = _extract(fragment)
    return shorten(text, limit)


def _extract(fragment: str | None) -> tuple[str, str | None]:
    """The visible text and first image of ``fragment``.

    Markup escaped once more (``&lt;b&gt;``, or HTML inside a CDATA section of a
    « plain text » title) is still markup: while the text looks like it holds tags, it
    is read again (a few times at most), so no tag ever reaches the screen as text.
    """
    text, image = _extract_once(fragment)
    for _again in range(3):
        if not _TAG.search(text):
            break
        text, inner = _extract_once(text)
        image = image or inner
    return text, image


def _extract_once(fragment: str | None) -> tuple[str, str | None]:
    if not fragment:
        return "", None
    parser = _TextExtractor()
    fragment = _CDATA.sub(lambda m: html.escape(m[1]), fragment)  # html.parser would drop it whole
    try:
        parser.feed(fragment)
        parser.close()
    except Exception:  # html.parser is lenient; this is only a last guard
        return shorten(html.unescape(_TAG.sub(" ", fragment)), None), None
    text = " ".join("".join(parser.parts).split())
    return text, parser.first_image


def shorten(text: str, limit: int | None) -> str:
    """``text`` on one line, cut at a word boundary with « … » when longer than ``limit``."""
    text = " ".join(text.split())
    if limit is None or len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-") + "…"


def safe_link(address: Any, base: str = "") -> str | None:
    """``address`` made absolute, if it is an ``http``/``https`` link; else None.

    Example::

        >>> safe_link("javascript:alert(1)") is None
        True
    """
    if not isinstance(address, str) or not address.strip():
        return None
    full = urljoin(base, address.strip())
    parts = urlsplit(full)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return full


def _date(entry: dict) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            try:
                return datetime.fromtimestamp(calendar.timegm(parsed), UTC).astimezone(PARIS)
            except (OverflowError, ValueError, OSError):
                continue
    return None


def _image(entry: dict, first_img: str | None, base: str) -> str | None:
    candidates: list[Any] = []
    for enclosure in entry.get("enclosures") or []:
        if str(enclosure.get("type", "")).startswith("image/"):
            candidates.append(enclosure.get("href") or enclosure.get("url"))
    for media in (entry.get("media_content") or []) + (entry.get("media_thumbnail") or []):
        medium, kind = media.get("medium"), str(media.get("type") or "")
        if medium == "image" or kind.startswith("image/") or (not medium and not kind):
            candidates.append(media.get("url"))
    for link in entry.get("links") or []:
        if link.get("rel") == "enclosure" and str(link.get("type", "")).startswith("image/"):
            candidates.append(link.get("href"))
    candidates.append(first_img)
    for candidate in candidates:
        link = safe_link(candidate, base)
        if link:
            return link
    return None


def _text_of(entry: dict, key: str) -> str:
    """The text of a field, stripped of HTML.

    Even a field feedparser calls plain text goes through the HTML reader when it looks
    like it holds tags: feeds often put HTML in their titles (in a CDATA section, or
    escaped), and the screen must show its text, never ``<script>``.
    """
    value = str(entry.get(key) or "")
    detail = entry.get(f"{key}_detail") or {}
    if detail.get("type") == "text/plain" and not _TAG.search(value):
        return " ".join(value.split())
    return _extract(value)[0]


def entry_to_item(entry: dict, *, base: str = "", source: str | None = None) -> NewsItem | None:
    """One feedparser entry as a clean :class:`NewsItem` (None when it has no text at all)."""
    body = ""
    contents = entry.get("content") or []
    if contents:
        body = contents[0].get("value") or ""
    raw_summary = entry.get("summary") or body
    summary_text, first_img = _extract(raw_summary)
    if body and first_img is None:
        first_img = _extract(body)[1]
    title = shorten(_text_of(entry, "title"), TITLE_LENGTH)
    summary = shorten(summary_text, SUMMARY_LENGTH)
    if not title and not summary:
        return None
    link = safe_link(entry.get("link"), base)
    return NewsItem(
        title=title or shorten(summary, 80),
        summary=summary,
        published=_date(entry),
        link=link,
        image=_image(entry, first_img, link or base),
        source=source,
        id=str(entry.get("id") or "")[:500] or None,
    )


def parse_feed(content: bytes, *, content_type: str | None = None, base: str = "",
               max_items: int = 20, source: str | None = None) -> list[NewsItem]:
    """Read a feed's bytes into at most ``max_items`` clean items, newest first.

    ``content_type`` is the HTTP header (it may name the encoding, e.g. ``charset=iso-8859-1``).
    Each item's ``source`` is the feed's own title (``source`` when it has none).
    Raises :class:`FetchError` (French reason) when the bytes are not a feed.

    Example::

        items = parse_feed(Path("actus.xml").read_bytes(), max_items=5)
    """
    if not content.strip():
        raise FetchError(_("flux vide : le serveur a répondu sans contenu"))
    headers = {"content-type": content_type} if content_type else {}
    if base:
        headers["content-location"] = base
    parsed = feedparser.parse(content, response_headers=headers, sanitize_html=False,
                              resolve_relative_uris=False)
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):
        raise FetchError(_("ce n'est pas un flux RSS ou Atom lisible"))
    undated = datetime.min.replace(tzinfo=UTC)
    entries = sorted(parsed.entries, key=lambda e: _date(e) or undated, reverse=True)  # stable
    feed_title = shorten(_text_of(parsed.feed, "title"), 80) if parsed.get("feed") else ""
    source = feed_title or source
    items: list[NewsItem] = []
    seen: set[str] = set()
    for entry in entries:  # cleaned one by one, only until there are enough
        if len(items) >= max_items:
            break
        item = entry_to_item(entry, base=base, source=source)
        if item is None:
            continue
        keys = {f"id:{item.id}" if item.id else "", f"link:{item.link}" if item.link else ""} - {""}
        keys = keys or {f"title:{item.title.casefold()}"}
        if keys & seen:
            continue
        seen |= keys
        items.append(item)
    return items


def item_to_json(item: NewsItem) -> dict:
    data = dict(item.__dict__)
    data["published"] = item.published.isoformat() if item.published else None
    return data


def item_from_json(data: dict) -> NewsItem:
    published = data.get("published")
    return NewsItem(
        title=str(data.get("title") or ""),
        summary=str(data.get("summary") or ""),
        published=datetime.fromisoformat(published) if published else None,
        link=safe_link(data.get("link")),
        image=safe_link(data.get("image")),
        source=data.get("source"),
        id=data.get("id"),
    )


class FeedSource(HttpSource):
    """A news feed read every ``every`` seconds into the state as a tuple of NewsItem.

    Example::

        news = FeedSource("https://www.rennes.fr/feed", name="actus", every=900, max_items=10)
        news.refresh(state)         # the kit does this on its schedule
        news.latest(3)              # the three newest items
        news.age()                  # seconds since the server last confirmed them
    """

    kind = "feed"
    accept = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"

    def __init__(
        self,
        url: str,
        name: str = "actus",
        every: float = 900.0,
        max_items: int = 20,
        cache_dir: Path | str | None = None,
        timeout: float = 10.0,
        max_bytes: int = 2_000_000,
        *,
        clock: Clock = SYSTEM_CLOCK,
    ):
        super().__init__(url, name=name, every=every, cache_dir=cache_dir, timeout=timeout,
                         max_bytes=max_bytes, clock=clock)
        self.max_items = max(1, int(max_items))

    def parse(self, result: FetchResult) -> tuple[NewsItem, ...]:
        """The clean news items of a downloaded feed.

        Example: ``source.parse(result)`` → ``(NewsItem(title=...), ...)``
        """
        items = parse_feed(result.content, content_type=result.headers.get("Content-Type"),
                           base=result.url, max_items=self.max_items, source=self.name)
        return tuple(items)

    def to_cache(self, value: Any) -> list[dict]:
        """The news items as JSON-ready data for the disk cache.

        Example: ``source.to_cache(items)`` → ``[{"title": ...}, ...]``
        """
        return [item_to_json(item) for item in value or ()]

    def from_cache(self, data: Any) -> tuple[NewsItem, ...]:
        """Rebuild the news items saved in the disk cache.

        Example: ``source.from_cache(saved)`` → ``[NewsItem(...), ...]``
        """
        return tuple(item_from_json(entry) for entry in data)

    def latest(self, n: int = 5) -> list[NewsItem]:
        """The ``n`` newest items (read through the state, so the screen follows them)."""
        if self._state is None:
            return []
        return list(self._state.get(self.name) or ())[: max(0, n)]
