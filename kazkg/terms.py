"""Plain, backend-independent RDF terms and result tables.

Every backend returns these, so results compare equal whichever store answered, and a notebook
user can turn a :class:`ResultTable` into a DataFrame with ``pandas.DataFrame(table.dicts())``.

>>> Term.iri("https://w3id.org/kazkg/id/kazakhstan").n3()
'<https://w3id.org/kazkg/id/kazakhstan>'
>>> Term.literal('say "hi"', lang="en").n3()
'"say \\\\"hi\\\\""@en'
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_LANG = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")
_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
}


def escape_string(value: str) -> str:
    """Escape ``value`` for a double-quoted SPARQL / N-Triples string literal."""
    return "".join(_ESCAPES.get(ch, ch) for ch in value)


def valid_iri(value: str) -> bool:
    """Whether ``value`` is an absolute IRI that can be written between ``<`` and ``>`` safely."""
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", value)) and not _IRI_FORBIDDEN.search(value)


@dataclass(frozen=True, order=True)
class Term:
    """An IRI, literal or blank node, as plain strings."""

    kind: Literal["iri", "literal", "bnode"]
    value: str
    datatype: str | None = None
    lang: str | None = None

    @classmethod
    def iri(cls, value: str) -> Term:
        """An IRI term; raises ``ValueError`` if ``value`` is not a safe absolute IRI."""
        if not valid_iri(value):
            raise ValueError(f"not a valid IRI: {value!r}")
        return cls("iri", value)

    @classmethod
    def literal(cls, value: str, datatype: str | None = None, lang: str | None = None) -> Term:
        """A literal; plain strings get ``xsd:string``, tagged ones ``rdf:langString``."""
        if lang is not None:
            if not _LANG.match(lang):
                raise ValueError(f"not a valid language tag: {lang!r}")
            return cls("literal", value, RDF_LANG_STRING, lang.lower())
        if datatype is not None and not valid_iri(datatype):
            raise ValueError(f"not a valid datatype IRI: {datatype!r}")
        return cls("literal", value, datatype or XSD_STRING, None)

    def n3(self) -> str:
        """This term in SPARQL / N-Triples syntax, safely escaped."""
        if self.kind == "iri":
            return f"<{self.value}>"
        if self.kind == "bnode":
            return f"_:{self.value}"
        body = f'"{escape_string(self.value)}"'
        if self.lang:
            return f"{body}@{self.lang}"
        if self.datatype and self.datatype != XSD_STRING:
            return f"{body}^^<{self.datatype}>"
        return body

    def __str__(self) -> str:
        return self.value


Row = tuple[Term | None, ...]


@dataclass
class ResultTable:
    """The answer to a SELECT query: variable names and rows of terms (``None`` if unbound)."""

    variables: list[str]
    rows: list[Row] = field(default_factory=list)

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def dicts(self) -> list[dict[str, str | None]]:
        """Rows as dictionaries of plain strings (for DataFrames and JSON)."""
        return [
            {
                var: (term.value if term is not None else None)
                for var, term in zip(self.variables, row, strict=True)
            }
            for row in self.rows
        ]

    def column(self, name: str) -> list[Term | None]:
        """All values of one variable."""
        index = self.variables.index(name)
        return [row[index] for row in self.rows]

    def as_set(self) -> set[Row]:
        """The rows as a set, for order-insensitive comparison across backends."""
        return set(self.rows)
