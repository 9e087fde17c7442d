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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import pyoxigraph as ox

LABEL_LANGUAGE = "en"
"""The language of the labels shown to users."""

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


def preferred_label(labels: Iterable[tuple[str, str | None]]) -> str | None:
    """The label to show among ``(text, language)`` pairs: one in :data:`LABEL_LANGUAGE` (any
    region) before one without a language; the first in order among equals; ``None`` if neither.

    This is the one place the rule is written: every reader of labels (the schema model, the
    label service, name resolution) applies it.

    >>> preferred_label([("Kasachstan", "de"), ("Kazakhstan", None), ("Republic of Kazakhstan", "en")])
    'Republic of Kazakhstan'
    """
    ranked = [
        (0 if lang and lang.lower().split("-")[0] == LABEL_LANGUAGE else 1, text)
        for text, lang in labels
        if not lang or lang.lower().split("-")[0] == LABEL_LANGUAGE
    ]
    return min(ranked)[1] if ranked else None


def local_name(iri: str) -> str:
    """The part of ``iri`` after its last ``#`` or ``/``.

    >>> local_name("https://w3id.org/kazkg/ontology#StateBody")
    'StateBody'
    """
    return re.split(r"[#/]", iri)[-1]


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

    @classmethod
    def from_oxigraph(
        cls, term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None
    ) -> Term | None:
        """The plain term for a pyoxigraph term (``None`` stays ``None``): the one converter every
        backend's results pass through."""
        import pyoxigraph as ox

        if term is None:
            return None
        if isinstance(term, ox.NamedNode):
            return cls("iri", term.value)
        if isinstance(term, ox.BlankNode):
            return cls("bnode", term.value)
        if isinstance(term, ox.Literal):
            lang = term.language.lower() if term.language else None
            return cls("literal", term.value, term.datatype.value, lang)
        raise ValueError(f"unsupported term in a result: {term}")

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
