"""Named SPARQL queries: the ``queries/*.rq`` files, their headers, and safe parameters.

Each file starts with a header of ``#`` comment lines::

    # title: Parent of an agency on a date
    # description: The bodies AGENCY was subordinate to on DATE, with the span and the quote.
    #   (an indented comment line continues the previous field)
    # param: agency entity required -- the body: a name, an alias, an IRI or a kzid: CURIE
    # param: date date default=2012-06-01 -- an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)
    # param: to year optional -- left unbound when not given
    # param: article entity:CodeArticle optional -- only an entity of these kz: classes
    # evidence: fact
    # example: agency="Agency for Religious Affairs" date=2012-06-01


An ``example:`` line gives parameter values that have answers in the graph (the test suite runs
every query with them on every backend).  An ``evidence:`` line names the column that holds each
row's fact (default: ``fact``, when the query returns one); :func:`run` adds a ``quote`` column
with the quote of that fact that best names the row's entities (see
:mod:`kazkg.query.evidence`).  A parameter line gives the name (also the SPARQL variable
``?name``), the type, then ``required``, ``optional`` or ``default=VALUE``, then ``--`` and a
description.  Types:

========  ===============================================================  ===================
type      accepts                                                          bound as
========  ===============================================================  ===================
entity    a name, alias or article number of an entity (resolved like      IRI
          ``kazkg trace``), an IRI or a CURIE; ``entity:CodeArticle,Code``
          keeps the answer within those ``kz:`` classes
concept   a controlled term by its name (``founding member``, ``religious  IRI
          affairs``), an IRI or a CURIE
iri       an IRI or a CURIE with a known prefix                            IRI
date      ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``                          plain string
year      ``YYYY``                                                         plain string
integer   a whole number                                                   ``xsd:integer``
string    any text                                                         plain string
words     words the rows must mention (their values, their entities' names  not bound: the
          or their quote; any order, folded like names)                    rows are filtered
terms     (for the library's own queries) several terms, bound in Python   one row per term
========  ===============================================================  ===================

Values are validated, turned into :class:`~kazkg.terms.Term` objects and bound with ``BIND`` at
the start of the query (a ``terms`` parameter of the library's own queries as a ``VALUES`` block;
see :mod:`kazkg.query.sparql`); they are never pasted into the query text.

>>> [p.name for p in get("parent-on-date").parameters]
['agency', 'date']
>>> term_for(Parameter("date", "date"), "2012-06-01", None)
Term(kind='literal', value='2012-06-01', datatype='http://www.w3.org/2001/XMLSchema#string', lang=None)
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from kazkg.errors import ParameterError, QueryError
from kazkg.limits import check_value, shown
from kazkg.query.backends.base import Backend
from kazkg.query.sparql import bind_values, query_form, shift_position, with_prefixes
from kazkg.resources import queries_dir
from kazkg.terms import ResultTable, Term
from kazkg.vocab import KZ, XSD

TYPES = ("entity", "concept", "iri", "date", "year", "integer", "string", "words", "terms")
"""The parameter types a header may declare."""

_FIELD = re.compile(r"^#\s*(title|description|param|example|evidence)\s*:\s*(.*)$")
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
    classes: tuple[str, ...] = ()
    """For an entity: the classes (IRIs) its answer must belong to (any entity if empty)."""

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
    evidence: str | None = None
    """The column holding each row's fact, whose quote :func:`run` adds (``None``: ``fact`` if
    the query returns it)."""

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
    kind, _, within = words[1].partition(":") if len(words) == 3 else ("", "", "")
    if len(words) != 3 or not _NAME.match(words[0]) or kind not in TYPES:
        raise QueryError(
            f"{where}: expected 'param: NAME TYPE required|optional|default=VALUE -- description' "
            f"with TYPE one of {', '.join(TYPES)}"
        )
    if within and (kind != "entity" or not re.fullmatch(r"[A-Z]\w*(,[A-Z]\w*)*", within)):
        raise QueryError(f"{where}: only an entity takes classes, as entity:Class,Class")
    name, need = words[0], words[2]
    if need not in ("required", "optional") and not need.startswith("default="):
        raise QueryError(f"{where}: parameter {name!r} must be required, optional or default=VALUE")
    default = need.removeprefix("default=") if need.startswith("default=") else None
    classes = tuple(KZ.NS.term(c) for c in within.split(",")) if within else ()
    return Parameter(name, kind, need == "required", default, description.strip(), classes)


def _example(spec: str, where: str) -> dict[str, str]:
    try:
        pairs = [word.partition("=") for word in shlex.split(spec)]
    except ValueError as error:
        raise QueryError(f"{where}: bad example ({error})") from None
    if any(not sep for _, sep, _ in pairs):
        raise QueryError(f"{where}: expected 'example: NAME=VALUE ...'")
    return {name: value for name, _, value in pairs}


@dataclass
class _Header:
    """The fields of a query file's header as they are read, line by line."""

    fields: dict[str, str] = field(default_factory=dict)
    params: list[Parameter] = field(default_factory=list)
    example: dict[str, str] = field(default_factory=dict)
    last: str | None = None

    def read(self, line: str, where: str) -> None:
        """Take one ``#`` line: a field, or the continuation of the field before it."""
        match = _FIELD.match(line)
        continued = _CONTINUATION.match(line)
        if match:
            key, value = match.groups()
            if key == "param":
                self.params.append(_parameter(value, where))
            elif key == "example":
                self.example.update(_example(value, where))
            elif key == "evidence" and not _NAME.match(value.strip()):
                raise QueryError(f"{where}: 'evidence:' names one column of the query")
            else:
                self.fields[key] = value.strip()
            self.last = key
        elif continued and self.last in ("title", "description"):
            self.fields[self.last] += " " + continued.group(1).strip()
        elif continued and self.last == "param":
            p = self.params[-1]
            more = f"{p.description} {continued.group(1)}"
            self.params[-1] = Parameter(p.name, p.type, p.required, p.default, more, p.classes)


def _check(header: _Header, path: Path, text: str) -> None:
    """A header must have a title, declare each parameter once and use it, and give examples
    only for declared parameters."""
    if "title" not in header.fields:
        raise QueryError(f"{path}:1: the header has no 'title:' line")
    names = [p.name for p in header.params]
    if len(set(names)) != len(names):
        raise QueryError(f"{path}: a parameter is declared twice")
    for p in header.params:
        if p.type != "words" and not re.search(rf"\?{p.name}\b", text):
            raise QueryError(f"{path}: parameter {p.name!r} is not used as ?{p.name} in the query")
    unknown = set(header.example) - set(names)
    if unknown:
        raise QueryError(
            f"{path}: the example sets undeclared parameters: {', '.join(sorted(unknown))}"
        )


def parse(path: Path) -> NamedQuery:
    """Read one ``.rq`` file and its header; a malformed header names the file and line."""
    text = path.read_text(encoding="utf-8")
    header = _Header()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break
        header.read(line, f"{path}:{number}")
    _check(header, path, text)
    return NamedQuery(
        path.stem,
        header.fields["title"],
        header.fields.get("description", ""),
        text,
        path,
        tuple(header.params),
        header.example,
        header.fields.get("evidence"),
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


def _entity(value: str, backend: Backend | None, within: tuple[str, ...] | None) -> Term:
    """``value`` as an IRI: resolved by name within the classes ``within`` (``None``: only an
    IRI or a CURIE is accepted)."""
    from kazkg.query.resolve import expand_iri, resolve

    iri = expand_iri(value)
    if iri is None and within is not None and backend is not None:
        iri = resolve(backend, value, within)
    if iri is None:
        raise ValueError("not an IRI or a CURIE with a known prefix")
    return Term.iri(iri)


def _date(value: str, backend: Backend | None) -> Term:
    from kazkg.time import parse_date

    try:
        return Term.literal(parse_date(value))
    except ValueError:
        raise ValueError("not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)") from None


def _year(value: str, backend: Backend | None) -> Term:
    if not re.fullmatch(r"[0-9]{4}", value.strip()):
        raise ValueError("not a four-digit year")
    return Term.literal(value.strip())


def _integer(value: str, backend: Backend | None) -> Term:
    if not re.fullmatch(r"[+-]?[0-9]+", value.strip()):
        raise ValueError("not a whole number")
    return Term.literal(str(int(value)), XSD.term("integer"))


_CONVERTERS: dict[str, Callable[[str, Backend | None], Term]] = {
    "entity": lambda value, backend: _entity(value, backend, (KZ.Entity,)),
    "concept": lambda value, backend: _entity(value, backend, (KZ.Concept,)),
    "iri": lambda value, backend: _entity(value, backend, None),
    "date": _date,
    "year": _year,
    "integer": _integer,
    "string": lambda value, backend: Term.literal(value),
    "words": lambda value, backend: Term.literal(value),
}
"""How a value typed for each parameter type becomes the term that is bound."""


def term_for(
    parameter: Parameter, value: str, backend: Backend | None, query: str | None = None
) -> Term:
    """Validate ``value`` as ``parameter``'s type and return the term to bind.

    Entities are resolved by name on ``backend`` (see :mod:`kazkg.query.resolve`); anything that
    does not validate is a :class:`~kazkg.errors.ParameterError` naming the parameter.
    """
    check_value(parameter.name, value, query=query)
    if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in value):
        raise ParameterError(
            parameter.name, f"control characters are not allowed: {shown(value)}", query=query
        )
    convert = _CONVERTERS.get(parameter.type)
    if parameter.type == "entity" and parameter.classes:
        classes = parameter.classes

        def convert(value: str, backend: Backend | None) -> Term:
            return _entity(value, backend, classes)

    if convert is None:
        raise ParameterError(
            parameter.name, f"type {parameter.type!r} takes no typed value", query=query
        )
    try:
        return convert(value, backend)
    except ValueError as error:
        raise ParameterError(parameter.name, f"{error}: {shown(value)}", query=query) from None
    except QueryError as error:  # a name that resolves to nothing, or to several entities
        raise ParameterError(parameter.name, str(error), query=query) from None


def bind(
    query: NamedQuery, params: Mapping[str, str | None] | None, backend: Backend | None
) -> str:
    """The SPARQL text of ``query`` with ``params`` validated and bound (defaults filled in)."""
    return bind_terms(query, bindings(query, params, backend))


def bind_terms(query: NamedQuery, bound: Mapping[str, Term | None]) -> str:
    """The SPARQL text of ``query`` with the terms :func:`bindings` gave (``words`` parameters
    are applied to the rows afterwards, not bound)."""
    return bind_values(query.text, {n: t for n, t in bound.items() if n not in _words(query)})


def _words(query: NamedQuery) -> set[str]:
    return {p.name for p in query.parameters if p.type == "words"}


def bindings(
    query: NamedQuery, params: Mapping[str, str | None] | None, backend: Backend | None
) -> dict[str, Term | None]:
    """The term each parameter of ``query`` is bound to (``None``: left unbound), ``params``
    validated and defaults filled in."""
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
            raise ParameterError(
                parameter.name, f"required; the query's parameters: {needed}", query=query.name
            )
    bound = {
        p.name: None
        if values[p.name] is None
        else term_for(p, str(values[p.name]), backend, query.name)
        for p in query.parameters
    }
    _check_range(query, bound)
    return bound


def evidence_column(query: NamedQuery, table: ResultTable) -> str | None:
    """The column of ``table`` whose facts' quotes back its rows (``None``: the query returns
    no facts, or chooses its quotes itself)."""
    if "quote" in table.variables:
        return None
    column = query.evidence or "fact"
    return column if column in table.variables else None


def _check_range(query: NamedQuery, bindings: Mapping[str, Term | None]) -> None:
    """A period given by dates ``from`` and ``to`` must not end before it begins."""
    from kazkg.time import not_after

    start, end = bindings.get("from"), bindings.get("to")
    types = {p.name: p.type for p in query.parameters}
    dated = types.get("from") in ("date", "year") and types.get("to") in ("date", "year")
    if dated and start is not None and end is not None and not not_after(start.value, end.value):
        raise ParameterError(
            "to", f"{end.value} is before from={start.value}: the period is empty", query=query.name
        )


def run(
    backend: Backend,
    name: str | NamedQuery,
    params: Mapping[str, str | None] | None = None,
    *,
    all_quotes: bool = False,
) -> ResultTable:
    """Run the named SELECT query ``name`` on ``backend`` with ``params`` (strings, as typed).

    A query that returns facts gets a ``quote`` column: the quote of each row's fact that best
    names the row's entities and those asked about (every quote, best first, one per line, with
    ``all_quotes``); see :mod:`kazkg.query.evidence`.

    >>> from kazkg.query.backends import open_backend                              # doctest: +SKIP
    >>> table = run(open_backend(), "members-of", {"organisation": "SCO"})    # doctest: +SKIP
    >>> table.variables[:2]                                                  # doctest: +SKIP
    ['member', 'role']
    """
    query = name if isinstance(name, NamedQuery) else get(name)
    if query.form != "SELECT":
        raise QueryError(
            f"query {query.name!r} is a {query.form} query; use kazkg.query.named.execute"
        )
    bound = bindings(query, params, backend)
    words = _words(query)
    table = backend.select(
        bind_values(query.text, {n: t for n, t in bound.items() if n not in words})
    )
    return finish(backend, query, table, bound, all_quotes=all_quotes)


def finish(
    backend: Backend,
    query: NamedQuery,
    table: ResultTable,
    bound: Mapping[str, Term | None],
    *,
    all_quotes: bool = False,
) -> ResultTable:
    """What :func:`run` adds to the rows ``query`` returned with its parameters ``bound`` (see
    :func:`bindings`): the ``quote`` column of a query that returns facts, and only the rows
    that mention the words of a ``words`` parameter.  For a caller that runs the bound text
    itself (the explorer's workbench, through its endpoint)."""
    column = evidence_column(query, table)
    if column is not None:
        from kazkg.query.evidence import with_quotes

        asked = [
            term.value
            for p in query.parameters
            if p.type in ("entity", "concept") and (term := bound.get(p.name)) is not None
        ]
        table = with_quotes(backend, table, column, asked, all_quotes)
    words = _words(query)
    wanted = [t.value for n, t in bound.items() if n in words and t is not None]
    if wanted:
        from kazkg.query.evidence import mentioning

        table = mentioning(backend, table, " ".join(wanted))
    return table


QueryResult = ResultTable | bool | bytes
"""What a query returns: a table (SELECT), a boolean (ASK) or N-Triples (CONSTRUCT, DESCRIBE)."""


def execute(backend: Backend, text: str) -> QueryResult:
    """Run any SPARQL query text, adding the standard prefixes it uses but does not declare.

    A ``DESCRIBE`` gives the same triples on every backend (see :mod:`kazkg.query.sparql_describe`).

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
            from kazkg.query.sparql_describe import describe_query

            return describe_query(backend, full)
        return backend.construct(full)
    except ParameterError:
        raise
    except QueryError as error:
        message = " ".join(shift_position(str(error), shift).split())
        raise QueryError(message if len(message) <= 240 else message[:239] + "…") from None


def run_any(
    backend: Backend,
    name: str | NamedQuery,
    params: Mapping[str, str | None] | None = None,
    *,
    all_quotes: bool = False,
) -> QueryResult:
    """Run a named query of any form (SELECT, ASK, CONSTRUCT or DESCRIBE) with ``params``; a
    SELECT query's rows get their quotes as :func:`run` gives them."""
    query = name if isinstance(name, NamedQuery) else get(name)
    if query.form == "SELECT":
        return run(backend, query, params, all_quotes=all_quotes)
    return execute(backend, bind(query, params, backend))
