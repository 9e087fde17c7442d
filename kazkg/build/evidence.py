"""Evidence rules no SHACL engine can check: quotes against the sources they cite.

* every node that carries a ``kz:quote`` names its source with ``prov:wasDerivedFrom``, and that
  source is a declared ``kz:SourceDocument``;
* every quote is an exact substring of the text of the document its node cites (not of all
  texts joined);
* each source document's ``kz:sha256`` is the checksum of its text, and its text is in the
  sources folder when one is given;
* every link between two entities comes from a fact node that carries a quote;
* and, reported but not refused (see :func:`weak_evidence`): every relational fact has a quote
  that names one of the entities it links, by its label or an alias.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kazkg.errors import Violation
from kazkg.query import internal
from kazkg.query.backends.oxigraph import OxigraphBackend
from kazkg.resources import Workspace
from kazkg.terms import Term
from kazkg.vocab import KZ, KZID, PROV

SHOWN = 80
"""How many characters of a quote a violation shows."""


@dataclass(frozen=True)
class Source:
    """A source document the graph declares, and what this machine has of it."""

    iri: str
    identifier: str | None
    """Its file name (``dcterms:identifier``)."""
    label: str | None
    sha256: str | None
    """The checksum the graph records."""
    facts: int
    """How many facts derive from it."""
    path: Path | None = None
    """Its text in the sources folder, if it is there."""

    @property
    def text(self) -> str | None:
        """The document's text, as the quotes must match it (``None`` if absent)."""
        return None if self.path is None else read_source(self.path)

    @property
    def status(self) -> str:
        """``ok``, ``text missing`` or ``checksum differs`` (or ``no checksum recorded``)."""
        text = self.text
        if text is None:
            return "text missing"
        if self.sha256 is None:
            return "no checksum recorded"
        return "ok" if sha256(text) == self.sha256 else "checksum differs"


def read_source(path: Path) -> str:
    """A source document's text, as the quotes must match it."""
    return path.read_text(encoding="utf-8")


def sha256(text: str) -> str:
    """The SHA-256 checksum (hex) of a text encoded as UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _value(term: Term | None) -> str | None:
    return None if term is None else term.value


def sources(store: ox.Store, workspace: Workspace) -> list[Source]:
    """The source documents ``store`` declares, each with its text's place in ``workspace``."""
    table = internal.select(OxigraphBackend(store), "sources")
    found = []
    for iri, identifier, label, recorded, facts in table.rows:
        if iri is None:
            continue
        name = _value(identifier)
        found.append(
            Source(
                iri.value,
                name,
                _value(label),
                _value(recorded),
                int(facts.value) if facts is not None else 0,
                workspace.source_text(name) if name else None,
            )
        )
    return found


def check_sources(declared: list[Source], folder_given: bool) -> list[Violation]:
    """Sources whose checksum differs from their text, and (when a sources folder is given)
    sources whose text is not in it."""
    violations = []
    for source in declared:
        if source.identifier is None:
            message = "declares no file name (dcterms:identifier)"
            violations.append(Violation(source.iri, None, message))
            continue
        status = source.status
        if status == "text missing" and folder_given:
            message = f"its text {source.identifier!r} is not in the sources folder"
            violations.append(Violation(source.iri, None, message))
        elif status == "checksum differs":
            assert source.text is not None
            message = (
                f"recorded checksum {source.sha256} differs from the text's {sha256(source.text)}"
            )
            violations.append(Violation(source.iri, KZ.sha256, message))
    return violations


class _Text:
    """A source text that answers "is this quote verbatim in it?" quickly: a quote that is one of
    its lines or sentences is found in a set; only the others are searched for in the text."""

    def __init__(self, text: str) -> None:
        self.text = text
        lines = text.splitlines()
        self.pieces = set(lines) | {
            sentence for line in lines for sentence in _SENTENCE_END.split(line) if sentence
        }

    def holds(self, quote: str) -> bool:
        """Whether ``quote`` is an exact substring of the text."""
        return quote in self.pieces or quote in self.text


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _shown(quote: str) -> str:
    return quote if len(quote) <= SHOWN else quote[: SHOWN - 3] + "..."


def check_quotes(store: ox.Store, declared: list[Source]) -> tuple[list[Violation], int]:
    """Quotes that cite no declared source, or are not verbatim in the text of the source they
    cite; and how many quotes were checked against a text."""
    texts = {source.iri: _Text(source.text) for source in declared if source.text is not None}
    by_node: dict[str, set[str]] = defaultdict(set)
    cited: dict[str, set[str]] = defaultdict(set)
    for subject, written, source in internal.select(OxigraphBackend(store), "quotes").rows:
        if subject is None or written is None:
            continue
        by_node[subject.value].add(written.value)
        if source is not None:
            cited[subject.value].add(source.value)
    violations: list[Violation] = []
    checked = 0
    for node, quotes in sorted(by_node.items()):
        documents = sorted(cited.get(node, ()))
        if not documents:
            violations.append(_uncited(store, node))
            continue
        available = [texts[d] for d in documents if d in texts]
        if not available:
            continue
        for quote in sorted(quotes):
            checked += 1
            if not any(text.holds(quote) for text in available):
                where = ", ".join(documents)
                message = f"quote is not verbatim in {where}: {_shown(quote)!r}"
                violations.append(Violation(node, KZ.quote, message))
    return violations, checked


def _uncited(store: ox.Store, node: str) -> Violation:
    """The violation of a quoted node that cites no declared source document."""
    named = [
        quad.object.value
        for quad in store.quads_for_pattern(
            ox.NamedNode(node), ox.NamedNode(PROV + "wasDerivedFrom"), None
        )
        if isinstance(quad.object, ox.NamedNode)
    ]
    if named:
        message = f"cites {', '.join(sorted(named))}, which is not a declared kz:SourceDocument"
    else:
        message = "carries a quote but names no source document (prov:wasDerivedFrom)"
    return Violation(node, PROV + "wasDerivedFrom", message)


def asserted_links(store: ox.Store) -> list[tuple[str, str, str]]:
    """Every link to an entity that ``store`` states (read before reasoning adds any), as
    ``(subject, predicate, object)``."""
    table = internal.select(
        OxigraphBackend(store), "entity-links", namespace=Term.literal(str(KZID))
    )
    return [(s.value, p.value, o.value) for s, p, o in table.rows if s and p and o]


def check_relations_have_evidence(
    links: list[tuple[str, str, str]], closure: ox.Store
) -> list[Violation]:
    """Every asserted link to an entity (``links``, from :func:`asserted_links`) whose subject is
    not a quoted fact; ``closure`` knows the inferred types (an event is a fact)."""
    quoted = {
        row[0].value
        for row in internal.select(OxigraphBackend(closure), "quoted-facts").rows
        if row[0] is not None
    }
    return [
        Violation(
            s, p, f"links to {o} but is not a fact with a quote (state the link as a kz:Fact)"
        )
        for s, p, o in links
        if s not in quoted
    ]


@dataclass(frozen=True)
class WeakEvidence:
    """A relational fact none of whose quotes names any entity it links."""

    fact: str
    ends: tuple[str, ...]
    """The entities it links (an event or a statistic counts as one of its own ends)."""

    def __str__(self) -> str:
        return f"{self.fact} (links {', '.join(self.ends)})"


def weak_evidence(store: ox.Store) -> list[WeakEvidence]:
    """The facts of ``store`` that link entities but whose quotes name none of them (by label
    or alias, case, diacritics, quotation marks and hyphens ignored).

    Such a quote may still be right (a sentence that says "the Committee" for a body whose
    names are longer), so the build lists these facts as a warning with their count instead of
    refusing the graph; the shipped graph has none, and a test keeps it so.
    """
    from kazkg.build.names import every_name
    from kazkg.query.quotes import mentions

    backend = OxigraphBackend(store)
    ends: dict[str, set[str]] = defaultdict(set)
    for fact, end in internal.select(backend, "fact-ends").rows:
        if fact is not None and end is not None:
            ends[fact.value].add(end.value)
    names: dict[str, list[str]] = defaultdict(list)
    for named_node, name, _, _ in every_name(store):
        names[named_node].append(name)
    quotes: dict[str, list[str]] = defaultdict(list)
    for node, quote, _ in internal.select(backend, "quotes").rows:
        if node is not None and quote is not None and node.value in ends:
            quotes[node.value].append(quote.value)
    weak = []
    for iri, linked in sorted(ends.items()):
        named = linked | ({iri} if iri in names else set())
        if not any(mentions(q, names.get(e, ())) for q in quotes.get(iri, ()) for e in named):
            weak.append(WeakEvidence(iri, tuple(sorted(linked))))
    return weak


SHOWN_FACTS = 10
"""How many facts with weak evidence the build's warning names."""


def weak_evidence_warnings(store: ox.Store) -> list[str]:
    """The build's warning about :func:`weak_evidence`, with the count (none if there is none)."""
    weak = weak_evidence(store)
    if not weak:
        return []
    shown = "; ".join(str(w) for w in weak[:SHOWN_FACTS])
    more = f"; and {len(weak) - SHOWN_FACTS} more" if len(weak) > SHOWN_FACTS else ""
    return [
        f"{len(weak)} facts with weak evidence (no quote names an entity they link): {shown}{more}"
    ]


__all__ = [
    "Source",
    "WeakEvidence",
    "asserted_links",
    "check_quotes",
    "check_relations_have_evidence",
    "check_sources",
    "read_source",
    "sha256",
    "sources",
    "weak_evidence",
    "weak_evidence_warnings",
]
