"""Evidence rules no SHACL engine can check: quotes against the source text.

* every ``kz:quote`` is an exact substring of the source document's text;
* the source document's ``kz:sha256`` is the checksum of that text;
* every link between two entities comes from a fact node that carries a quote.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyoxigraph as ox

from kazkg.errors import Violation
from kazkg.vocab import DCTERMS, KZ, KZID, RDF


def read_source(path: Path) -> str:
    """The source document's text, as the quotes must match it."""
    return path.read_text(encoding="utf-8")


def _select(store: ox.Store, query: str) -> list[tuple[str, ...]]:
    solutions = store.query(query)
    assert isinstance(solutions, ox.QuerySolutions)
    return [tuple(term.value for term in row) for row in solutions]  # type: ignore[union-attr]


def source_identifiers(store: ox.Store) -> list[str]:
    """The file names (``dcterms:identifier``) of the source documents described in ``store``."""
    query = f"SELECT DISTINCT ?id WHERE {{ ?d a <{KZ.SourceDocument}> ; <{DCTERMS}identifier> ?id }} ORDER BY ?id"
    return [row[0] for row in _select(store, query)]


def check_quotes(store: ox.Store, source_text: str) -> list[Violation]:
    """Every ``kz:quote`` not found verbatim in ``source_text``."""
    violations = []
    for node, quote in _select(store, f"SELECT ?n ?q WHERE {{ ?n <{KZ.quote}> ?q }} ORDER BY ?n"):
        if quote not in source_text:
            shown = quote if len(quote) <= 80 else quote[:77] + "..."
            violations.append(
                Violation(node, KZ.quote, f"quote is not verbatim in the source: {shown!r}")
            )
    return violations


def check_checksums(store: ox.Store, texts: dict[str, str]) -> list[Violation]:
    """Source documents whose recorded sha256 differs from their text's.

    ``texts`` maps each document's ``dcterms:identifier`` to its text.
    """
    query = f"""SELECT ?d ?id ?h WHERE {{
        ?d a <{KZ.SourceDocument}> ; <{DCTERMS}identifier> ?id ; <{KZ.sha256}> ?h }}"""
    violations = []
    for doc, identifier, recorded in _select(store, query):
        if identifier not in texts:
            continue
        actual = hashlib.sha256(texts[identifier].encode("utf-8")).hexdigest()
        if recorded != actual:
            message = f"recorded checksum {recorded} differs from the text's {actual}"
            violations.append(Violation(doc, KZ.sha256, message))
    return violations


def check_relations_have_evidence(asserted: ox.Store, closure: ox.Store) -> list[Violation]:
    """Every asserted link to an entity whose subject is not a quoted fact.

    ``asserted`` holds only what the graph files state; ``closure`` knows the inferred types
    (an event is a fact).
    """
    query = f"""
        SELECT DISTINCT ?s ?p ?o WHERE {{
            ?s ?p ?o .
            FILTER (isIRI(?o) && STRSTARTS(STR(?o), "{KZID}") && ?p != <{RDF}type>)
        }} ORDER BY ?s ?p ?o"""
    quoted_facts = {
        row[0]
        for row in _select(
            closure, f"SELECT DISTINCT ?f WHERE {{ ?f a <{KZ.Fact}> ; <{KZ.quote}> ?q }}"
        )
    }
    return [
        Violation(
            s, p, f"links to {o} but is not a fact with a quote (state the link as a kz:Fact)"
        )
        for s, p, o in _select(asserted, query)
        if s not in quoted_facts
    ]
