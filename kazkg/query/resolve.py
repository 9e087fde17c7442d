"""Name resolution: turn what a user typed (a name, an alias, an IRI or a CURIE) into one IRI.

Exact names are looked up first as bound literals (an index lookup in the store); only when that
misses are all names read once per backend and compared case- and punctuation-insensitively,
then fuzzily with rapidfuzz: a name a few typing errors away from exactly one entity's name (at
most one edit per :data:`TYPO_SHARE` characters, and :data:`CLEAR_LEAD` edits closer than any
other entity) resolves to it.  An unknown or ambiguous name raises an error that lists the
closest candidates.

>>> expand_iri("kzid:agency-for-religious-affairs")
'https://w3id.org/kazkg/id/agency-for-religious-affairs'
>>> expand_iri("<https://w3id.org/kazkg/id/kazakhstan>")
'https://w3id.org/kazkg/id/kazakhstan'
>>> expand_iri("Agency for Religious Affairs") is None
True
>>> normalise("  The “E-Islam”  portal ")
'the e-islam portal'
"""

from __future__ import annotations

import re
import weakref
from collections import defaultdict
from dataclasses import dataclass

from kazkg.errors import QueryError
from kazkg.limits import check_value, shown
from kazkg.query import internal
from kazkg.query.backends.base import Backend
from kazkg.query.labels import labels
from kazkg.terms import LABEL_LANGUAGE, Term, preferred_label, valid_iri
from kazkg.vocab import PREFIXES

TYPO_SHARE = 10
"""A fuzzy match resolves a name when it is at most one edit per this many characters away
(at least 2 edits are always allowed) ..."""

CLEAR_LEAD = 2
"""... and every other entity's names are at least this many edits further away."""

_CURIE = re.compile(r"^([A-Za-z][\w.-]*)?:([\w.%-][\w.%/-]*)$")
_QUOTES = str.maketrans("", "", "\"'“”„«»‘’")


def expand_iri(value: str) -> str | None:
    """The IRI ``value`` spells (``<iri>``, a known-prefix CURIE or an absolute IRI), else ``None``."""
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    match = _CURIE.match(text)
    if match and (match.group(1) or "") in PREFIXES:
        return PREFIXES[match.group(1) or ""] + match.group(2)
    if "://" in text or text.startswith("urn:"):
        return text if valid_iri(text) else None
    return None


def normalise(name: str) -> str:
    """A name folded for comparison: lower case, no quotation marks, single spaces."""
    return " ".join(name.translate(_QUOTES).casefold().split())


@dataclass(frozen=True)
class Candidate:
    """An entity a name may refer to: its IRI, English label, the name that matched, the score."""

    iri: str
    label: str
    matched: str
    score: float
    """Similarity (0-100, rapidfuzz's WRatio: tolerant of word order and partial names)."""
    edits: int = 0
    """Levenshtein distance between the name asked for and ``matched`` (both normalised)."""

    def __str__(self) -> str:
        alias = (
            "" if normalise(self.matched) == normalise(self.label) else f" (as “{self.matched}”)"
        )
        return f"{self.label}{alias} <{self.iri}>"


class UnknownName(QueryError):
    """No entity has this name, and no fuzzy match is close enough."""

    def __init__(self, name: str, candidates: list[Candidate]) -> None:
        self.name, self.candidates = name, candidates
        closest = "; ".join(str(c) for c in candidates) or "none"
        super().__init__(f"no entity is named {shown(name)}; closest: {closest}")


class AmbiguousName(QueryError):
    """Several entities share this name, or fuzzy matches are too close to choose."""

    def __init__(self, name: str, candidates: list[Candidate]) -> None:
        self.name, self.candidates = name, candidates
        super().__init__(f"{shown(name)} may mean: {'; '.join(str(c) for c in candidates)}")


class NameIndex:
    """Every name (label and alias) of the entities and controlled terms one backend holds."""

    def __init__(self, backend: Backend) -> None:
        table = internal.select(backend, "names")
        found: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
        names: set[tuple[str, str]] = set()
        for e, written, lang, is_label in table.rows:
            if e is None or written is None:
                continue
            names.add((e.value, written.value))
            if is_label is not None and is_label.value in ("true", "1"):
                found[e.value].append((written.value, lang.value if lang else None))
        self.labels: dict[str, str] = {}
        for iri, name in sorted(names):
            self.labels.setdefault(iri, preferred_label(found.get(iri, ())) or name)
        self.names: list[tuple[str, str]] = sorted(names)
        self.by_normal: dict[str, set[str]] = {}
        for iri, name in self.names:
            self.by_normal.setdefault(normalise(name), set()).add(iri)
        self._normal_names = [normalise(name) for _, name in self.names]

    def exact(self, name: str) -> list[Candidate]:
        """Entities with this name, ignoring case, quotation marks and spacing."""
        return [
            Candidate(iri, self.labels[iri], name, 100.0)
            for iri in sorted(self.by_normal.get(normalise(name), ()))
        ]

    def fuzzy(self, name: str, limit: int | None = 5) -> list[Candidate]:
        """The entities whose names are closest to ``name``, most similar first."""
        from rapidfuzz import fuzz, process
        from rapidfuzz.distance import Levenshtein

        query = normalise(name)
        best: dict[str, Candidate] = {}
        for _, score, index in process.extract(
            query, self._normal_names, scorer=fuzz.WRatio, limit=40
        ):
            iri, matched = self.names[index]
            edits = Levenshtein.distance(query, self._normal_names[index])
            found = Candidate(iri, self.labels[iri], matched, round(float(score), 1), edits)
            if iri not in best or (edits, -found.score) < (best[iri].edits, -best[iri].score):
                best[iri] = found
        ranked = sorted(best.values(), key=lambda c: (-c.score, c.edits, c.label, c.iri))
        return ranked if limit is None else ranked[:limit]


_indexes: weakref.WeakKeyDictionary[Backend, NameIndex] = weakref.WeakKeyDictionary()


def name_index(backend: Backend) -> NameIndex:
    """The :class:`NameIndex` of ``backend``, read once and kept while the backend lives."""
    index = _indexes.get(backend)
    if index is None:
        index = _indexes[backend] = NameIndex(backend)
    return index


def _exact_lookup(backend: Backend, name: str) -> list[Candidate]:
    """Entities whose label or alias is exactly ``name`` (plain or ``@en``): an index lookup."""
    text = name.strip()
    forms = [Term.literal(text), Term.literal(text, lang=LABEL_LANGUAGE)]
    table = internal.select(backend, "names-exact", name=forms)
    found = sorted({e.value for (e,) in table.rows if e is not None})
    names = labels(backend, found)
    return [Candidate(iri, names.get(iri, text), text, 100.0) for iri in found]


def candidates(backend: Backend, name: str, limit: int = 5) -> list[Candidate]:
    """The entities ``name`` may refer to, best first (exact matches only, if there are any)."""
    check_value("name", name)
    exact = _exact_lookup(backend, name) or name_index(backend).exact(name)
    return exact or name_index(backend).fuzzy(name, limit)


def resolve(backend: Backend, name: str) -> str:
    """The IRI of the one entity ``name`` refers to (an IRI or CURIE is returned as given).

    Raises :class:`UnknownName` or :class:`AmbiguousName`, both listing the closest candidates
    (and :class:`~kazkg.errors.ParameterError` for a name too long to be one).
    """
    check_value("name", name)
    iri = expand_iri(name)
    if iri is not None:
        return iri
    if not name.strip():
        raise UnknownName(name, [])
    exact = _exact_lookup(backend, name) or name_index(backend).exact(name)
    if len(exact) == 1:
        return exact[0].iri
    if exact:
        raise AmbiguousName(name, exact)
    fuzzy = name_index(backend).fuzzy(name, limit=None)
    allowed = max(2, len(normalise(name)) // TYPO_SHARE)
    close = sorted(
        (c for c in fuzzy if c.edits <= allowed), key=lambda c: (c.edits, -c.score, c.iri)
    )
    if close and (len(close) == 1 or close[1].edits - close[0].edits >= CLEAR_LEAD):
        return close[0].iri
    if close:
        raise AmbiguousName(name, close)
    raise UnknownName(name, fuzzy[:5])
