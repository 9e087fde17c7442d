"""Everything about one entity: its names, classes, description, dates, and every fact it takes
part in, read from its side, each with its role, the other entities, dates, quotes and notes.

This is the data behind ``kazkg describe`` and the explorer's entity page.  Two indexed queries
(the entity's own triples, and the facts that name it through one of the schema's roles) and one
label lookup, whatever the size of the graph.

>>> from kazkg.query.backends import open_backend                  # doctest: +SKIP
>>> about = describe(open_backend(), "ATC")                          # doctest: +SKIP
>>> about.label                                                      # doctest: +SKIP
'Anti-Terrorism Center of the Republic of Kazakhstan'
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from kazkg.errors import QueryError
from kazkg.query import internal
from kazkg.query.backends.base import Backend
from kazkg.query.labels import labels
from kazkg.query.resolve import resolve
from kazkg.schema import Schema, default_schema
from kazkg.terms import Term, preferred_label
from kazkg.time import Span
from kazkg.vocab import KZ, KZID, ORG, PROV, RDF, RDFS, SCHEMA, SKOS

JSON_FORMAT = 1
"""Version of the structure :meth:`Description.to_json` returns."""

_SPAN_PROPERTIES = {
    KZ.heldFrom,
    KZ.heldUntil,
    KZ.existedFrom,
    KZ.existedUntil,
    KZ.heldFunctionFrom,
    KZ.heldFunctionUntil,
}
_OWN_DATES = (KZ.date, KZ.startDate, KZ.endDate)
_NOT_DETAILS = {
    RDF + "type",
    KZ.quote,
    SKOS + "editorialNote",
    PROV + "wasDerivedFrom",
    RDF + "subject",
    RDF + "object",
    RDF + "predicate",
    *_SPAN_PROPERTIES,
    *_OWN_DATES,
}

Values = dict[str, list[Term]]


@dataclass(frozen=True)
class Party:
    """Another entity (or controlled term) a fact names, and the role it plays there."""

    iri: str
    label: str
    role: str
    role_label: str


@dataclass(frozen=True)
class Statement:
    """One fact the entity takes part in, read from the entity's side."""

    fact: str
    kind: str
    """The most specific class of the fact (``kz:Succession``, ``kz:Attack``, ``kz:Assertion``)."""
    kind_label: str
    relation: str
    """The relation the fact states between the entity and the others."""
    relation_label: str
    """The relation's label, or its inverse's where the ontology names one (``preceded by``)."""
    direction: Literal["out", "in"]
    """``out``: the entity is the relation's subject; ``in``: its object (read ``others →
    relation → entity`` where the relation has no inverse name)."""
    role: str
    """The property through which the fact names the entity."""
    others: tuple[Party, ...]
    """The other entities the relation links the entity to (for ``in``, its subjects)."""
    details: tuple[tuple[str, str], ...] = ()
    """Further values of the fact, as ``(property label, value)``: stage, role, kind of change…"""
    date: str | None = None
    start: str | None = None
    """``kz:heldFrom``: when it began to hold, as far as the source tells."""
    end: str | None = None
    """``kz:heldUntil``: when it stopped holding."""
    quotes: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    quote: str = ""
    """The quote that best names the entity and the others (:func:`kazkg.query.quotes.best_quote`;
    ``quotes`` has them all)."""

    @property
    def span(self) -> Span:
        """When the fact held."""
        return Span(self.start, self.end)

    @property
    def ranked_quotes(self) -> list[str]:
        """Every quote, :attr:`quote` first."""
        return [self.quote, *(q for q in self.quotes if q != self.quote)] if self.quote else []


@dataclass
class Description:
    """Everything the graph says about one entity."""

    iri: str
    label: str
    classes: list[tuple[str, str]]
    """The entity's most specific classes, as ``(IRI, label)``."""
    aliases: list[str] = field(default_factory=list)
    description: str | None = None
    """The one-line ``schema:description``."""
    definitions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    existed: Span = field(default_factory=Span)
    """When it existed (``kz:existedFrom`` / ``kz:existedUntil``)."""
    function: Span | None = None
    """For a body of a line of succession: when it held the line's function."""
    details: list[tuple[str, str]] = field(default_factory=list)
    """Its own further values, as ``(property label, value)`` (an event's or statistic's date,
    value, unit, qualifier…)."""
    statements: list[Statement] = field(default_factory=list)
    """Every fact it takes part in (its statistics included), in a stable order."""

    @property
    def statistics(self) -> list[Statement]:
        """The statistics about it."""
        return [s for s in self.statements if s.kind == KZ.Statistic]

    def by_relation(self) -> dict[str, list[Statement]]:
        """The statements grouped by relation label (with an arrow for the inverse side)."""
        groups: dict[str, list[Statement]] = defaultdict(list)
        for statement in self.statements:
            groups[statement.relation_label].append(statement)
        return dict(groups)

    def to_json(self) -> dict[str, Any]:
        """Everything as plain JSON data."""
        return {
            "format": JSON_FORMAT,
            "iri": self.iri,
            "label": self.label,
            "classes": [{"iri": iri, "label": label} for iri, label in self.classes],
            "aliases": self.aliases,
            "description": self.description,
            "definitions": self.definitions,
            "notes": self.notes,
            "quotes": self.quotes,
            "sources": self.sources,
            "existed": {"from": self.existed.start, "until": self.existed.end},
            "function": (
                {"from": self.function.start, "until": self.function.end}
                if self.function is not None
                else None
            ),
            "details": [{"property": p, "value": v} for p, v in self.details],
            "statements": [_statement_json(s) for s in self.statements],
        }


def _statement_json(statement: Statement) -> dict[str, Any]:
    return {
        "fact": statement.fact,
        "kind": {"iri": statement.kind, "label": statement.kind_label},
        "relation": {"iri": statement.relation, "label": statement.relation_label},
        "direction": statement.direction,
        "role": statement.role,
        "others": [
            {"iri": p.iri, "label": p.label, "role": p.role, "role_label": p.role_label}
            for p in statement.others
        ],
        "details": [{"property": p, "value": v} for p, v in statement.details],
        "date": statement.date,
        "start": statement.start,
        "end": statement.end,
        "quotes": list(statement.quotes),
        "quote": statement.quote,
        "notes": list(statement.notes),
        "sources": list(statement.sources),
    }


def _texts(values: Values, prop: str) -> list[str]:
    return sorted({t.value for t in values.get(prop, ()) if t.kind == "literal"})


def _iris(values: Values, prop: str) -> list[str]:
    return sorted({t.value for t in values.get(prop, ()) if t.kind == "iri"})


def _first(values: Values, *props: str) -> str | None:
    found = [t.value for p in props for t in values.get(p, ())]
    return min(found) if found else None


def _node_values(backend: Backend, iri: str) -> Values:
    """Every property of ``iri`` and its values."""
    values: Values = defaultdict(list)
    for prop, value, lang in internal.select(backend, "describe-node", node=Term.iri(iri)).rows:
        if prop is not None and value is not None:
            if value.kind == "literal" and lang is not None and lang.value:
                value = Term("literal", value.value, value.datatype, lang.value)
            values[prop.value].append(value)
    return values


def _fact_values(backend: Backend, iri: str, schema: Schema) -> dict[tuple[str, str], Values]:
    """For each ``(fact, role)`` that names ``iri``, every property of the fact and its values."""
    roles = [Term.iri(role) for role in schema.fact_roles()]
    table = internal.select(backend, "describe-facts", node=Term.iri(iri), role=roles)
    facts: dict[tuple[str, str], Values] = defaultdict(lambda: defaultdict(list))
    for fact, role, prop, value, _ in table.rows:
        if None not in (fact, role, prop, value):
            assert fact is not None and role is not None and prop is not None and value is not None
            facts[fact.value, role.value][prop.value].append(value)
    return facts


@dataclass(frozen=True)
class _Reading:
    """How a fact reads from the entity's side: the relation, its direction, the other roles."""

    relation: str
    label: str
    direction: Literal["out", "in"]
    other_roles: tuple[str, ...]


def _reading(schema: Schema, classes: set[str], role: str, values: Values) -> _Reading:
    """The relation a fact states, seen from the entity that plays ``role`` in it."""
    for relation in schema.relations:
        if relation.fact_class not in classes:
            continue
        if role == relation.subject_role:
            return _Reading(relation.iri, relation.label, "out", (relation.object_role,))
        if role == relation.object_role:
            label = relation.inverse_label or relation.label
            return _Reading(relation.inverse or relation.iri, label, "in", (relation.subject_role,))
    predicate = _first(values, RDF + "predicate")
    if predicate is not None and role in (RDF + "subject", RDF + "object"):
        label = schema.property_label(predicate)
        if role == RDF + "subject":
            return _Reading(predicate, label, "out", (RDF + "object",))
        return _Reading(predicate, label, "in", (RDF + "subject",))
    # the entity is named by a property of an event or statistic: the fact itself is the other end
    return _Reading(role, schema.property_label(role), "in", ())


def _details(
    schema: Schema, values: Values, roles: set[str], names: dict[str, str]
) -> list[tuple[str, str]]:
    """The further values of a node: its own data (a stage, a role, a kind of change, a value, a
    unit), not its links to entities (those are statements), its evidence or its spans."""
    found = []
    for prop, terms in sorted(values.items()):
        if prop in _NOT_DETAILS or prop in roles or not prop.startswith((KZ.NS, ORG)):
            continue
        for term in sorted(set(terms)):
            if term.kind == "iri" and term.value.startswith(KZID):
                continue
            shown = names.get(term.value, term.value) if term.kind == "iri" else term.value
            found.append((schema.property_label(prop), shown))
    return found


def _dates_and_evidence(values: Values) -> dict[str, Any]:
    """A fact's date, the span it held, its quotes, notes and sources, as :class:`Statement`
    fields."""
    return {
        "date": _first(values, *_OWN_DATES),
        "start": _first(values, KZ.heldFrom),
        "end": _first(values, KZ.heldUntil),
        "quotes": tuple(_texts(values, KZ.quote)),
        "notes": tuple(_texts(values, SKOS + "editorialNote")),
        "sources": tuple(_iris(values, PROV + "wasDerivedFrom")),
    }


def _statement(
    schema: Schema,
    key: tuple[str, str],
    values: Values,
    names: dict[str, str],
    roles: set[str],
) -> Statement:
    fact, role = key
    classes = set(_iris(values, RDF + "type"))
    leaves = schema.most_specific(
        c for c in classes if c in schema.classes and schema.is_a(c, KZ.Fact)
    )
    kind = leaves[0] if leaves else KZ.Fact
    reading = _reading(schema, classes, role, values)
    others = [
        Party(iri, names.get(iri, iri), other_role, schema.property_label(other_role))
        for other_role in reading.other_roles
        for iri in _iris(values, other_role)
    ]
    if not reading.other_roles:
        others.append(Party(fact, names.get(fact, fact), role, schema.property_label(role)))
    return Statement(
        fact=fact,
        kind=kind,
        kind_label=schema.class_label(kind),
        relation=reading.relation,
        relation_label=reading.label,
        direction=reading.direction,
        role=role,
        others=tuple(others),
        details=tuple(_details(schema, values, roles, names)),
        **_dates_and_evidence(values),
    )


def _own_statements(
    schema: Schema, iri: str, values: Values, names: dict[str, str]
) -> list[Statement]:
    """For an event or a statistic: the entities it names through its own properties."""
    classes = {c for c in _iris(values, RDF + "type") if c in schema.classes}
    own_kinds = [cls for cls in (KZ.Event, KZ.Statistic) if cls in classes]
    if not own_kinds:
        return []
    kind = schema.most_specific(classes)[0]
    found = []
    for prop in sorted({p for cls in own_kinds for p in schema.properties_with_domain(cls)}):
        label = schema.property_label(prop)
        for other in _iris(values, prop):
            found.append(
                Statement(
                    fact=iri,
                    kind=kind,
                    kind_label=schema.class_label(kind),
                    relation=prop,
                    relation_label=label,
                    direction="out",
                    role=prop,
                    others=(Party(other, names.get(other, other), prop, label),),
                    **_dates_and_evidence(values),
                )
            )
    return found


def _with_best_quotes(backend: Backend, iri: str, statements: list[Statement]) -> list[Statement]:
    """``statements``, each with the quote that best names the entity and the others."""
    from kazkg.query.quotes import best_quote
    from kazkg.query.resolve import name_index

    wanted = {iri} | {p.iri for s in statements for p in s.others}
    names = name_index(backend).names_of(wanted)
    chosen = []
    for statement in statements:
        ends = [names.get(iri, ()), *(names.get(p.iri, (p.label,)) for p in statement.others)]
        details = [statement.date or "", *(value for _, value in statement.details)]
        chosen.append(replace(statement, quote=best_quote(statement.quotes, ends, details)))
    return chosen


def _to_label(iris: Iterable[str]) -> set[str]:
    return {iri for iri in iris if iri}


def description(backend: Backend, iri: str, schema: Schema | None = None) -> Description:
    """Everything the graph held by ``backend`` says about the entity ``iri``."""
    schema = schema or default_schema()
    own = _node_values(backend, iri)
    if not own:
        raise QueryError(f"nothing in the graph is about {iri}")
    facts = _fact_values(backend, iri, schema)
    roles = set(schema.fact_roles())
    wanted = _to_label(
        [
            *(t.value for ts in own.values() for t in ts if t.kind == "iri"),
            *(
                t.value
                for vs in facts.values()
                for ts in vs.values()
                for t in ts
                if t.kind == "iri"
            ),
            *(fact for fact, _ in facts),
        ]
    )
    names = labels(backend, wanted)
    classes = [c for c in _iris(own, RDF + "type") if c in schema.classes]
    label_values = [(t.value, t.lang) for t in own.get(RDFS + "label", ())]
    statements = [_statement(schema, key, values, names, roles) for key, values in facts.items()]
    statements += _own_statements(schema, iri, own, names)
    statements = _with_best_quotes(backend, iri, statements)
    statements.sort(key=lambda s: (s.relation_label, s.date or s.start or "", s.fact))
    function = None
    if KZ.heldFunctionFrom in own or KZ.heldFunctionUntil in own:
        function = Span(_first(own, KZ.heldFunctionFrom), _first(own, KZ.heldFunctionUntil))
    return Description(
        iri=iri,
        label=preferred_label(label_values) or names.get(iri, iri),
        classes=[(c, schema.class_label(c)) for c in schema.most_specific(classes)],
        aliases=_texts(own, SKOS + "altLabel"),
        description=_first(own, SCHEMA + "description"),
        definitions=_texts(own, SKOS + "definition"),
        notes=_texts(own, SKOS + "editorialNote"),
        quotes=_texts(own, KZ.quote),
        sources=_iris(own, PROV + "wasDerivedFrom"),
        existed=Span(_first(own, KZ.existedFrom), _first(own, KZ.existedUntil)),
        function=function,
        details=_details(schema, own, roles, names),
        statements=statements,
    )


def triples(backend: Backend, iri: str, schema: Schema | None = None) -> bytes:
    """The triples about ``iri`` and about every fact that names it, as N-Triples (the Turtle
    form of ``kazkg describe``; inferred triples included)."""
    from kazkg.query.sparql import bind_values

    schema = schema or default_schema()
    roles = [Term.iri(role) for role in schema.fact_roles()]
    text = internal.query("describe-graph").text
    return backend.construct(bind_values(text, {"node": Term.iri(iri), "role": roles}))


def describe(backend: Backend, name: str, schema: Schema | None = None) -> Description:
    """Resolve ``name`` (a name, alias, IRI or CURIE), then describe it."""
    return description(backend, resolve(backend, name), schema)


__all__ = ["Description", "Party", "Statement", "describe", "description", "triples"]
