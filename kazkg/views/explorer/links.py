"""Where things are in the explorer: entity pages, source views and the place of each quote.

Every quote links to its place in its source's text: ``/source/{id}#q-…``, where the anchor is a
checksum of the quote's text, so any page can link to a quote without knowing where it is, and
the source view marks the first place the quote occurs with that anchor.

>>> entity_href("https://w3id.org/kazkg/id/kazakhstan")
'/entity/kazakhstan'
>>> quote_anchor("In 2011, the Committee was transformed.")
'q-63f778356751bdf7'
>>> span_text("2011", "2014-08"), span_text(None, "2014"), span_text(None, None)
('2011 – 2014-08', 'until 2014', '')
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from kazkg.views.network_page import compact_iri, entity_path
from kazkg.vocab import KZID

_LOCAL = re.compile(r"[A-Za-z0-9._~-]{1,300}")


def entity_href(iri: str) -> str | None:
    """The entity page of ``iri``, if it is one of the graph's nodes."""
    return entity_path(iri)


def iri_of(local: str) -> str | None:
    """The IRI an ``/entity/{local}`` path names, or ``None`` if ``local`` cannot be one."""
    return KZID.term(local) if _LOCAL.fullmatch(local) else None


def quote_anchor(quote: str) -> str:
    """The anchor of ``quote`` in its source view."""
    return "q-" + hashlib.sha256(quote.encode("utf-8")).hexdigest()[:16]


def source_href(source: str, quote: str | None = None) -> str | None:
    """The source view of the document ``source`` (an IRI), at ``quote`` if given."""
    local = KZID.local(source)
    if not local or not _LOCAL.fullmatch(local):
        return None
    return f"/source/{local}" + (f"#{quote_anchor(quote)}" if quote else "")


def quote_href(quote: str, sources: Iterable[str]) -> str | None:
    """Where ``quote`` is in context: the source view of the first of ``sources``."""
    for source in sorted(sources):
        href = source_href(source, quote)
        if href is not None:
            return href
    return None


def span_text(start: str | None, end: str | None) -> str:
    """``2011 – 2014-08``, ``from 2011``, ``until 2014``, or nothing."""
    if start and end:
        return start if start == end else f"{start} – {end}"
    if start:
        return f"from {start}"
    if end:
        return f"until {end}"
    return ""


__all__ = [
    "compact_iri",
    "entity_href",
    "iri_of",
    "quote_anchor",
    "quote_href",
    "source_href",
    "span_text",
]
