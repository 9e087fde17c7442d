"""What can be asked: the ontology's classes and relations with their definitions, how many
entities and facts the graph holds of each, and the standard-vocabulary terms each aligns to
(its superclasses and superproperties outside the ``kz:`` namespace: ORG, PROV, ELI, schema.org,
Wikidata, SKOS, FOAF, Dublin Core).
"""

from __future__ import annotations

from dataclasses import dataclass

from kazkg.query import internal
from kazkg.query.backends.base import Backend
from kazkg.schema import Schema, local_name
from kazkg.terms import Term
from kazkg.views.network_page import compact_iri
from kazkg.vocab import KZ, OWL, RDFS

_NOT_ALIGNMENTS = {OWL + "Thing", RDFS + "Resource"}


@dataclass(frozen=True)
class ClassRow:
    """A class of entities or a kind of fact."""

    iri: str
    name: str
    label: str
    definition: str
    count: int
    aligned: tuple[str, ...]
    parents: tuple[str, ...]
    """The labels of its direct kz: superclasses."""


@dataclass(frozen=True)
class RelationRow:
    """A relation between entities and the kind of fact it comes from."""

    iri: str
    label: str
    inverse: str | None
    definition: str
    fact_class: str
    facts: int
    aligned: tuple[str, ...]


@dataclass
class SchemaView:
    """The schema page."""

    entities: list[ClassRow]
    facts: list[ClassRow]
    relations: list[RelationRow]


def counts(backend: Backend) -> dict[str, int]:
    """How many nodes each ``kz:`` class has."""
    table = internal.select(backend, "class-counts")
    return {c.value: int(n.value) for c, n in table.rows if c is not None and n is not None}


def _aligned(iris: frozenset[str]) -> tuple[str, ...]:
    return tuple(
        sorted(compact_iri(i) for i in iris if not i.startswith(KZ.NS) and i not in _NOT_ALIGNMENTS)
    )


def _parents(schema: Schema, iri: str) -> tuple[str, ...]:
    info = schema.classes[iri]
    above = [a for a in info.ancestors if a != iri and a.startswith(KZ.NS)]
    direct = [a for a in above if not any(o != a and schema.is_a(o, a) for o in above)]
    return tuple(sorted(schema.class_label(a) for a in direct))


def schema_view(backend: Backend, schema: Schema) -> SchemaView:
    """The classes (entities, then kinds of fact) and relations, with their counts."""
    found = counts(backend)
    rows = [
        ClassRow(
            info.iri,
            local_name(info.iri),
            info.label,
            info.definition,
            found.get(info.iri, 0),
            _aligned(info.ancestors),
            _parents(schema, info.iri),
        )
        for info in schema.classes.values()
        if info.iri.startswith(KZ.NS)
    ]
    entities = [r for r in rows if schema.is_a(r.iri, KZ.Entity)]
    facts = [r for r in rows if schema.is_a(r.iri, KZ.Fact) and r not in entities]
    relations = [
        RelationRow(
            r.iri,
            r.label,
            r.inverse_label,
            schema.properties[r.iri].definition if r.iri in schema.properties else "",
            schema.class_label(r.fact_class),
            found.get(r.fact_class, 0),
            _aligned(
                schema.properties[r.iri].superproperties
                if r.iri in schema.properties
                else frozenset()
            ),
        )
        for r in schema.relations
    ]
    return SchemaView(
        sorted(entities, key=lambda r: r.label.lower()),
        sorted(facts, key=lambda r: r.label.lower()),
        sorted(relations, key=lambda r: r.label.lower()),
    )


def members(backend: Backend, cls: str) -> list[tuple[str, str]]:
    """The nodes of class ``cls`` with their labels (at most 2,000), by label."""
    table = internal.select(backend, "class-members", **{"class": Term.iri(cls)})
    seen: dict[str, str] = {}
    for node, label in table.rows:
        if node is not None and node.value not in seen:
            seen[node.value] = label.value if label is not None else compact_iri(node.value)
    return list(seen.items())


__all__ = ["ClassRow", "RelationRow", "SchemaView", "counts", "members", "schema_view"]
