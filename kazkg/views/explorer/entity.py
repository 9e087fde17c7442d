"""What an entity page shows, and the entity as Linked Data.

An entity page is :func:`kazkg.query.describe.description` (names, classes, dates, every fact
with its quotes and notes), plus for a body in a line of succession its lineage
(:func:`kazkg.query.trace.lineage`) and timeline picture, plus its ego network laid out before
the page is sent.  A fact (a node of a kind of fact that is not an entity) gets the same page
with its parties and their roles instead of facts.  With ``Accept: text/turtle`` or
``application/ld+json`` the same URL gives the node's own triples.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from kazkg.query import internal
from kazkg.query.backends.base import Backend
from kazkg.query.describe import Description, Statement, description
from kazkg.query.labels import labels
from kazkg.query.trace import Lineage, lineage
from kazkg.schema import Schema
from kazkg.terms import Term
from kazkg.views.explorer.ego import around
from kazkg.views.network_page import page_data, script_json
from kazkg.vocab import KZ, KZID, PREFIXES, PROV, RDF

LINKED_DATA = {"text/turtle": ox.RdfFormat.TURTLE, "application/ld+json": ox.RdfFormat.JSON_LD}
"""The media types an entity's triples are served in."""


@dataclass(frozen=True)
class Party:
    """A node a fact names, and the role it plays there."""

    role: str
    iri: str
    label: str


@dataclass
class EntityView:
    """Everything an entity (or fact) page shows."""

    about: Description
    is_fact: bool
    groups: list[tuple[str, list[Statement]]] = field(default_factory=list)
    lineage: Lineage | None = None
    parties: list[Party] = field(default_factory=list)
    dates: list[tuple[str, str]] = field(default_factory=list)
    """A fact's own dates, as ``(property label, date)``."""
    network: dict[str, Any] = field(default_factory=dict)
    """The ego network as the network page's data (places included)."""

    @property
    def network_json(self) -> str:
        """The ego network as JSON that is safe inside a ``<script>`` block."""
        return script_json(self.network)

    @property
    def title(self) -> str:
        """The page's title: the label, or for a fact without one its kind and parties."""
        if not self.is_fact or self.about.label != self.about.iri:
            return self.about.label
        kind = self.about.classes[0][1] if self.about.classes else "fact"
        named = " – ".join(dict.fromkeys(p.label for p in self.parties))
        return f"{kind}: {named}" if named else kind

    @property
    def statistics(self) -> list[Statement]:
        """The statistics about the entity."""
        return self.about.statistics


def ego_data(
    backend: Backend, schema: Schema, iri: str, depth: int, about: Description | None = None
) -> dict[str, Any]:
    """The ego network of ``iri`` at ``depth`` as the network page's data, laid out (``about``:
    its description, if it was read already)."""
    from kazkg.views.layout import positions

    network = around(backend, schema, [iri], depth, [about] if about else [])
    places = positions(
        list(network.nodes), [(e.source, e.target) for e in network.edges], focus=[iri], steps=60
    )
    data = page_data(network, schema, focus=(iri,), links=True, places=places)
    data["depth"] = depth
    return data


_DATES = (KZ.date, KZ.startDate, KZ.endDate, KZ.heldFrom, KZ.heldUntil)


def _fact_values(
    backend: Backend, schema: Schema, iri: str
) -> tuple[list[Party], list[tuple[str, str]]]:
    """The nodes a fact names (but its source), with the property naming each; its dates."""
    pairs, dates = [], []
    for prop, value, _ in internal.select(backend, "describe-node", node=Term.iri(iri)).rows:
        if prop is None or value is None:
            continue
        if prop.value in _DATES and value.kind == "literal":
            dates.append((schema.property_label(prop.value), value.value))
        elif (
            value.kind == "iri"
            and value.value.startswith(KZID)
            and prop.value != PROV + "wasDerivedFrom"
        ):
            pairs.append((prop.value, value.value))
    names = labels(backend, {v for _, v in pairs})
    parties = sorted(
        {Party(schema.property_label(p), v, names.get(v, v)) for p, v in pairs},
        key=lambda party: (party.role, party.label),
    )
    return parties, sorted(set(dates))


def _in_a_line(about: Description) -> bool:
    return any(s.kind == KZ.Succession for s in about.statements)


def entity_view(backend: Backend, schema: Schema, iri: str) -> EntityView:
    """The page of ``iri``; a :class:`~kazkg.errors.QueryError` if the graph says nothing of it."""
    about = description(backend, iri, schema)
    classes = [c for c, _ in about.classes]
    is_fact = any(schema.is_a(c, KZ.Fact) for c in classes) and not any(
        schema.is_a(c, KZ.Entity) for c in classes
    )
    view = EntityView(about, is_fact, groups=sorted(about.by_relation().items()))
    if is_fact:
        view.parties, view.dates = _fact_values(backend, schema, iri)
        return view
    if _in_a_line(about):
        view.lineage = lineage(backend, iri)
    view.network = ego_data(backend, schema, iri, 1, about)
    return view


_DRAWING = threading.Lock()
"""matplotlib draws one figure at a time."""


def timeline_svg(backend: Backend, iri: str) -> bytes | None:
    """The timeline picture (SVG) of the line of succession ``iri`` belongs to (``None``: it
    is in none)."""
    from io import BytesIO

    from kazkg.extras import require
    from kazkg.views.timeline import timeline_figure

    line = lineage(backend, iri)
    if len(line.steps) < 2:
        return None
    matplotlib = require("matplotlib", "views")
    buffer = BytesIO()
    with _DRAWING, matplotlib.rc_context({"svg.hashsalt": "kazkg", "svg.fonttype": "none"}):
        timeline_figure(line).savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def _ox_term(term: Term) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    if term.kind == "iri":
        return ox.NamedNode(term.value)
    if term.kind == "bnode":
        return ox.BlankNode(term.value)
    if term.lang:
        return ox.Literal(term.value, language=term.lang)
    return ox.Literal(term.value, datatype=ox.NamedNode(term.datatype) if term.datatype else None)


def linked_data(backend: Backend, iri: str, media_type: str) -> bytes:
    """The triples whose subject is ``iri``, as ``media_type`` (one of :data:`LINKED_DATA`)."""
    subject = ox.NamedNode(iri)
    triples = []
    for prop, value, lang in internal.select(backend, "describe-node", node=Term.iri(iri)).rows:
        if prop is None or value is None:
            continue
        if value.kind == "literal" and lang is not None and lang.value:
            value = Term("literal", value.value, None, lang.value)
        triples.append(ox.Triple(subject, ox.NamedNode(prop.value), _ox_term(value)))
    triples.sort(key=lambda t: (t.predicate.value != RDF + "type", str(t)))
    data = ox.serialize(triples, format=LINKED_DATA[media_type], prefixes=PREFIXES)
    return data or b""


__all__ = [
    "LINKED_DATA",
    "EntityView",
    "Party",
    "ego_data",
    "entity_view",
    "linked_data",
    "timeline_svg",
]
