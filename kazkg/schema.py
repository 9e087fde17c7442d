"""The schema model: the ontology read once into classes, properties, relations and styles.

Everything that asks "what can be said" asks this model: the reasoner (which rules the axioms
imply), the network projection (which kinds of fact become which relations, and their inverse
names), the selections (which class or relation a typed name means) and the views (how a class
is drawn).  Nobody else reads the ontology.

A **relation** is a direct link between two entities that a kind of fact yields: the ontology
declares it as an OWL 2 property chain over the fact's two roles (the inverse of the subject
role, then the object role) and names the kind of fact with ``kz:factClass``.

>>> model = default_schema()
>>> succession = model.relation(KZ.succeededBy)
>>> local_name(succession.fact_class), succession.label, succession.inverse_label
('Succession', 'succeeded by', 'preceded by')
>>> [c.name for c in model.match_classes("state agency")]
['StateBody']
>>> model.family(KZ.Ministry).name
'StateBody'
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from kazkg.errors import KazkgError
from kazkg.resources import ontology_files
from kazkg.terms import local_name, preferred_label
from kazkg.vocab import KZ, OWL, RDF, RDFS, SKOS

_KZ = KZ.NS


def normalise_name(name: str) -> str:
    """``name`` lower-cased with everything but letters and digits removed: how typed class and
    relation names are compared.

    >>> normalise_name("Sub-organisation of")
    'suborganisationof'
    """
    return re.sub(r"[^0-9a-z]", "", name.lower())


@dataclass(frozen=True)
class ClassInfo:
    """A class of the ontology."""

    iri: str
    label: str
    """The English label (the local name where there is none)."""
    aliases: tuple[str, ...]
    definition: str
    ancestors: frozenset[str]
    """IRIs of the class itself and of all its superclasses."""

    @property
    def name(self) -> str:
        """The local name (``StateBody``)."""
        return local_name(self.iri)

    @property
    def names(self) -> frozenset[str]:
        """The normalised names the class answers to: local name, label and aliases."""
        return frozenset(normalise_name(n) for n in (self.name, self.label, *self.aliases))


@dataclass(frozen=True)
class PropertyInfo:
    """A property of the ontology, with the axioms the reasoner reads."""

    iri: str
    label: str
    definition: str
    domains: frozenset[str]
    ranges: frozenset[str]
    superproperties: frozenset[str]
    """All superproperties (transitively), without the property itself."""
    inverses: frozenset[str]
    chain: tuple[str, str] | None
    """``(p1, p2)`` where the property is declared as the chain ``p1 / p2``."""
    object_valued: bool = False
    """Declared an object property (its values are IRIs)."""
    symmetric: bool = False
    transitive: bool = False
    fact_class: str | None = None
    """For a relation: the kind of fact it is the shortcut of (``kz:factClass``)."""


@dataclass(frozen=True)
class Relation:
    """A direct relation between two entities and the kind of fact it comes from."""

    iri: str
    """The shortcut property (``kz:succeededBy``)."""
    label: str
    fact_class: str
    subject_role: str
    """The fact's property that points at the subject (``org:originalOrganization``)."""
    object_role: str
    """The fact's property that points at the object (``org:resultingOrganization``)."""
    inverse: str | None
    inverse_label: str | None


@dataclass(frozen=True)
class Style:
    """How the entities of one family of classes are drawn."""

    cls: str
    """The IRI of the class the family is named after."""
    color: str
    shape: str
    """A vis-network shape that draws its label below it."""
    order: int
    legend: str
    """The text naming the family in a legend."""

    @property
    def name(self) -> str:
        """The local name of the family's class."""
        return local_name(self.cls)


class SchemaError(KazkgError):
    """The ontology declares something the schema model cannot read."""


def _iri(term: object) -> str | None:
    return term.value if isinstance(term, ox.NamedNode) else None


def _closure(edges: dict[str, set[str]]) -> dict[str, frozenset[str]]:
    """Transitive closure of a relation given as adjacency sets (without the node itself)."""
    result: dict[str, frozenset[str]] = {}
    for start in edges:
        seen: set[str] = set()
        stack = list(edges[start])
        while stack:
            node = stack.pop()
            if node not in seen and node != start:
                seen.add(node)
                stack.extend(edges.get(node, ()))
        result[start] = frozenset(seen)
    return result


class _Reader:
    """The triples of the ontology files, indexed for the few lookups the model needs."""

    def __init__(self, files: Sequence[Path]) -> None:
        self.store = ox.Store()
        for path in files:
            try:
                self.store.load(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.as_uri())
            except (SyntaxError, OSError) as error:
                raise SchemaError(f"{path}: cannot read the ontology ({error})") from None

    def pairs(self, predicate: str) -> Iterator[tuple[str, ox.NamedNode | ox.Literal]]:
        """``(subject IRI, object)`` of every triple with ``predicate`` and an IRI subject."""
        for quad in self.store.quads_for_pattern(None, ox.NamedNode(predicate), None):
            subject = _iri(quad.subject)
            if subject is not None and isinstance(quad.object, ox.NamedNode | ox.Literal):
                yield subject, quad.object

    def links(self, predicate: str) -> Iterator[tuple[str, str]]:
        """``(subject IRI, object IRI)`` of every triple with ``predicate``."""
        for subject, obj in self.pairs(predicate):
            if isinstance(obj, ox.NamedNode):
                yield subject, obj.value

    def symmetric_links(self, predicate: str) -> dict[str, set[str]]:
        """The links of ``predicate`` read both ways, as adjacency sets."""
        found: dict[str, set[str]] = defaultdict(set)
        for s, o in self.links(predicate):
            found[s].add(o)
            found[o].add(s)
        return found

    def hierarchy(self, below: str, equivalent: str) -> dict[str, set[str]]:
        """The direct supers of each term: its ``below`` links, and its ``equivalent`` links
        both ways (each equivalent is above the other)."""
        found = self.symmetric_links(equivalent)
        for s, o in self.links(below):
            found[s].add(o)
        return found

    def texts(self, predicate: str) -> dict[str, list[tuple[str, str | None]]]:
        """Literal values of ``predicate`` with their language, by subject."""
        found: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
        for subject, obj in self.pairs(predicate):
            if isinstance(obj, ox.Literal):
                found[subject].append((obj.value, obj.language))
        return found

    def typed(self, cls: str) -> set[str]:
        """The IRIs declared ``rdf:type cls``."""
        return {s for s, o in self.links(RDF + "type") if o == cls}

    def chains(self) -> dict[str, tuple[str, str]]:
        """Two-link property chains: ``P owl:propertyChainAxiom (p1 p2)`` as ``{P: (p1, p2)}``."""
        found: dict[str, tuple[str, str]] = {}
        predicate = ox.NamedNode(OWL + "propertyChainAxiom")
        for quad in self.store.quads_for_pattern(None, predicate, None):
            prop = _iri(quad.subject)
            items = list(self._list(quad.object))
            if prop is not None and len(items) == 2:
                found[prop] = (items[0], items[1])
        return found

    def _list(self, node: object) -> Iterator[str]:
        while isinstance(node, ox.NamedNode | ox.BlankNode) and node != ox.NamedNode(RDF + "nil"):
            first = next(self.store.quads_for_pattern(node, ox.NamedNode(RDF + "first"), None))
            value = _iri(first.object)
            if value is not None:
                yield value
            node = next(self.store.quads_for_pattern(node, ox.NamedNode(RDF + "rest"), None)).object


class Schema:
    """The ontology as a model: classes, properties, relations and display styles."""

    def __init__(
        self,
        classes: dict[str, ClassInfo],
        properties: dict[str, PropertyInfo],
        relations: tuple[Relation, ...],
        styles: tuple[Style, ...],
    ) -> None:
        self.classes = classes
        """Classes by IRI (declared ``owl:Class``, or named in a subclass axiom)."""
        self.properties = properties
        """Properties by IRI."""
        self.relations = relations
        """The relations that kinds of fact yield, in IRI order."""
        self.styles = styles
        """Display styles, most specific family first."""
        self._relations = {r.iri: r for r in relations}

    @classmethod
    def read(cls, files: Iterable[Path]) -> Schema:
        """Read the schema model from the ontology's Turtle files."""
        reader = _Reader(list(files))
        labels = reader.texts(RDFS + "label")
        definitions = reader.texts(SKOS + "definition")
        aliases = reader.texts(SKOS + "altLabel")

        def label(iri: str) -> str:
            return preferred_label(labels.get(iri, ())) or local_name(iri)

        def definition(iri: str) -> str:
            return preferred_label(definitions.get(iri, ())) or ""

        sub_class = reader.hierarchy(RDFS + "subClassOf", OWL + "equivalentClass")
        declared = reader.typed(OWL + "Class") | set(sub_class)
        supers = _closure(sub_class)
        classes = {
            iri: ClassInfo(
                iri,
                label(iri),
                tuple(sorted(value for value, _ in aliases.get(iri, ()))),
                definition(iri),
                frozenset({iri}) | supers.get(iri, frozenset()),
            )
            for iri in sorted(declared)
        }
        properties = _properties(reader, label, definition)
        relations = _relations(properties)
        return cls(classes, properties, relations, _styles(reader, label))

    # --- classes -------------------------------------------------------------------------

    def class_label(self, iri: str) -> str:
        """The English label of class ``iri`` (its local name if the model does not know it)."""
        info = self.classes.get(iri)
        return info.label if info is not None else local_name(iri)

    def ancestors(self, iri: str) -> frozenset[str]:
        """Class ``iri`` and all its superclasses."""
        info = self.classes.get(iri)
        return info.ancestors if info is not None else frozenset({iri})

    def is_a(self, cls: str, ancestor: str) -> bool:
        """Whether class ``cls`` is ``ancestor`` or one of its subclasses."""
        return ancestor in self.ancestors(cls)

    def subclasses(self, iri: str) -> frozenset[str]:
        """Class ``iri`` and every class below it."""
        return frozenset(c for c, info in self.classes.items() if iri in info.ancestors)

    def most_specific(self, classes: Iterable[str]) -> list[str]:
        """Those of ``classes`` that no other of them is a subclass of, sorted."""
        given = set(classes)
        return sorted(c for c in given if not any(c != o and self.is_a(o, c) for o in given))

    def match_classes(self, name: str, within: str | None = None) -> list[ClassInfo]:
        """The classes a typed ``name`` means (local name, label or alias; case, spaces and
        hyphens ignored), optionally only those below class ``within``."""
        key = normalise_name(name)
        return [
            info
            for info in self.classes.values()
            if key in info.names and (within is None or within in info.ancestors)
        ]

    # --- relations -----------------------------------------------------------------------

    def relation(self, iri: str) -> Relation:
        """The relation whose shortcut property is ``iri``."""
        try:
            return self._relations[iri]
        except KeyError:
            raise SchemaError(f"{iri} is not a relation of the ontology") from None

    def property_label(self, iri: str) -> str:
        """The English label of property ``iri`` (its local name if the model does not know it)."""
        info = self.properties.get(iri)
        return info.label if info is not None else local_name(iri)

    def subproperties(self, iri: str) -> frozenset[str]:
        """Property ``iri`` and every property below it."""
        below = {p for p, info in self.properties.items() if iri in info.superproperties}
        return frozenset({iri} | below)

    def properties_with_domain(self, cls: str) -> list[str]:
        """The object properties whose declared domain is ``cls`` or one of its subclasses."""
        return sorted(
            p
            for p, info in self.properties.items()
            if p.startswith(_KZ)
            and info.fact_class is None
            and info.object_valued
            and any(self.is_a(d, cls) for d in info.domains)
        )

    def fact_roles(self) -> list[str]:
        """The properties through which a fact names the entities it is about: the subject and
        object roles of every relation, the parts of a reified statement (``rdf:subject``,
        ``rdf:predicate``, ``rdf:object``), and the properties of events and statistics."""
        found = {role for r in self.relations for role in (r.subject_role, r.object_role)}
        found |= {RDF + "subject", RDF + "predicate", RDF + "object"}
        for cls in (KZ.Event, KZ.Statistic):
            found |= set(self.properties_with_domain(cls))
        return sorted(found)

    # --- styles --------------------------------------------------------------------------

    def family(self, cls: str) -> Style:
        """The display style of an entity whose most specific class is ``cls``."""
        ancestors = self.ancestors(cls)
        return next((s for s in self.styles if s.cls in ancestors), self.styles[-1])


def _properties(
    reader: _Reader, label: Callable[[str], str], definition: Callable[[str], str]
) -> dict[str, PropertyInfo]:
    """Every property the ontology declares or uses in an axiom, with its axioms."""
    sub_prop = reader.hierarchy(RDFS + "subPropertyOf", OWL + "equivalentProperty")
    inverses = reader.symmetric_links(OWL + "inverseOf")
    domains: dict[str, set[str]] = defaultdict(set)
    for s, o in reader.links(RDFS + "domain"):
        domains[s].add(o)
    ranges: dict[str, set[str]] = defaultdict(set)
    for s, o in reader.links(RDFS + "range"):
        ranges[s].add(o)
    fact_classes = dict(reader.links(KZ.factClass))
    chains = reader.chains()
    kinds = (
        "ObjectProperty",
        "DatatypeProperty",
        "AnnotationProperty",
        "SymmetricProperty",
        "TransitiveProperty",
    )
    declared: set[str] = set().union(*(reader.typed(OWL + kind) for kind in kinds))
    declared |= reader.typed(KZ.AssertableProperty)
    symmetric = reader.typed(OWL + "SymmetricProperty")
    transitive = reader.typed(OWL + "TransitiveProperty")
    object_valued = reader.typed(OWL + "ObjectProperty") | reader.typed(KZ.AssertableProperty)
    supers = _closure(sub_prop)
    every = declared | set(sub_prop) | set(inverses) | set(chains) | set(domains) | set(ranges)
    return {
        iri: PropertyInfo(
            iri,
            label(iri),
            definition(iri),
            frozenset(domains.get(iri, ())),
            frozenset(ranges.get(iri, ())),
            supers.get(iri, frozenset()),
            frozenset(inverses.get(iri, ())),
            chains.get(iri),
            iri in object_valued | symmetric | transitive,
            iri in symmetric,
            iri in transitive,
            fact_classes.get(iri),
        )
        for iri in sorted(every)
    }


def _relations(properties: dict[str, PropertyInfo]) -> tuple[Relation, ...]:
    """The relations declared by a ``kz:factClass`` and a two-link chain."""
    relations = []
    for iri, info in properties.items():
        if info.fact_class is None:
            continue
        if info.chain is None:
            raise SchemaError(f"{iri} names kz:factClass but is not declared as a property chain")
        inverse_role, object_role = info.chain
        subject_roles = properties[inverse_role].inverses if inverse_role in properties else ()
        if len(subject_roles) != 1:
            raise SchemaError(f"{iri}: the first link of its chain must have one owl:inverseOf")
        (subject_role,) = subject_roles
        inverse = sorted(info.inverses)[0] if info.inverses else None
        relations.append(
            Relation(
                iri,
                info.label,
                info.fact_class,
                subject_role,
                object_role,
                inverse,
                properties[inverse].label if inverse in properties else None,
            )
        )
    return tuple(relations)


def _styles(reader: _Reader, label: Callable[[str], str]) -> tuple[Style, ...]:
    """The display styles, in their declared order; the last one is the fallback."""
    texts = {key: reader.texts(key) for key in (KZ.displayColor, KZ.displayShape)}
    orders = reader.texts(KZ.displayOrder)
    legends = reader.texts(KZ.legendLabel)
    styles = []
    for cls, colours in texts[KZ.displayColor].items():
        shapes = texts[KZ.displayShape].get(cls)
        if not shapes:
            raise SchemaError(f"{cls} has a kz:displayColor but no kz:displayShape")
        order = int(orders[cls][0][0]) if cls in orders else 1000
        legend = preferred_label(legends.get(cls, ())) or label(cls)
        styles.append(Style(cls, colours[0][0], shapes[0][0], order, legend))
    if not styles:
        raise SchemaError("the ontology declares no display styles (kz:displayColor)")
    return tuple(sorted(styles, key=lambda s: (s.order, s.cls)))


@cache
def _read_cached(files: tuple[Path, ...]) -> Schema:
    return Schema.read(files)


def load_schema(folder: Path) -> Schema:
    """The schema model of the ontology in ``folder``, read once per process."""
    return _read_cached(tuple(p.resolve() for p in ontology_files(folder)))


def default_schema() -> Schema:
    """The schema model of the packaged ontology."""
    from kazkg.resources import ontology_dir

    return load_schema(ontology_dir())


__all__ = [
    "ClassInfo",
    "PropertyInfo",
    "Relation",
    "Schema",
    "SchemaError",
    "Style",
    "default_schema",
    "load_schema",
    "local_name",
    "normalise_name",
    "ontology_files",
]
