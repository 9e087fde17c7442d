"""SPARQL query text, handled without ever pasting user text into it: prefixes, binding, form.

Values reach a query only as :class:`~kazkg.terms.Term` objects written with ``Term.n3()``
(validated IRIs, escaped literals), each in a ``BIND`` at the start of the query's outermost
``WHERE`` group; a variable left without a value is simply not bound.  Every backend sees the
same text and the same semantics: a ``VALUES`` block would be equivalent in SPARQL 1.1, but
Virtuoso answers a property path whose start is bound by ``VALUES`` wrongly (see
``docs/querying.md``, portability rules).

>>> from kazkg.terms import Term
>>> print(bind_values("SELECT ?x WHERE { ?x ?p ?o }", {"o": Term.literal('a"} ; DROP ALL ; {')}))
SELECT ?x WHERE { BIND("a\\"} ; DROP ALL ; {" AS ?o)
 ?x ?p ?o }
>>> query_form("PREFIX a: <http://a/> # SELECT\\nCONSTRUCT WHERE { ?s ?p ?o }")
'CONSTRUCT'
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence

from kazkg.errors import ParameterError, QueryError
from kazkg.terms import Term
from kazkg.vocab import PREFIXES

_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_STRING = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
)
_FORM = re.compile(r"\b(SELECT|CONSTRUCT|ASK|DESCRIBE)\b", re.IGNORECASE)
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_DECLARED = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE)
_USED = re.compile(r"(?<![\w?$])([A-Za-z][\w.-]*)?:(?=[\w%\\])")
_POSITION = re.compile(r"\bat 1:(\d+)")


def mask(query: str) -> str:
    """``query`` with comments, strings and IRIs blanked out (same length), to search its syntax."""
    out: list[str] = []
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        match = None
        if ch == "#":
            end = query.find("\n", i)
            end = n if end < 0 else end
            out.append(" " * (end - i))
            i = end
            continue
        if ch in "\"'":
            match = _STRING.match(query, i)
        elif ch == "<":
            match = _IRIREF.match(query, i)
        if match is not None:
            out.append(ch + " " * (match.end() - i - 2) + query[match.end() - 1])
            i = match.end()
            continue
        out.append(ch)
        i += 1
    return "".join(out)


_SERVICE = re.compile(r"(?<![\w?$:])SERVICE(?![\w:-])", re.IGNORECASE)
_SILENT = re.compile(r"\s*SILENT\b\s*", re.IGNORECASE)
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_LEADING_COMMENTS = re.compile(r"(?:\s*#[^\n]*(?:\n|$))*")
_PREFIX_DECLARATION = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:\s*<", re.IGNORECASE)


def _unescape_codepoints(query: str) -> str:
    """``query`` with ``\\uXXXX`` and ``\\UXXXXXXXX`` replaced by their characters, as an engine
    that applies them before parsing reads it."""

    def character(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code < 0x110000 else match.group(0)

    return _CODEPOINT.sub(character, query)


def _service_targets(text: str) -> list[str]:
    """The endpoints of the ``SERVICE`` clauses of ``text``: IRIs (prefixed names expanded
    where the query declares the prefix), else the term as written (``?var``, ``ex:name``)."""
    masked = mask(text)
    declared = {
        (m.group(1) or ""): text[m.end() : masked.find(">", m.end())]
        for m in _PREFIX_DECLARATION.finditer(masked)
    }
    targets = []
    for match in _SERVICE.finditer(masked):
        position = match.end()
        position += len(masked[position:]) - len(masked[position:].lstrip())
        silent = _SILENT.match(masked, position)
        if silent:
            position = silent.end()
        if text.startswith("<", position):
            iri = _IRIREF.match(text, position)
            targets.append(iri.group(0)[1:-1] if iri else text[position : position + 80])
            continue
        term = re.match(r"[^\s{]*", masked[position:])
        written = term.group(0) if term else ""
        prefix, colon, local = written.partition(":")
        expanded = declared.get(prefix, PREFIXES.get(prefix)) if colon else None
        targets.append(expanded + local if expanded is not None else written)
    return targets


def check_service(query: str, allowed: Collection[str] = ()) -> None:
    """Refuse ``query`` if it has a ``SERVICE`` clause calling an endpoint not in ``allowed``.

    A ``SERVICE`` clause makes the engine send a request to another server: from a read-only
    server open to others, a relay to anywhere.  Each clause's endpoint must be one of
    ``allowed`` (full IRIs, compared exactly); a variable endpoint never is.  The query is read
    both as written and with its ``\\u`` escapes applied.  Raises
    :class:`~kazkg.errors.ParameterError` for the parameter ``allow_service``.

    >>> check_service("SELECT * WHERE { ?s ?p ?o }")
    >>> check_service("SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    Traceback (most recent call last):
        ...
    kazkg.errors.ParameterError: allow_service: SERVICE <http://example.org/sparql> is not allowed (allowed: none)
    >>> check_service("SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    ...               ["http://example.org/sparql"])
    """
    permitted = {endpoint.strip() for endpoint in allowed}
    escaped = "\\u" in query or "\\U" in query
    for text in dict.fromkeys((query, _unescape_codepoints(query) if escaped else query)):
        leading = _LEADING_COMMENTS.match(text)
        body = text[leading.end() :] if leading else text
        if "service" not in body.lower() or not _SERVICE.search(body):
            continue
        for target in _service_targets(body):
            if target not in permitted:
                shown = f"<{target}>" if "://" in target else repr(target[:80])
                listed = ", ".join(sorted(permitted)) or "none"
                raise ParameterError(
                    "allow_service", f"SERVICE {shown} is not allowed (allowed: {listed})"
                )


def query_form(query: str) -> str:
    """``SELECT``, ``CONSTRUCT``, ``ASK`` or ``DESCRIBE``: the form of ``query``."""
    match = _FORM.search(mask(query))
    if match is None:
        raise QueryError("not a SPARQL query: no SELECT, CONSTRUCT, ASK or DESCRIBE")
    return match.group(1).upper()


Binding = Term | Sequence[Term] | None
"""What a variable is bound to: one term, any of several terms, or nothing."""


def bind_clauses(bindings: Mapping[str, Binding]) -> str:
    """A ``BIND(term AS ?name)`` for each variable bound to one term, a ``VALUES ?name { … }``
    block for each bound to several (the library's own queries), nothing for ``None``.

    >>> bind_clauses({"a": Term.iri("https://example.org/a"), "b": None, "c": Term.literal("x")})
    'BIND(<https://example.org/a> AS ?a) BIND("x" AS ?c)'
    >>> bind_clauses({"e": [Term.iri("http://a/1"), Term.iri("http://a/2")]})
    'VALUES ?e { <http://a/1> <http://a/2> }'
    """
    for name in bindings:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"not a valid parameter name: {name!r}")
    clauses = []
    for name, bound in bindings.items():
        if isinstance(bound, Term):
            clauses.append(f"BIND({bound.n3()} AS ?{name})")
        elif bound is not None:
            clauses.append(f"VALUES ?{name} {{ {' '.join(t.n3() for t in bound)} }}")
    return " ".join(clauses)


def bind_values(query: str, bindings: Mapping[str, Binding]) -> str:
    """Bind each variable of ``bindings`` to its term at the start of the outermost ``WHERE``
    group of ``query`` (see :func:`bind_clauses`); a variable mapped to ``None`` stays unbound."""
    clauses = bind_clauses(bindings)
    if not clauses:
        return query
    masked = mask(query)
    match = _WHERE.search(masked)
    if match is not None:
        position = match.end()
    else:
        form = _FORM.search(masked)
        position = masked.find("{", form.end() if form else 0) + 1
    if position <= 0:
        raise QueryError("cannot bind parameters: the query has no WHERE group")
    return f"{query[:position]} {clauses}\n{query[position:]}"


def with_prefixes(query: str) -> tuple[str, int]:
    """``query`` with the standard prefixes it uses but does not declare, and their length.

    The declarations go on the query's first line, so line numbers in error messages stay right;
    the returned length is how far they push line 1's columns.
    """
    masked = mask(query)
    declared = {m.group(1) or "" for m in _DECLARED.finditer(masked)}
    used = {m.group(1) or "" for m in _USED.finditer(masked)}
    missing = sorted(p for p in used if p in PREFIXES and p not in declared)
    head = "".join(f"PREFIX {p}: <{PREFIXES[p]}> " for p in missing)
    return head + query, len(head)


def shift_position(message: str, columns: int) -> str:
    """Move a line-1 column reported in an error ``message`` back by ``columns``."""
    if not columns:
        return message

    def fix(match: re.Match[str]) -> str:
        return f"at 1:{max(1, int(match.group(1)) - columns)}"

    return _POSITION.sub(fix, message, count=1)
