"""``DESCRIBE`` with one meaning on every backend: the concise bounded description of each IRI.

SPARQL leaves the answer to ``DESCRIBE`` to the engine, and the engines differ: on the real graph,
Oxigraph gives the 37 triples whose subject is the Agency for Religious Affairs, rdflib adds 10
reified statements about it, and Virtuoso adds the 32 triples that point to it.  kazkg therefore
answers a ``DESCRIBE`` itself, the same way on every backend: for each IRI the query names or its
``WHERE`` clause binds, every triple with that IRI as subject, and, through blank-node objects,
the triples of those blank nodes, however deep (a list in an OWL axiom, for instance).  Blank
nodes and literals bound by the ``WHERE`` clause are not described themselves (an endpoint
cannot be asked about a blank node it returned).

>>> named, select = resources_query("PREFIX kzid: <https://w3id.org/kazkg/id/> DESCRIBE kzid:x ?y WHERE { ?y ?p kzid:x }")
>>> named, " ".join(select.split())
(['kzid:x'], 'PREFIX kzid: <https://w3id.org/kazkg/id/> SELECT DISTINCT ?y WHERE { ?y ?p kzid:x }')
"""

from __future__ import annotations

import itertools
import re

from kazkg.errors import QueryError
from kazkg.query.backends.base import Backend
from kazkg.query.sparql import mask
from kazkg.terms import Term

CHUNK = 40
"""IRIs described per query."""

MAX_DEPTH = 32
"""How many blank nodes deep a description may go before it is an error."""

_DESCRIBE = re.compile(r"\bDESCRIBE\b", re.IGNORECASE)
_END_OF_TERMS = re.compile(r"\b(WHERE|FROM|ORDER|LIMIT|OFFSET|GROUP|HAVING|VALUES)\b|\{", re.I)
_TERM = re.compile(r"\*|[?$][A-Za-z_]\w*|<[^<>]*>|(?:[A-Za-z][\w.-]*)?:[^\s{}()]*")
_DATASET = re.compile(r"(?:\s*FROM\s+(?:NAMED\s+)?(?:<[^<>]*>|\S+))*", re.IGNORECASE)


def _split(query: str) -> tuple[str, list[str], str, str]:
    """The prologue, the terms after ``DESCRIBE``, the dataset clauses and the rest of ``query``
    (its ``WHERE`` group, ``{}`` if it has none, and its solution modifiers)."""
    masked = mask(query)
    keyword = _DESCRIBE.search(masked)
    if keyword is None:
        raise QueryError("not a DESCRIBE query")
    start = keyword.end()
    stop = _END_OF_TERMS.search(masked, start)
    end = stop.start() if stop else len(query)
    terms = [query[start + m.start() : start + m.end()] for m in _TERM.finditer(masked[start:end])]
    if not terms:
        raise QueryError("DESCRIBE names no variable or IRI")
    dataset = _DATASET.match(masked, end)
    after = dataset.end() if dataset else end
    rest = query[after:]
    if "{" not in masked[after:]:
        rest = " WHERE {} " + rest
    return query[: keyword.start()], terms, query[end:after], rest


def resources_query(query: str) -> tuple[list[str], str | None]:
    """The IRIs a ``DESCRIBE`` query names (as written) and a ``SELECT`` query for the resources
    its ``WHERE`` clause binds (``None`` if it names only IRIs)."""
    prologue, terms, dataset, rest = _split(query)
    named = [t for t in terms if t != "*" and not t.startswith(("?", "$"))]
    variables = [t for t in terms if t == "*" or t.startswith(("?", "$"))]
    if not variables:
        return list(dict.fromkeys(named)), None
    projection = "*" if "*" in variables else " ".join(dict.fromkeys(variables))
    return list(dict.fromkeys(named)), f"{prologue}SELECT DISTINCT {projection} {dataset} {rest}"


def description_query(prologue: str, dataset: str, iris: list[str], depth: int) -> str:
    """A ``CONSTRUCT`` of the triples of ``iris`` (written as in a query) and of the blank nodes
    they lead to, up to ``depth`` blank nodes deep.

    The subject of each level is the variable ``?kazkg_s`` itself (no ``BIND`` of one variable
    to another, which Virtuoso fails to compile beside a ``FILTER``).
    """
    branches: list[str] = []
    for iri in iris:
        branches.append(f"{{ {iri} ?kazkg_p ?kazkg_o . BIND({iri} AS ?kazkg_s) }}")
        for level in range(1, depth + 1):
            nodes = [iri, *(f"?kazkg_b{i}" for i in range(1, level)), "?kazkg_s"]
            hops = [
                f"{a} ?kazkg_p{i} {b} . FILTER(isBlank({b}))"
                for i, (a, b) in enumerate(itertools.pairwise(nodes), start=1)
            ]
            branches.append("{ " + " ".join([*hops, "?kazkg_s ?kazkg_p ?kazkg_o ."]) + " }")
    union = "\n  UNION ".join(branches)
    return (
        f"{prologue}CONSTRUCT {{ ?kazkg_s ?kazkg_p ?kazkg_o }} {dataset}\nWHERE {{\n  {union}\n}}"
    )


def _frontier(ntriples: bytes) -> bool:
    """Whether some blank node is an object in ``ntriples`` but never a subject (so a deeper
    description may find its triples)."""
    subjects: set[str] = set()
    objects: set[str] = set()
    for line in ntriples.decode("utf-8").splitlines():
        if line.startswith("_:"):
            subjects.add(line.split(" ", 1)[0])
        tail = line.rstrip(" .").rsplit(" ", 1)[-1]
        if tail.startswith("_:"):
            objects.add(tail)
    return bool(objects - subjects)


def _deepest(backend: Backend, prologue: str, dataset: str, iri: str) -> bytes:
    """The description of one IRI, asked deeper and deeper until no blank node is left open
    (or going deeper finds nothing more: a blank node without triples of its own)."""
    depth, found = 4, -1
    while True:
        data = backend.construct(description_query(prologue, dataset, [iri], depth))
        count = data.count(b"\n")
        if not _frontier(data) or count == found:
            return data
        if depth >= MAX_DEPTH:
            raise QueryError(f"DESCRIBE {iri}: blank nodes nest deeper than {MAX_DEPTH}")
        depth, found = depth * 2, count


def describe_query(backend: Backend, query: str) -> bytes:
    """Answer the ``DESCRIBE`` ``query`` on ``backend``: sorted N-Triples (see the module)."""
    prologue, _, dataset, _ = _split(query)
    named, select = resources_query(query)
    iris = list(named)
    if select is not None:
        table = backend.select(select)
        found = {
            Term.iri(term.value).n3()
            for row in table.rows
            for term in row
            if term is not None and term.kind == "iri"
        }
        iris += sorted(found - set(iris))
    lines: set[str] = set()
    for start in range(0, len(iris), CHUNK):
        chunk = iris[start : start + CHUNK]
        data = backend.construct(description_query(prologue, dataset, chunk, 2))
        if _frontier(data):
            data = b"".join(_deepest(backend, prologue, dataset, iri) for iri in chunk)
        lines.update(line for line in data.decode("utf-8").splitlines() if line.strip())
    return "".join(f"{line}\n" for line in sorted(lines)).encode("utf-8")
