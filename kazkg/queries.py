"""Named SPARQL queries: the ``queries/*.rq`` files, their headers, and safe parameters.

Each file starts with a header of ``#`` comment lines::

    # title: Parent of an agency on a date
    # description: The bodies AGENCY was subordinate to on DATE, with the span and the quote.
    #   (an indented comment line continues the previous field)
    # param: agency entity required -- the body: a name, an alias, an IRI or a kzid: CURIE
    # param: date date default=2012-06-01 -- an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)
    # param: to year optional -- left unbound when not given
    # example: agency="Agency for Religious Affairs" date=2012-06-01


An ``example:`` line gives parameter values that have answers in the graph (the test suite runs
every query with them on every backend).  A parameter line gives the name (also the SPARQL variable ``?name``), the type, then
``required``, ``optional`` or ``default=VALUE``, then ``--`` and a description.  Types:

========  ===============================================================  ===================
type      accepts                                                          bound as
========  ===============================================================  ===================
entity    a name or alias (resolved like ``kazkg trace``), IRI or CURIE    IRI
iri       an IRI or a CURIE with a known prefix                            IRI
date      ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``                          plain string
year      ``YYYY``                                                         plain string
integer   a whole number                                                   ``xsd:integer``
string    any text                                                         plain string
========  ===============================================================  ===================

Values are validated, turned into :class:`~kazkg.terms.Term` objects and bound with ``BIND`` at
the start of the query (see :mod:`kazkg.querytext`); they are never pasted into the query text.

>>> [p.name for p in get("parent-on-date").parameters]
['agency', 'date']
>>> to_term(Parameter("date", "date"), "2012-06-01", None)
Term(kind='literal', value='2012-06-01', datatype='http://www.w3.org/2001/XMLSchema#string', lang=None)
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from kazkg.backends.base import Backend
from kazkg.errors import QueryError
from kazkg.querytext import bind_values, query_form, shift_position, with_prefixes
from kazkg.resources import queries_dir
from kazkg.terms import ResultTable, Term
from kazkg.vocab import XSD

TYPES = ("entity", "iri", "date", "year", "integer", "string")
"""The parameter types a header may declare."""

_FIELD = re.compile(r"^#\s*(title|description|param|example)\s*:\s*(.*)$")
_CONTINUATION = re.compile(r"^#\s{2,}(\S.*)$")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Parameter:
    """One declared parameter of a named query."""

    name: str
    type: str
    required: bool = False
    default: str | None = None
    description: str = ""

    def __str__(self) -> str:
        need = (
            "required"
            if self.required
            else f"default {self.default}"
            if self.default
            else "optional"
        )
        return f"{self.name} ({self.type}, {need})"


@dataclass(frozen=True)
class NamedQuery:
    """A query file: its name (the file stem), header and SPARQL text."""

    name: str
    title: str
    description: str
    text: str
    path: Path
    parameters: tuple[Parameter, ...] = field(default_factory=tuple)
    example: dict[str, str] = field(default_factory=dict)
    """Parameter values that have answers in the graph."""

    @property
    def form(self) -> str:
        """``SELECT``, ``CONSTRUCT``, ``ASK`` or ``DESCRIBE``."""
        return query_form(self.text)

    def parameter(self, name: str) -> Parameter:
        """The parameter called ``name``; a :class:`QueryError` lists the others otherwise."""
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        known = ", ".join(str(p) for p in self.parameters) or "none"
        raise QueryError(f"query {self.name!r} has no parameter {name!r}; its parameters: {known}")


def _parameter(spec: str, where: str) -> Parameter:
    head, _, description = spec.partition("--")
    try:
        words = shlex.split(head)
    except ValueError as error:
        raise QueryError(f"{where}: bad parameter declaration ({error})") from None
    if len(words) != 3 or not _NAME.match(words[0]) or words[1] not in TYPES:
        raise QueryError(
            f"{where}: expected 'param: NAME TYPE required|optional|default=VALUE -- description' "
            f"with TYPE one of {', '.join(TYPES)}"
        )
    name, kind, need = words
    if need not in ("required", "optional") and not need.startswith("default="):
        raise QueryError(f"{where}: parameter {name!r} must be required, optional or default=VALUE")
    default = need.removeprefix("default=") if need.startswith("default=") else None
    return Parameter(name, kind, need == "required", default, description.strip())


def _example(spec: str, where: str) -> dict[str, str]:
    try:
        pairs = [word.partition("=") for word in shlex.split(spec)]
    except ValueError as error:
        raise QueryError(f"{where}: bad example ({error})") from None
    if any(not sep for _, sep, _ in pairs):
        raise QueryError(f"{where}: expected 'example: NAME=VALUE ...'")
    return {name: value for name, _, value in pairs}


def parse(path: Path) -> NamedQuery:
    """Read one ``.rq`` file and its header; a malformed header names the file and line."""
    text = path.read_text(encoding="utf-8")
    fields: dict[str, str] = {}
    params: list[Parameter] = []
    example: dict[str, str] = {}
    last: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break
        where = f"{path}:{number}"
        match = _FIELD.match(line)
        continued = _CONTINUATION.match(line)
        if match:
            key, value = match.groups()
            if key == "param":
                params.append(_parameter(value, where))
            elif key == "example":
                example.update(_example(value, where))
            else:
                fields[key] = value.strip()
            last = key
        elif continued and last in ("title", "description"):
            fields[last] += " " + continued.group(1).strip()
        elif continued and last == "param":
            p = params[-1]
            params[-1] = Parameter(
                p.name, p.type, p.required, p.default, f"{p.description} {continued.group(1)}"
            )
    if "title" not in fields:
        raise QueryError(f"{path}:1: the header has no 'title:' line")
    names = [p.name for p in params]
    if len(set(names)) != len(names):
        raise QueryError(f"{path}: a parameter is declared twice")
    for p in params:
        if not re.search(rf"\?{p.name}\b", text):
            raise QueryError(f"{path}: parameter {p.name!r} is not used as ?{p.name} in the query")
    unknown = set(example) - set(names)
    if unknown:
        raise QueryError(
            f"{path}: the example sets undeclared parameters: {', '.join(sorted(unknown))}"
        )
    return NamedQuery(
        path.stem,
        fields["title"],
        fields.get("description", ""),
        text,
        path,
        tuple(params),
        example,
    )


@cache
def _catalogue(directory: Path) -> dict[str, NamedQuery]:
    return {query.name: query for query in map(parse, sorted(directory.glob("*.rq")))}


def catalogue(directory: Path | None = None) -> list[NamedQuery]:
    """Every named query in ``directory`` (default: the packaged ``queries/``), sorted by name."""
    return list(_catalogue((directory or queries_dir()).resolve()).values())


def get(name: str, directory: Path | None = None) -> NamedQuery:
    """The named query ``name``; an unknown name is a :class:`QueryError` listing those that exist."""
    found = _catalogue((directory or queries_dir()).resolve())
    if name not in found:
        raise QueryError(f"no named query {name!r}; known queries: {', '.join(found) or 'none'}")
    return found[name]


def to_term(parameter: Parameter, value: str, backend: Backend | None) -> Term:
    """Validate ``value`` as ``parameter``'s type and return the term to bind.

    Entities are resolved by name on ``backend`` (see :mod:`kazkg.resolve`); anything that does
    not validate is a :class:`QueryError` naming the parameter.
    """
    from kazkg.dates import parse_date
    from kazkg.resolve import expand_iri, resolve

    def fail(reason: str) -> QueryError:
        return QueryError(f"parameter {parameter.name!r} ({parameter.type}): {reason}: {value!r}")

    if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in value):
        raise fail("control characters are not allowed")
    kind = parameter.type
    if kind in ("entity", "iri"):
        iri = expand_iri(value)
        if iri is None and kind == "entity" and backend is not None:
            iri = resolve(backend, value)
        if iri is None:
            raise fail("not an IRI or a CURIE with a known prefix")
        return Term.iri(iri)
    if kind == "date":
        try:
            return Term.literal(parse_date(value))
        except ValueError:
            raise fail("not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)") from None
    if kind == "year":
        if not re.fullmatch(r"\d{4}", value.strip()):
            raise fail("not a four-digit year")
        return Term.literal(value.strip())
    if kind == "integer":
        if not re.fullmatch(r"[+-]?\d+", value.strip()):
            raise fail("not a whole number")
        return Term.literal(str(int(value)), XSD.term("integer"))
    return Term.literal(value)


def bind(
    query: NamedQuery, params: Mapping[str, str | None] | None, backend: Backend | None
) -> str:
    """The SPARQL text of ``query`` with ``params`` validated and bound (defaults filled in)."""
    given = dict(params or {})
    for name in given:
        query.parameter(name)
    values = {
        p.name: given[p.name] if given.get(p.name) is not None else p.default
        for p in query.parameters
    }
    for parameter in query.parameters:
        if values[parameter.name] is None and parameter.required:
            needed = ", ".join(str(p) for p in query.parameters)
            raise QueryError(
                f"query {query.name!r} needs --param {parameter.name}=...; its parameters: {needed}"
            )
    bindings: dict[str, Term | None] = {
        p.name: None if values[p.name] is None else to_term(p, str(values[p.name]), backend)
        for p in query.parameters
    }
    return bind_values(query.text, bindings)


def run(
    backend: Backend, name: str | NamedQuery, params: Mapping[str, str | None] | None = None
) -> ResultTable:
    """Run the named SELECT query ``name`` on ``backend`` with ``params`` (strings, as typed).

    >>> from kazkg.backends import open_backend                              # doctest: +SKIP
    >>> table = run(open_backend(), "members-of", {"organisation": "SCO"})    # doctest: +SKIP
    >>> table.variables[:2]                                                  # doctest: +SKIP
    ['member', 'role']
    """
    query = name if isinstance(name, NamedQuery) else get(name)
    if query.form != "SELECT":
        raise QueryError(f"query {query.name!r} is a {query.form} query; use kazkg.queries.execute")
    return backend.select(bind(query, params, backend))


QueryResult = ResultTable | bool | bytes
"""What a query returns: a table (SELECT), a boolean (ASK) or N-Triples (CONSTRUCT, DESCRIBE)."""


def execute(backend: Backend, text: str) -> QueryResult:
    """Run any SPARQL query text, adding the standard prefixes it uses but does not declare.

    A ``DESCRIBE`` gives the same triples on every backend (see :mod:`kazkg.describe`).

    A syntax error is reported on one line (cut at 240 characters), its position referring to
    the text as given.
    """
    full, shift = with_prefixes(text)
    try:
        form = query_form(full)
        if form == "SELECT":
            return backend.select(full)
        if form == "ASK":
            return backend.ask(full)
        if form == "DESCRIBE":
            from kazkg.describe import describe

            return describe(backend, full)
        return backend.construct(full)
    except QueryError as error:
        message = " ".join(shift_position(str(error), shift).split())
        raise QueryError(message if len(message) <= 240 else message[:239] + "…") from None


def run_any(
    backend: Backend, name: str | NamedQuery, params: Mapping[str, str | None] | None = None
) -> QueryResult:
    """Run a named query of any form (SELECT, ASK, CONSTRUCT or DESCRIBE) with ``params``."""
    query = name if isinstance(name, NamedQuery) else get(name)
    return execute(backend, bind(query, params, backend))
