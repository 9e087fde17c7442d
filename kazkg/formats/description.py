"""Everything about one entity (:class:`kazkg.query.describe.Description`) as readable text, as
JSON and as a table (one row per fact, for CSV).

>>> from kazkg.query.describe import Description, Party, Statement
>>> about = Description("https://w3id.org/kazkg/id/a", "Agency A", [("https://w3id.org/kazkg/ontology#StateBody", "state body")],
...     description="an agency", statements=[Statement("https://w3id.org/kazkg/id/f", "k", "succession",
...     "r", "succeeded by", "out", "role", (Party("https://w3id.org/kazkg/id/b", "Agency B", "to", "resulting"),),
...     date="2011", quotes=("A became B.",), quote="A became B.")])
>>> print(description_text(about))
Agency A  (kzid:a)
state body: an agency
<BLANKLINE>
succeeded by
  Agency B (2011)
    “A became B.”
<BLANKLINE>
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from kazkg.formats.terminal import curie
from kazkg.terms import ResultTable, Row, Term

if TYPE_CHECKING:
    from kazkg.query.describe import Description, Statement

COLUMNS = [
    "entity",
    "relation",
    "direction",
    "other",
    "other_label",
    "role",
    "date",
    "start",
    "end",
    "details",
    "fact",
    "kind",
    "quote",
]
"""The columns of :func:`description_table`: one row per fact and other entity."""


def _span(start: str | None, end: str | None) -> str:
    return f"{start or '?'} – {end or ''}".rstrip()


def _when(statement: Statement) -> str:
    if statement.date:
        return f" ({statement.date})"
    if statement.start or statement.end:
        return f" ({_span(statement.start, statement.end)})"
    return ""


def _heading(about: Description) -> list[str]:
    classes = ", ".join(label for _, label in about.classes) or "entity"
    lines = [f"{about.label}  ({curie(about.iri)})"]
    lines.append(f"{classes}: {about.description}" if about.description else classes)
    if about.aliases:
        lines.append(f"also: {'; '.join(about.aliases)}")
    if about.existed.start or about.existed.end:
        lines.append(f"existed: {_span(about.existed.start, about.existed.end)}")
    if about.function is not None:
        lines.append(f"held its function: {_span(about.function.start, about.function.end)}")
    lines += [f"{prop}: {value}" for prop, value in about.details]
    lines += [f"note: {note}" for note in about.notes]
    return lines


def _statement_lines(statement: Statement, all_quotes: bool) -> list[str]:
    others = "; ".join(p.label for p in statement.others) or "?"
    details = ", ".join(f"{p} {v}" for p, v in statement.details)
    lines = [f"  {others}{_when(statement)}" + (f" — {details}" if details else "")]
    quotes = statement.ranked_quotes if all_quotes else statement.ranked_quotes[:1]
    lines += [f"    “{quote}”" for quote in quotes]
    lines += [f"    note: {note}" for note in statement.notes]
    return lines


def description_text(about: Description, all_quotes: bool = False) -> str:
    """``about`` as readable text: the entity's names, classes, description and dates, then its
    facts grouped by relation, each with the other entities, its date and its best quote (every
    quote, with ``all_quotes``)."""
    lines = _heading(about)
    for relation, statements in about.by_relation().items():
        lines += ["", relation]
        for statement in statements:
            lines += _statement_lines(statement, all_quotes)
    return "\n".join(lines) + "\n"


def description_json(about: Description) -> str:
    """``about`` as JSON (:meth:`~kazkg.query.describe.Description.to_json`)."""
    return json.dumps(about.to_json(), ensure_ascii=False, indent=2) + "\n"


def _literal(value: str | None) -> Term | None:
    return Term.literal(value) if value else None


def description_table(about: Description, all_quotes: bool = False) -> ResultTable:
    """``about`` as a table of :data:`COLUMNS`: one row per fact and other entity."""
    rows: list[Row] = []
    for s in about.statements:
        quote = "\n".join(s.ranked_quotes) if all_quotes else s.quote
        details = "; ".join(f"{p}: {v}" for p, v in s.details)
        for party in s.others or ():
            rows.append(
                (
                    Term.iri(about.iri),
                    Term.literal(s.relation_label),
                    Term.literal(s.direction),
                    Term.iri(party.iri),
                    Term.literal(party.label),
                    Term.literal(party.role_label),
                    _literal(s.date),
                    _literal(s.start),
                    _literal(s.end),
                    _literal(details),
                    Term.iri(s.fact),
                    Term.literal(s.kind_label),
                    _literal(quote),
                )
            )
    return ResultTable(list(COLUMNS), rows)


__all__ = ["COLUMNS", "description_json", "description_table", "description_text"]
