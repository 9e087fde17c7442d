"""The source view: a source document's text with every quote taken from it highlighted.

The text is cut into segments at every place a quote begins or ends; each segment knows the
quotes that cover it (quotes overlap: one sentence can back several facts).  The first place a
quote occurs carries its anchor (:func:`~kazkg.views.explorer.links.quote_anchor`), so
``/source/{id}#q-…`` opens the text at that quote.

>>> [(s.text, s.quotes) for s in segments("one two three", {"two": "a", "two three": "b"})]
[('one ', ()), ('two', ('a', 'b')), (' three', ('b',))]
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from kazkg.build.evidence import Source
from kazkg.query import internal
from kazkg.query.backends.oxigraph import OxigraphBackend
from kazkg.schema import Schema
from kazkg.terms import Term
from kazkg.views.explorer.links import entity_href, quote_anchor
from kazkg.views.explorer.search import node_info

PLACES_PER_QUOTE = 20
"""A quote that occurs more often is highlighted at its first places only."""


@dataclass(frozen=True)
class Segment:
    """A stretch of the text, the anchors of the quotes covering it, and those starting here."""

    text: str
    quotes: tuple[str, ...] = ()
    starts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Backing:
    """A node a quote is taken for: its page and what it is."""

    href: str | None
    label: str


@dataclass
class SourceView:
    """What the source view shows."""

    iri: str
    label: str
    identifier: str | None
    segments: list[Segment] = field(default_factory=list)
    quotes: dict[str, tuple[str, list[Backing]]] = field(default_factory=dict)
    """Each quote's anchor: its text and the nodes it backs."""
    missing: list[str] = field(default_factory=list)
    """Quotes not found in the text."""
    text_found: bool = False


def _places(text: str, quote: str) -> list[int]:
    found: list[int] = []
    at = text.find(quote)
    while at >= 0 and len(found) < PLACES_PER_QUOTE:
        found.append(at)
        at = text.find(quote, at + 1)
    return found


def segments(text: str, quotes: Mapping[str, str]) -> list[Segment]:
    """``text`` cut at every boundary of the ``quotes`` (quote text → anchor)."""
    opens: dict[int, list[str]] = defaultdict(list)
    closes: dict[int, list[str]] = defaultdict(list)
    first: dict[int, list[str]] = defaultdict(list)
    for quote, anchor in quotes.items():
        places = _places(text, quote) if quote else []
        for number, at in enumerate(places):
            opens[at].append(anchor)
            closes[at + len(quote)].append(anchor)
            if number == 0:
                first[at].append(anchor)
    cuts = sorted({0, len(text), *opens, *closes})
    active: dict[str, int] = defaultdict(int)
    found = []
    for start, end in itertools.pairwise(cuts):
        for anchor in closes.get(start, ()):
            active[anchor] -= 1
        for anchor in opens.get(start, ()):
            active[anchor] += 1
        covering = tuple(sorted(a for a, n in active.items() if n > 0))
        found.append(Segment(text[start:end], covering, tuple(sorted(first.get(start, ())))))
    return found


def _backings(
    backend: OxigraphBackend, schema: Schema, nodes: dict[str, set[str]]
) -> dict[str, list[Backing]]:
    """For each quote, the nodes it is taken for."""
    from kazkg.query.labels import labels

    every = {n for per in nodes.values() for n in per}
    names = labels(backend, every)
    info = node_info(backend, schema, every)
    found: dict[str, list[Backing]] = {}
    for quote, backed in nodes.items():
        found[quote] = [
            Backing(
                entity_href(node),
                names.get(node) or (schema.class_label(info[node].cls) if node in info else node),
            )
            for node in sorted(backed)
        ]
    return found


def source_view(
    backend: OxigraphBackend, schema: Schema, declared: Iterable[Source], iri: str
) -> SourceView | None:
    """The view of the source document ``iri`` (one of those ``declared``); ``None`` if the graph
    declares no such source."""
    source = next((s for s in declared if s.iri == iri), None)
    if source is None:
        return None
    view = SourceView(iri, source.label or iri, source.identifier)
    nodes: dict[str, set[str]] = defaultdict(set)
    for node, quote in internal.select(backend, "source-quotes", source=Term.iri(iri)).rows:
        if node is not None and quote is not None:
            nodes[quote.value].add(node.value)
    backings = _backings(backend, schema, nodes)
    anchors = {quote: quote_anchor(quote) for quote in nodes}
    view.quotes = {anchors[q]: (q, backings[q]) for q in sorted(nodes)}
    text = source.text
    if text is None:
        return view
    view.text_found = True
    view.segments = segments(text, anchors)
    placed = {a for s in view.segments for a in s.starts}
    view.missing = sorted(q for q, a in anchors.items() if a not in placed)
    return view


__all__ = ["Backing", "Segment", "SourceView", "segments", "source_view"]
