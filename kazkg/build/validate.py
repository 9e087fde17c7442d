"""SHACL validation run as SPARQL on the pyoxigraph store that the build already holds.

Each constraint of the shapes graph becomes one ``SELECT`` whose solutions are its violations,
evaluated by Oxigraph on the reasoned graph in place: no copy of the graph, no per-node Python
loop.  The results are those pySHACL reports (focus node, result path, message, value), default
messages included, read the way :func:`as_violation` describes.

Supported: targets (``sh:targetClass``, ``sh:targetNode``, ``sh:targetSubjectsOf``,
``sh:targetObjectsOf``, implicit class targets), property shapes with a predicate path,
``sh:minCount``, ``sh:maxCount``, ``sh:datatype``, ``sh:class``, ``sh:languageIn``,
``sh:pattern`` / ``sh:flags``, ``sh:or``, ``sh:message``, ``sh:severity``, ``sh:deactivated``,
and SPARQL-based constraints (``sh:sparql`` with ``sh:select``, ``sh:prefixes`` /
``sh:declare``, ``$this`` pre-bound).  Any other SHACL term on a shape raises
:class:`ShapesError` instead of being ignored.  Only results of severity ``sh:Violation`` are
returned.

A literal of a datatype listed in ``_WELL_FORMED`` must also parse (as rdflib checks them for
pySHACL); ``xsd:gYear`` and ``xsd:gYearMonth``, which rdflib does not check, are checked against
their lexical forms (``_LEXICAL``), so a year written ``20x1`` is a violation here.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

import pyoxigraph as ox

from kazkg.errors import KazkgError, Violation
from kazkg.vocab import OWL, RDF, RDFS, SH, XSD

if TYPE_CHECKING:
    import rdflib
    from rdflib.namespace import NamespaceManager

Term: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

WHOLE_GRAPH = "https://w3id.org/kazkg/shapes#TheGraph"
"""The target node of whole-graph checks: their results name the node at fault as ``sh:value``."""

_WELL_FORMED = frozenset(
    XSD + local
    for local in ("integer", "decimal", "boolean", "float", "double", "date", "dateTime", "time")
)
"""Datatypes whose values must also parse (as rdflib does for pySHACL): cast-checked in SPARQL."""

_ZONE = "(Z|[+-][0-9]{2}:[0-9]{2})?"
_LEXICAL = {
    XSD + "gYear": f"^-?[0-9]{{4,}}{_ZONE}$",
    XSD + "gYearMonth": f"^-?[0-9]{{4,}}-(0[1-9]|1[0-2]){_ZONE}$",
}
"""Lexical forms of the date datatypes rdflib leaves unchecked (XML Schema 1.1, part 2)."""

_WORKERS = min(4, os.cpu_count() or 1)

_IGNORED = frozenset(
    SH + local for local in ("name", "description", "order", "group", "defaultValue")
)
_SHAPE_TERMS = frozenset(
    SH + local
    for local in (
        "targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf", "property", "path",
        "minCount", "maxCount", "datatype", "class", "languageIn", "pattern", "flags", "or",
        "message", "severity", "deactivated", "sparql",
    )
)  # fmt: skip


class ShapesError(KazkgError):
    """The shapes graph is malformed or uses a SHACL feature this validator does not implement."""


def as_violation(focus: str, path: str | None, message: str | None, value: str | None) -> Violation:
    """One SHACL validation result as a :class:`Violation`.

    A result of a whole-graph check (focus :data:`WHOLE_GRAPH`) names the node at fault as its
    value, which becomes the focus; any other value is appended to the message unless the
    message already shows it.
    """
    text = message if message is not None else "constraint violated"
    if focus == WHOLE_GRAPH and value is not None:
        focus = value
    elif value is not None and value not in text:
        text += f" (value: {value})"
    return Violation(focus, path, text)


def violations(store: ox.Store, shapes: Path) -> list[Violation]:
    """Validate the default graph of ``store`` against the SHACL shapes in ``shapes`` (Turtle).

    The graph is validated as it is (no inference), as pySHACL does with ``inference="none"``.
    Returns the violations sorted by focus node, path and message; raises :class:`ShapesError`
    if the shapes use a feature this validator does not implement.
    """
    graph = _ShapesGraph(shapes)
    classes = _Classes(store)
    with ThreadPoolExecutor(max_workers=_WORKERS) as pool:  # Oxigraph releases the GIL
        classes.plan(graph.classes(), pool)
        checks = _Compiler(graph, classes).compile()
        batches = list(pool.map(lambda check: list(check.results(store)), checks))
    renderer = _Renderer(graph)
    found = [
        as_violation(
            renderer.text(result.focus),
            result.path,
            result.text(renderer),
            None if result.value is None else renderer.text(result.value),
        )
        for batch in batches
        for result in batch
    ]
    return sorted(found, key=lambda v: (v.focus, v.path or "", v.message))


# --- the shapes graph ---------------------------------------------------------------------------


class _ShapesGraph:
    """The shapes file in a small store of its own, with the prefixes it declares."""

    def __init__(self, path: Path) -> None:
        parser = ox.parse(
            path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri()
        )
        quads = list(parser)
        self.store = ox.Store()
        self.store.extend(quads)
        self.prefixes: dict[str, str] = dict(parser.prefixes)
        self._order = {quad: position for position, quad in reversed(list(enumerate(quads)))}

    def objects(self, node: Term, predicate: str) -> list[Term]:
        """The objects of ``node predicate ?o``, in the order the file states them."""
        if isinstance(node, ox.Literal):
            return []
        quads = self.store.quads_for_pattern(node, ox.NamedNode(predicate), None)
        return [quad.object for quad in sorted(quads, key=self._order.__getitem__)]

    def one(self, node: Term, predicate: str) -> Term | None:
        """The single object of ``node predicate ?o``, ``None`` if there is none."""
        values = self.objects(node, predicate)
        if len(values) > 1:
            raise ShapesError(f"{node} has {len(values)} values for {predicate}, expected one")
        return values[0] if values else None

    def predicates(self, node: Term) -> set[str]:
        """The predicates of the triples whose subject is ``node``."""
        if isinstance(node, ox.Literal):
            return set()
        return {quad.predicate.value for quad in self.store.quads_for_pattern(node, None, None)}

    def items(self, head: Term) -> list[Term]:
        """The members of the RDF list starting at ``head``."""
        members: list[Term] = []
        while head != ox.NamedNode(RDF + "nil"):
            first, rest = self.one(head, RDF + "first"), self.one(head, RDF + "rest")
            if first is None or rest is None:
                raise ShapesError(f"{head} is not a well-formed RDF list")
            members.append(first)
            head = rest
        return members

    def classes(self) -> set[str]:
        """The classes the shapes target or require (``sh:targetClass``, ``sh:class``)."""
        return {
            quad.object.value
            for predicate in (SH + "targetClass", SH + "class")
            for quad in self.store.quads_for_pattern(None, ox.NamedNode(predicate), None)
            if isinstance(quad.object, ox.NamedNode)
        }

    def subjects(self, predicate: str, obj: Term | None = None) -> set[Term]:
        """The subjects of ``?s predicate obj``."""
        return {
            quad.subject
            for quad in self.store.quads_for_pattern(None, ox.NamedNode(predicate), obj)
        }


# --- the shapes, read -------------------------------------------------------------------------


@dataclass
class _Shape:
    """A node or property shape: its path, what it checks, what it says when violated."""

    node: Term
    path: str | None
    messages: list[str]
    active: bool
    """Not ``sh:deactivated``: a deactivated shape is not checked, nor are its property shapes."""
    violation: bool
    """Of severity ``sh:Violation`` (results of other severities are not returned)."""
    min_count: int | None = None
    max_count: int | None = None
    values: list[_ValueConstraint] = field(default_factory=list)
    properties: list[_Shape] = field(default_factory=list)
    sparql: list[_SparqlConstraint] = field(default_factory=list)


class _Constraint:
    """A constraint component of a shape."""

    def message(self, renderer: _Renderer, focus: Term, value: Term | None) -> str:
        """pySHACL's default message for a violation of this constraint."""
        raise NotImplementedError


@dataclass
class _Count(_Constraint):
    """``sh:minCount`` (``least``) or ``sh:maxCount`` on a path."""

    least: bool
    count: int
    path: str

    def message(self, renderer: _Renderer, focus: Term, value: Term | None) -> str:
        bound = "Less" if self.least else "More"
        where = f"{renderer.data_node(focus)}->{renderer.shape_iri(self.path)}"
        return f"{bound} than {self.count} values on {where}"


class _ValueConstraint(_Constraint):
    """A constraint on each value node: ``condition`` holds where the value conforms."""

    def condition(self, var: str, context: _Compiler) -> str:
        """A SPARQL expression, true where the node in ``var`` satisfies the constraint."""
        raise NotImplementedError


@dataclass
class _Datatype(_ValueConstraint):
    datatype: ox.NamedNode

    def condition(self, var: str, context: _Compiler) -> str:
        dt = self.datatype.value
        if dt == RDFS + "Literal":
            return f"isLiteral({var})"
        if dt == RDF + "langString":
            return f"COALESCE(LANG({var}) != '', false)"
        check = f"isLiteral({var}) && DATATYPE({var}) = <{dt}>"
        if dt in _WELL_FORMED:
            check += f" && sameTerm(<{dt}>({var}), <{dt}>({var}))"
        if dt in _LEXICAL:
            check += f' && REGEX(STR({var}), "{_LEXICAL[dt]}")'
        return f"COALESCE({check}, false)"

    def message(self, renderer: _Renderer, focus: Term, value: Term | None) -> str:
        return f"Value is not Literal with datatype {renderer.shape_node(self.datatype)}"


@dataclass
class _Class(_ValueConstraint):
    classes: list[ox.NamedNode]
    """Every ``sh:class`` of the shape (one constraint per class, one message for all)."""
    cls: ox.NamedNode

    def condition(self, var: str, context: _Compiler) -> str:
        return f"EXISTS {{ {context.classes.membership(var, self.cls.value, context)} }}"

    def message(self, renderer: _Renderer, focus: Term, value: Term | None) -> str:
        if len(self.classes) == 1:
            return f"Value does not have class {renderer.shape_node(self.cls)}"
        names = ", ".join(renderer.shape_node(c) for c in self.classes)
        return f"Value class is not in classes ({names})"


@dataclass
class _LanguageIn(_ValueConstraint):
    head: Term
    languages: list[str]

    def condition(self, var: str, context: _Compiler) -> str:
        if "*" in self.languages:
            return f"COALESCE(LANG({var}) != '', false)"
        tags = ", ".join(_string(tag) for tag in self.languages)
        first = f'LCASE(STRBEFORE(CONCAT(LANG({var}), "-"), "-"))'
        return f"COALESCE(LANG({var}) != '' && (LCASE(LANG({var})) IN ({tags}) || {first} IN ({tags})), false)"

    def message(self, renderer: _Renderer, focus: Term, value: Term | None) -> str:
        return f"String language is not in {renderer.shape_node(self.head)}"


@dataclass
class _Pattern(_ValueConstraint):
    patterns: list[str]
    """Every ``sh:pattern`` of the shape (one constraint per pattern, one message for all)."""
    pattern: str
    flags: str

    def condition(self, var: str, context: _Compiler) -> str:
        return f"COALESCE(!isBlank({var}) && REGEX(STR({var}), {_string(self.pattern)}, {_string(self.flags)}), false)"

    def message(self, renderer: _Renderer, focus: Term, value: Term | None) -> str:
        if len(self.patterns) == 1:
            return f"Value does not match pattern '{self.pattern}'"
        return "Value does not match every pattern in ('{}')".format("', '".join(self.patterns))


@dataclass
class _Or(_ValueConstraint):
    lists: list[list[Term]]
    """The members of every ``sh:or`` of the shape (one constraint per list, one message for all)."""
    members: list[_Shape]

    def condition(self, var: str, context: _Compiler) -> str:
        return "(" + " || ".join(context.conforms(shape, var) for shape in self.members) + ")"

    def message(self, renderer: _Renderer, focus: Term, value: Term | None) -> str:
        listed = [" , ".join(renderer.shape_node(member) for member in lst) for lst in self.lists]
        shapes = listed[0] if len(listed) == 1 else " and ".join(f"({text})" for text in listed)
        shown = renderer.data_node(value) if value is not None else "None"
        return f"Node {shown} must conform to one or more shapes in {shapes}"


@dataclass
class _SparqlConstraint:
    """A SPARQL-based constraint: a ``SELECT`` whose solutions, with ``$this`` bound, violate it."""

    node: Term
    query: str
    messages: list[str]


def _read_shape(graph: _ShapesGraph, node: Term) -> _Shape:
    """Read the shape at ``node`` (and the shapes it refers to)."""
    unknown = {
        p for p in graph.predicates(node) if p.startswith(SH) and p not in _SHAPE_TERMS | _IGNORED
    }
    if unknown:
        raise ShapesError(f"shape {node} uses {', '.join(sorted(unknown))}, not supported here")
    path = graph.one(node, SH + "path")
    if path is not None and not isinstance(path, ox.NamedNode):
        raise ShapesError(f"shape {node}: only predicate paths are supported, not {path}")
    severity = graph.one(node, SH + "severity")
    shape = _Shape(
        node,
        path.value if path is not None else None,
        [m.value for m in graph.objects(node, SH + "message") if isinstance(m, ox.Literal)],
        not _deactivated(graph, node),
        severity is None or severity == ox.NamedNode(SH + "Violation"),
        min_count=_integer(graph.one(node, SH + "minCount")),
        max_count=_integer(graph.one(node, SH + "maxCount")),
    )
    datatype = graph.one(node, SH + "datatype")
    if datatype is not None:
        shape.values.append(_Datatype(_named(datatype)))
    classes = [_named(c) for c in graph.objects(node, SH + "class")]
    shape.values += [_Class(classes, c) for c in classes]
    languages = graph.one(node, SH + "languageIn")
    if languages is not None:
        tags = [t.value.lower() for t in graph.items(languages) if isinstance(t, ox.Literal)]
        shape.values.append(_LanguageIn(languages, tags))
    patterns = [p.value for p in graph.objects(node, SH + "pattern") if isinstance(p, ox.Literal)]
    flags = graph.objects(node, SH + "flags")
    flag_text = "".join(f for f in "im" if flags and f in _value(flags[0]).lower())
    shape.values += [_Pattern(patterns, p, flag_text) for p in patterns]
    or_lists = [graph.items(head) for head in graph.objects(node, SH + "or")]
    shape.values += [_Or(or_lists, [_read_shape(graph, m) for m in lst]) for lst in or_lists]
    shape.properties = [_read_shape(graph, p) for p in graph.objects(node, SH + "property")]
    if shape.path is not None and shape.properties:
        raise ShapesError(f"property shape {node}: nested property shapes are not supported")
    shape.sparql = [
        _read_sparql(graph, c)
        for c in graph.objects(node, SH + "sparql")
        if not _deactivated(graph, c)
    ]
    return shape


def _deactivated(graph: _ShapesGraph, node: Term) -> bool:
    flag = graph.one(node, SH + "deactivated")
    return isinstance(flag, ox.Literal) and flag.value == "true"


def _read_sparql(graph: _ShapesGraph, node: Term) -> _SparqlConstraint:
    """Read a SPARQL-based constraint: its query, with the prefixes it declares, and messages."""
    select = graph.one(node, SH + "select")
    if not isinstance(select, ox.Literal):
        raise ShapesError(f"SPARQL constraint {node} has no sh:select query")
    if re.search(r"\$(PATH|currentShape|shapesGraph)\b", select.value):
        raise ShapesError(f"SPARQL constraint {node}: only $this can be pre-bound here")
    declarations = []
    for source in graph.objects(node, SH + "prefixes"):
        for declaration in graph.objects(source, SH + "declare"):
            prefix = graph.one(declaration, SH + "prefix")
            namespace = graph.one(declaration, SH + "namespace")
            if prefix is None or namespace is None:
                raise ShapesError(
                    f"prefix declaration {declaration} lacks sh:prefix or sh:namespace"
                )
            declarations.append(f"PREFIX {_value(prefix)}: <{_value(namespace)}>")
    messages = [m.value for m in graph.objects(node, SH + "message") if isinstance(m, ox.Literal)]
    return _SparqlConstraint(node, "\n".join([*declarations, select.value]), messages)


def _named(term: Term | None) -> ox.NamedNode:
    if not isinstance(term, ox.NamedNode):
        raise ShapesError(f"expected an IRI, got {term}")
    return term


def _integer(term: Term | None) -> int | None:
    if term is None:
        return None
    if not isinstance(term, ox.Literal) or not term.value.isdigit():
        raise ShapesError(f"expected a non-negative integer, got {term}")
    return int(term.value)


def _string(text: str) -> str:
    """``text`` as a SPARQL string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\n", "\\n").replace("\r", "\\r") + '"'


def _value(term: Term) -> str:
    """The IRI, lexical form or blank node identifier of ``term``."""
    return str(term) if isinstance(term, ox.Triple) else term.value


# --- class membership in the data -------------------------------------------------------------


class _Classes:
    """``rdf:type/rdfs:subClassOf*`` in the data, planned once per class.

    Where every instance of a subclass is also typed with the class itself (as in a reasoned
    graph), membership is one ``rdf:type`` lookup; otherwise it goes through the subclasses.
    """

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self._subclasses: dict[str, list[str]] = {}

    def plan(self, classes: Iterable[str], pool: Executor) -> None:
        """Find, for each of ``classes`` at once, whether membership needs its subclasses."""
        todo = sorted(set(classes) - self._subclasses.keys())
        self._subclasses.update(zip(todo, pool.map(self._open_subclasses, todo), strict=True))

    def subclasses(self, cls: str) -> list[str]:
        """The proper subclasses of ``cls`` if some of their instances are not typed ``cls``."""
        if cls not in self._subclasses:
            self._subclasses[cls] = self._open_subclasses(cls)
        return self._subclasses[cls]

    def _open_subclasses(self, cls: str) -> list[str]:
        solutions = self.store.query(
            f"SELECT DISTINCT ?c WHERE {{ ?c <{RDFS}subClassOf>+ <{cls}> FILTER(?c != <{cls}>) }}"
        )
        assert isinstance(solutions, ox.QuerySolutions)
        subs = sorted(row[0].value for row in solutions if isinstance(row[0], ox.NamedNode))
        if not subs:
            return []
        stray = self.store.query(
            f"ASK {{ VALUES ?c {{ {' '.join(f'<{c}>' for c in subs)} }} "
            f"?x <{RDF}type> ?c FILTER NOT EXISTS {{ ?x <{RDF}type> <{cls}> }} }}"
        )
        return subs if stray else []

    def membership(self, var: str, cls: str, context: _Compiler) -> str:
        """A pattern matching where the node in ``var`` is an instance of ``cls``."""
        subs = self.subclasses(cls)
        if not subs:
            return f"{var} <{RDF}type> <{cls}>"
        t = context.fresh()
        listed = " ".join(f"<{c}>" for c in [cls, *subs])
        return f"{var} <{RDF}type> {t} VALUES {t} {{ {listed} }}"


# --- the shapes, compiled to SPARQL -----------------------------------------------------------


@dataclass
class _Result:
    """One violation; its message is written once all checks have run (see :class:`_Renderer`)."""

    focus: Term
    path: str | None
    value: Term | None
    message: str | None
    constraint: _Constraint | None = None
    """Where there is no author's message: the constraint whose default message applies."""
    bindings: dict[str, Term] = field(default_factory=dict)
    """For a SPARQL-based constraint: the solution, for ``{?name}`` in the message."""

    def text(self, renderer: _Renderer) -> str | None:
        """The author's message, else pySHACL's default one for the constraint, if any."""
        if self.message is None:
            if self.constraint is None:
                return None
            return self.constraint.message(renderer, self.focus, self.value)
        text = self.message
        for name, term in self.bindings.items():
            shown = renderer.text(term)
            text = text.replace("{?" + name + "}", shown).replace("{$" + name + "}", shown)
        return text


class _Check:
    """One constraint on the focus nodes of one shape, ready to run."""

    def results(self, store: ox.Store) -> Iterator[_Result]:
        """The violations of this constraint in ``store``."""
        raise NotImplementedError


@dataclass
class _QueryCheck(_Check):
    """A ``SELECT ?this ?value`` whose solutions are the violations."""

    query: str
    path: str | None
    messages: list[str]
    constraint: _Constraint
    value_is_focus: bool = False

    def results(self, store: ox.Store) -> Iterator[_Result]:
        solutions = store.query(self.query)
        assert isinstance(solutions, ox.QuerySolutions)
        for row in solutions:
            focus, value = row["this"], row["value"]
            assert focus is not None
            if self.value_is_focus:
                value = focus
            message = self.messages[0] if self.messages else None
            yield _Result(focus, self.path, value, message, self.constraint)


@dataclass
class _SparqlCheck(_Check):
    """A SPARQL-based constraint, run once per focus node with ``$this`` bound to it."""

    targets: str
    shape: _Shape
    constraint: _SparqlConstraint

    def results(self, store: ox.Store) -> Iterator[_Result]:
        focus_nodes = store.query(f"SELECT DISTINCT ?this WHERE {{ {self.targets} }}")
        assert isinstance(focus_nodes, ox.QuerySolutions)
        messages = self.constraint.messages or self.shape.messages
        for (focus,) in list(focus_nodes):
            assert focus is not None
            solutions = store.query(
                self.constraint.query, substitutions={ox.Variable("this"): focus}
            )
            assert isinstance(solutions, ox.QuerySolutions)
            variables = [v.value for v in solutions.variables]
            seen: set[tuple[tuple[str, Term], ...]] = set()
            for row in solutions:
                bound = tuple((name, row[name]) for name in variables if row[name] is not None)
                if bound in seen:
                    continue
                seen.add(bound)
                values = dict(bound)
                if "failure" in values:
                    raise ShapesError(
                        f"SPARQL constraint {self.constraint.node} reported a failure"
                    )
                value = values.get("value", focus if self.shape.path is None else None)
                if value is not None:
                    values["value"] = value
                path = values.get("path")
                yield _Result(
                    values.get("this", focus),
                    path.value if isinstance(path, ox.NamedNode) else self.shape.path,
                    value,
                    messages[0] if messages else None,
                    bindings=values,
                )


class _Compiler:
    """Turns the shapes into checks for one store (class membership is planned on its data)."""

    def __init__(self, graph: _ShapesGraph, classes: _Classes) -> None:
        self.graph = graph
        self.classes = classes
        self._counter = itertools.count(1)

    def fresh(self) -> str:
        """A variable name not used elsewhere in the query being written."""
        return f"?v{next(self._counter)}"

    def compile(self) -> list[_Check]:
        """One check per constraint of every shape that has targets."""
        checks: list[_Check] = []
        for node in sorted(self._targeted(), key=str):
            shape = _read_shape(self.graph, node)
            targets = self._targets(node)
            checks += self._checks(shape, targets)
        return checks

    def _targeted(self) -> set[Term]:
        """The shapes with targets, explicit or (a shape that is also a class) implicit."""
        g = self.graph
        kinds = ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf")
        nodes = set().union(*(g.subjects(SH + kind) for kind in kinds))
        return nodes | {node for node in self._shapes() if self._is_class(node)}

    def _shapes(self) -> set[Term]:
        g = self.graph
        kinds = ("NodeShape", "PropertyShape")
        return set().union(*(g.subjects(RDF + "type", ox.NamedNode(SH + k)) for k in kinds))

    def _is_class(self, node: Term) -> bool:
        types = {_value(t) for t in self.graph.objects(node, RDF + "type")}
        return bool(types & {RDFS + "Class", OWL + "Class"})

    def _targets(self, node: Term) -> str:
        """A pattern binding ``?this`` to each focus node of the shape at ``node``, once."""
        g = self.graph
        classes = [_named(c).value for c in g.objects(node, SH + "targetClass")]
        if node in self._shapes() and self._is_class(node):
            classes.append(_named(node).value)
        parts = [self.classes.membership("?this", cls, self) for cls in classes]
        nodes = g.objects(node, SH + "targetNode")
        if nodes:
            parts.append(f"VALUES ?this {{ {' '.join(_sparql_term(n) for n in nodes)} }}")
        subjects = [
            f"?this <{_named(p).value}> {self.fresh()}"
            for p in g.objects(node, SH + "targetSubjectsOf")
        ]
        objects = [
            f"{self.fresh()} <{_named(p).value}> ?this"
            for p in g.objects(node, SH + "targetObjectsOf")
        ]
        parts += subjects + objects
        if (
            len(parts) == 1
            and not subjects
            and not objects
            and (nodes or not self.classes.subclasses(classes[0]))
        ):
            return parts[0]  # a single class without stray subclass instances, or listed nodes
        union = " UNION ".join(f"{{ {part} }}" for part in parts)
        return f"{{ SELECT DISTINCT ?this WHERE {{ {union} }} }}"

    def _checks(self, shape: _Shape, targets: str) -> list[_Check]:
        """The checks of ``shape`` (and its property shapes) on the nodes ``targets`` binds."""
        checks: list[_Check] = []
        if not shape.active:
            return checks
        if shape.violation:
            checks += [_SparqlCheck(targets, shape, c) for c in shape.sparql]
            if shape.path is None:
                checks += self._node_checks(shape, targets)
            else:
                checks += self._property_checks(shape, targets)
        for prop in shape.properties:
            if prop.path is None or prop.properties:
                raise ShapesError(
                    f"property shape {prop.node}: no sh:path, or a nested sh:property"
                )
            if prop.active and prop.violation:
                checks += [_SparqlCheck(targets, prop, c) for c in prop.sparql]
                checks += self._property_checks(prop, targets)
        return checks

    def _node_checks(self, shape: _Shape, targets: str) -> list[_Check]:
        if shape.min_count is not None or shape.max_count is not None:
            raise ShapesError(f"node shape {shape.node} has sh:minCount or sh:maxCount")
        return [
            _QueryCheck(
                f"SELECT ?this WHERE {{ {targets} FILTER(!{c.condition('?this', self)}) }}",
                None,
                shape.messages,
                c,
                value_is_focus=True,
            )
            for c in shape.values
        ]

    def _property_checks(self, shape: _Shape, targets: str) -> list[_Check]:
        path = shape.path
        assert path is not None
        checks: list[_Check] = []
        if shape.min_count:
            has = self._at_least(shape.min_count, "?this", path)
            checks.append(
                _QueryCheck(
                    f"SELECT ?this WHERE {{ {targets} FILTER NOT EXISTS {{ {has} }} }}",
                    path,
                    shape.messages,
                    _Count(True, shape.min_count, path),
                )
            )
        if shape.max_count is not None:
            has = self._at_least(shape.max_count + 1, "?this", path)
            checks.append(
                _QueryCheck(
                    f"SELECT ?this WHERE {{ {targets} FILTER EXISTS {{ {has} }} }}",
                    path,
                    shape.messages,
                    _Count(False, shape.max_count, path),
                )
            )
        for c in shape.values:
            checks.append(
                _QueryCheck(
                    f"SELECT ?this ?value WHERE {{ {targets} . ?this <{path}> ?value "
                    f"FILTER(!{c.condition('?value', self)}) }}",
                    path,
                    shape.messages,
                    c,
                )
            )
        return checks

    def _at_least(self, count: int, var: str, path: str) -> str:
        """A pattern matching where ``var`` has at least ``count`` distinct values on ``path``."""
        values = [self.fresh() for _ in range(count)]
        pattern = " ".join(f"{var} <{path}> {v} ." for v in values)
        distinct = [f"!sameTerm({a}, {b})" for a, b in itertools.combinations(values, 2)]
        return pattern + (f" FILTER({' && '.join(distinct)})" if distinct else "")

    def conforms(self, shape: _Shape, var: str) -> str:
        """A SPARQL expression, true where the node in ``var`` conforms to ``shape``."""
        if not shape.active:
            return "true"
        if shape.sparql:
            raise ShapesError(
                f"shape {shape.node}: SPARQL constraints inside sh:or are not supported"
            )
        tests: list[str] = []
        if shape.path is None:
            tests += [c.condition(var, self) for c in shape.values]
        else:
            tests += self._property_conforms(shape, var)
        for prop in shape.properties:
            tests += self._property_conforms(prop, var) if prop.active else []
        return "(" + " && ".join(tests or ["true"]) + ")"

    def _property_conforms(self, shape: _Shape, var: str) -> list[str]:
        path = shape.path
        if path is None:
            raise ShapesError(f"property shape {shape.node} has no sh:path")
        tests = []
        if shape.min_count:
            tests.append(f"EXISTS {{ {self._at_least(shape.min_count, var, path)} }}")
        if shape.max_count is not None:
            tests.append(f"NOT EXISTS {{ {self._at_least(shape.max_count + 1, var, path)} }}")
        for c in shape.values:
            value = self.fresh()
            tests.append(
                f"NOT EXISTS {{ {var} <{path}> {value} FILTER(!{c.condition(value, self)}) }}"
            )
        return tests


def _sparql_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<{term.value}>"
    if isinstance(term, ox.Literal):
        return str(term)
    raise ShapesError(f"a blank node cannot be a target node: {term}")


# --- default messages, written as pySHACL writes them ------------------------------------------


class _Renderer:
    """Nodes as pySHACL's default messages show them: prefixed names, ``Literal(...)``, ``[ ... ]``.

    rdflib is imported only when a default message is written, i.e. only for a violation.
    """

    def __init__(self, graph: _ShapesGraph) -> None:
        self.graph = graph

    @cached_property
    def _data_names(self) -> NamespaceManager:
        import rdflib

        return rdflib.Graph().namespace_manager

    @cached_property
    def _shape_names(self) -> NamespaceManager:
        import rdflib

        names = rdflib.Graph().namespace_manager
        for prefix, namespace in self.graph.prefixes.items():
            names.bind(prefix, namespace, override=True, replace=True)
        names.bind("sh", SH, override=False)
        return names

    def data_node(self, term: Term) -> str:
        """A node of the data graph."""
        return self._node(term, self._data_names)

    def shape_node(self, term: Term) -> str:
        """A node of the shapes graph (a class, a datatype, a shape, a list)."""
        return self._node(term, self._shape_names)

    def shape_iri(self, iri: str) -> str:
        """An IRI of the shapes graph."""
        return self.shape_node(ox.NamedNode(iri))

    def _node(self, term: Term, names: NamespaceManager, depth: int = 0) -> str:
        import rdflib

        if isinstance(term, ox.NamedNode):
            try:
                return rdflib.URIRef(term.value).n3(namespace_manager=names)
            except Exception:
                return term.value
        if isinstance(term, ox.Literal):
            return self._literal(term, names)
        if isinstance(term, ox.BlankNode):
            return self._blank(term, names, depth)
        return str(term)

    def text(self, term: Term) -> str:
        """A result's node as text: a literal in the lexical form rdflib gives it."""
        return str(self._rdflib_literal(term)) if isinstance(term, ox.Literal) else _value(term)

    @staticmethod
    def _rdflib_literal(term: ox.Literal) -> rdflib.Literal:
        import rdflib

        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        if term.datatype.value == XSD + "string":
            return rdflib.Literal(term.value)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))

    def _literal(self, term: ox.Literal, names: NamespaceManager) -> str:
        lit = self._rdflib_literal(term)
        lexical = str(lit)
        value = None if lit.value is None else str(lit.value)
        if value is not None and " object at 0x" in value[1:]:
            value = value[: value.find(" object at 0x")]
        text = f'"{lexical}"' if value is None or value == lexical else f'"{lexical}" = {value}'
        if lit.language:
            text += f", lang={lit.language}"
        if lit.datatype is not None:
            text += f", datatype={self._node(ox.NamedNode(str(lit.datatype)), names)}"
        return f"Literal({text})"

    def _blank(self, node: ox.BlankNode, names: NamespaceManager, depth: int) -> str:
        if depth >= 12:
            return "<http://recursion.too.deep>"
        predicates = sorted(self.graph.predicates(node))
        if not predicates:
            return "[ ]"
        if RDF + "first" in predicates:
            items = [self._node(item, names, depth + 1) for item in self.graph.items(node)]
            return "( {} )".format(" ".join(items))
        described = {}
        for predicate in predicates:
            objects = sorted(
                self._node(o, names, depth + 1) for o in self.graph.objects(node, predicate)
            )
            described[self._node(ox.NamedNode(predicate), names)] = ", ".join(objects)
        return "[ {} ]".format(" ; ".join(f"{p} {o}" for p, o in sorted(described.items())))


__all__ = ["WHOLE_GRAPH", "ShapesError", "as_violation", "violations"]
