"""Name resolution: turn what a user typed (a name, an alias, an article number, an IRI or a
CURIE) into one IRI, and suggest entities for a few typed letters.

Everything is looked up in the name index (:mod:`kazkg.query.nameindex`), which the build writes
beside the compiled store, so a lookup opens a small file and reads a few rows.  Names are
compared as keys: case, diacritics, quotation marks, hyphens, punctuation and a leading "the"
are ignored.  A name resolves, in this order, when it is

1. exactly a label or an alias of one entity (several: :class:`AmbiguousName`);
2. an article reference, in any common form (``233-3``, ``Art. 179``, ``Article 337-1``,
   ``art 179 2014``, ``Article 374-1 of the Code of Administrative Offences``): the code
   articles with that ``kz:articleNumber``, narrowed by the year and the words of the code's
   name when they are given;
3. every word of a name of exactly one entity (``Egmont``, ``CICMA summit 2002``), or the
   start of a name of one entity when the others only contain the words;
4. a few typing errors away from exactly one entity's name (at most one edit per
   :data:`TYPO_SHARE` characters, and :data:`CLEAR_LEAD` edits closer than any other), with
   the same numbers (``Don-Antiterror-2013`` is not a misspelling of ``Don-Antiterror-2012``).

Otherwise :class:`UnknownName` lists the closest candidates, best first: names that contain
the words typed (the shorter the name, the better) before names that merely look alike.  An
answer is always an instance of the classes asked for (by default :data:`ENTITIES`), so a
controlled term or a class never answers for an entity.

>>> expand_iri("kzid:agency-for-religious-affairs")
'https://w3id.org/kazkg/id/agency-for-religious-affairs'
>>> expand_iri("<https://w3id.org/kazkg/id/kazakhstan>")
'https://w3id.org/kazkg/id/kazakhstan'
>>> expand_iri("Agency for Religious Affairs") is None
True
>>> normalise("  The “E-Islam”  portal ")
'the e-islam portal'
>>> article_reference("Art. 179 of the Criminal Code, 2014")
('179', ('criminal', 'code'), '2014')
"""

from __future__ import annotations

import re
import weakref
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from kazkg.errors import QueryError
from kazkg.limits import check_value, shown
from kazkg.query.backends.base import Backend
from kazkg.query.nameindex import FILE_NAME, Indexed, Name, NameIndex, key, read
from kazkg.terms import local_name, valid_iri
from kazkg.time import Span
from kazkg.vocab import KZ, PREFIXES

ENTITIES: tuple[str, ...] = (KZ.Entity,)
"""What a name resolves to by default: an entity of the graph."""

CONCEPTS: tuple[str, ...] = (KZ.Concept,)
"""Controlled terms: kinds of change, stages, roles, designations, policy areas."""

TYPO_SHARE = 10
"""A fuzzy match resolves a name when it is at most one edit per this many characters away
(at least 2 edits are always allowed) ..."""

CLEAR_LEAD = 2
"""... and every other entity's names are at least this many edits further away."""

POOL = 400
"""At most this many names are compared with what was typed, shortest first."""

SUGGESTION_POOL = 80
"""Suggestions are chosen among at most this many names (the shortest that match)."""

PREFIX_WORDS = 30
"""A word typed in part stands for at most this many words of the index."""

_CURIE = re.compile(r"^([A-Za-z][\w.-]*)?:([\w.%-][\w.%/-]*)$")
_QUOTES = str.maketrans("", "", "\"'“”„«»‘’")
_ARTICLE = re.compile(
    r"(?:^|\s)(?:art|article|arts|st)\s+(\d{1,4})(?:\s+(\d{1,3})(?!\d))?(?=\s|$)|^(\d{1,4})(?:\s+(\d{1,3})(?!\d))?(?=\s|$)"
)
_YEAR = re.compile(r"^(1[89]|20)[0-9]{2}$")
_NOT_HINTS = frozenset({"of", "the", "as", "in", "from", "art", "article", "arts", "st", "edition"})


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
    """A name folded for display comparison: lower case, no quotation marks, single spaces."""
    return " ".join(name.translate(_QUOTES).casefold().split())


@dataclass(frozen=True)
class Suggestion:
    """An entity a typed name may refer to, as the explorer's suggestions and the error
    messages show it."""

    iri: str
    label: str
    cls: str
    """The IRI of its most specific class."""
    class_label: str
    description: str | None
    score: float
    """How well it matches, 0-100: 100 a whole name, 90s a name that starts with what was
    typed, 80s the words typed in a row, 70s every word typed, below 70 a name that only looks
    alike (rapidfuzz's similarity, scaled)."""
    matched: str = ""
    """The name (label or alias) that matched."""
    edits: int = 0
    """Typing errors between what was typed and ``matched`` (for fuzzy matches)."""

    def __str__(self) -> str:
        alias = (
            ""
            if not self.matched or key(self.matched) == key(self.label)
            else (f" (as “{self.matched}”)")
        )
        return f"{self.label}{alias} <{self.iri}>"

    def to_json(self) -> dict[str, Any]:
        """The suggestion as plain JSON data."""
        return {
            "iri": self.iri,
            "label": self.label,
            "class": self.cls,
            "class_label": self.class_label,
            "description": self.description,
            "score": self.score,
            "matched": self.matched,
        }


Candidate = Suggestion
"""The name error messages and :func:`candidates` have always used."""


def kind_of(within: Sequence[str]) -> str:
    """How an error message calls an instance of ``within``.

    >>> kind_of([KZ.CodeArticle]), kind_of([KZ.Concept, KZ.Law])
    ('code article', 'concept or law')
    """
    words = [re.sub(r"(?<!^)(?=[A-Z])", " ", local).lower() for local in map(local_name, within)]
    return " or ".join(words) or "entity"


class UnknownName(QueryError):
    """No entity has this name, and no fuzzy match is close enough."""

    def __init__(
        self, name: str, candidates: list[Suggestion], within: Sequence[str] = ENTITIES
    ) -> None:
        self.name, self.candidates = name, candidates
        closest = "; ".join(str(c) for c in candidates) or "none"
        super().__init__(f"no {kind_of(within)} is named {shown(name)}; closest: {closest}")


class AmbiguousName(QueryError):
    """Several entities share this name, or fuzzy matches are too close to choose."""

    def __init__(self, name: str, candidates: list[Suggestion]) -> None:
        self.name, self.candidates = name, candidates
        super().__init__(f"{shown(name)} may mean: {'; '.join(str(c) for c in candidates)}")


_indexes: weakref.WeakKeyDictionary[Backend, NameIndex] = weakref.WeakKeyDictionary()


def name_index(backend: Backend) -> NameIndex:
    """The name index of ``backend``: the file its compiled store holds, else (an endpoint, or a
    store built before the index existed or in another layout) one built in memory from
    ``backend``, once."""
    index = _indexes.get(backend)
    if index is None:
        compiled = backend.compiled
        path = compiled.path / FILE_NAME if compiled is not None else None
        if path is not None and path.is_file():
            index = NameIndex.open(path)
        if index is None:
            from kazkg.schema import default_schema

            index = NameIndex.of(read(backend), default_schema())
        _indexes[backend] = index
    return index


# --- articles --------------------------------------------------------------------------------


def article_reference(text: str) -> tuple[str, tuple[str, ...], str | None] | None:
    """``(number, words naming the code, year)`` if ``text`` refers to a code article by number
    (``233-3``, ``Art. 179``, ``art 179 2014``), else ``None``; the number is a key
    (``"233 3"``)."""
    folded = key(text)
    match = _ARTICLE.search(folded)
    if match is None:
        return None
    main, sub = (match.group(1), match.group(2)) if match.group(1) else match.groups()[2:]
    number = f"{main} {sub}" if sub else main
    rest = (folded[: match.start()] + " " + folded[match.end() :]).split()
    years = [w for w in rest if _YEAR.match(w)]
    hints = tuple(w for w in rest if w not in _NOT_HINTS and not _YEAR.match(w))
    return number, hints, years[0] if years else None


def _code_matches(index: NameIndex, code: int | None, hints: Sequence[str]) -> bool:
    """Whether every hint word occurs in a name of the code ``code``."""
    if not hints:
        return True
    if code is None:
        return False
    found = index.entities([code])
    names = index.names_of([found[code].iri]).get(found[code].iri, []) if code in found else []
    words = {w for name in names for w in key(name).split()}
    return all(h in words for h in hints)


def _articles(index: NameIndex, text: str) -> list[int] | None:
    """The entity ids of the code articles ``text`` refers to (``None``: not an article
    reference; ``[]``: none has that number)."""
    reference = article_reference(text)
    if reference is None:
        return None
    number, hints, year = reference
    found = index.articles(number)
    if not found and " " in number:
        found = index.articles(number.split()[0])
    found = [a for a in found if _code_matches(index, a.code, hints)]
    if year is not None:
        named = [a for a in found if year in a.years]
        spanned = [a for a in found if Span(a.code_from, a.code_until).contains(year)]
        found = named or spanned or found
    return [a.entity for a in found]


# --- pools of names to compare -------------------------------------------------------------


def _contains(ids: Sequence[int], wanted: int) -> bool:
    at = bisect_left(ids, wanted)
    return at < len(ids) and ids[at] == wanted


def _narrowed(lists: list[Sequence[int]], size: int = POOL) -> list[int]:
    """The ids in every one of ``lists`` (rarest first): the lowest ``size`` of them (of the
    lowest four times ``size`` of the rarest list, when it is longer)."""
    lists = sorted(lists, key=len)
    pool = list(lists[0][: size * 4]) if lists else []
    for other in lists[1:]:
        pool = [i for i in pool if _contains(other, i)]
    return pool[:size]


def _word_postings(index: NameIndex, word: str, prefix: bool, size: int) -> Sequence[int]:
    """The names ``word`` occurs in (as a whole word, or as the start of one: then the lowest
    four times ``size`` of each word it begins)."""
    if not prefix:
        return index.postings(word)
    found: set[int] = set()
    for whole in index.words_starting_with(word, PREFIX_WORDS):
        found.update(index.postings(whole)[: size * 4])
    return sorted(found)


def _word_pool(
    index: NameIndex, words: Sequence[str], prefix_last: bool, size: int = POOL
) -> list[int]:
    """Up to ``size`` names in which every one of ``words`` occurs (the last one maybe only
    begun), shortest first."""
    if not words:
        return []
    last = len(words) - 1
    lists = [_word_postings(index, w, prefix_last and i == last, size) for i, w in enumerate(words)]
    if any(len(found) == 0 for found in lists):
        return []
    return _narrowed(lists, size)


def _typo_postings(index: NameIndex, word: str) -> Sequence[int]:
    """The names ``word`` occurs in, or else those of the words a typing error or two away."""
    found = index.postings(word)
    if found or len(word) < 3:
        return found
    union: set[int] = set()
    for other in index.similar_words(word, 1 if len(word) <= 5 else 2)[:5]:
        union.update(index.postings(other)[: POOL * 4])
    return sorted(union)


def _fuzzy_pools(index: NameIndex, words: Sequence[str]) -> Iterator[list[int]]:
    """Pools of names that share the rarest words typed: each is seeded by one of the two
    rarest (so that one word typed wrong or too many does not lose the name) and narrowed by the
    next rarest while it is larger than :data:`POOL` (and the narrowing leaves some)."""
    lists = sorted((p for p in (_typo_postings(index, w) for w in words) if p), key=len)
    for i, seed in enumerate(lists[:2]):
        pool = list(seed[: POOL * 2])
        for other in lists[i + 1 :]:
            if len(pool) <= POOL:
                break
            narrower = [n for n in pool if _contains(other, n)]
            if not narrower:
                break
            pool = narrower
        yield pool[:POOL]


# --- scoring ---------------------------------------------------------------------------------


def _contains_words(name: str, words: Sequence[str], prefix_last: bool) -> bool:
    present = set(name.split())
    *whole, last = words
    if not all(w in present for w in whole):
        return False
    return last in present or (prefix_last and any(p.startswith(last) for p in present))


def word_score(typed: str, name: str, prefix_last: bool = False) -> float | None:
    """How well the key ``name`` contains the key ``typed`` (``None``: not all its words).

    >>> word_score("egmont", "egmont group")
    94.5
    >>> word_score("summit 2002", "cicma summit in almaty 2002") is not None
    True
    """
    if not typed:
        return None
    if name == typed:
        return 100.0
    share = 9 * len(typed) / max(len(name), 1)
    if name.startswith(typed + " ") or (prefix_last and name.startswith(typed)):
        return round(90 + share, 1)
    padded = f" {name} "
    if f" {typed} " in padded or (prefix_last and f" {typed}" in padded):
        return round(80 + share, 1)
    if _contains_words(name, typed.split(), prefix_last):
        return round(70 + share, 1)
    return None


@dataclass(frozen=True)
class _Match:
    name: Name
    score: float
    edits: int = 0


def _best_per_entity(matches: Iterable[_Match]) -> dict[int, _Match]:
    best: dict[int, _Match] = {}
    for match in matches:
        old = best.get(match.name.entity)
        if old is None or (-match.score, match.edits, match.name.id) < (
            -old.score,
            old.edits,
            old.name.id,
        ):
            best[match.name.entity] = match
    return best


class _Lookup:
    """One typed name looked up in one index, within some classes."""

    def __init__(self, index: NameIndex, text: str, within: Sequence[str]) -> None:
        self.index, self.text, self.within = index, text, within
        self.key = key(text)
        self.words = self.key.split()
        self.numbers = {w for w in self.words if w.isdigit()}
        """Numbers typed (a year, an article): a look-alike must have them too."""
        self._fuzzy: list[Suggestion] | None = None

    def allowed(self, ids: Iterable[int]) -> dict[int, Indexed]:
        """Those of the entity ids ``ids`` that are instances of the classes asked for."""
        return {i: e for i, e in self.index.entities(ids).items() if e.within(self.within)}

    def suggestions(self, matches: Iterable[_Match]) -> list[Suggestion]:
        """The best match of each allowed entity, best first."""
        best = _best_per_entity(matches)
        entities = self.allowed(best)
        found = [
            Suggestion(
                e.iri,
                e.label,
                e.cls,
                e.class_label,
                e.description,
                best[i].score,
                best[i].name.text,
                best[i].edits,
            )
            for i, e in entities.items()
        ]
        return sorted(found, key=lambda s: (-s.score, s.edits, len(s.label), s.label, s.iri))

    def exact(self) -> list[Suggestion]:
        """Entities with exactly this name."""
        return self.suggestions(_Match(n, 100.0) for n in self.index.by_key(self.key))

    def articles(self) -> list[Suggestion] | None:
        """The code articles the name refers to by number (``None``: it does not)."""
        ids = _articles(self.index, self.text)
        if ids is None:
            return None
        label_of = {n.entity: n for n in self.index.names_by_entity(ids)}
        return self.suggestions(_Match(label_of[i], 100.0) for i in ids if i in label_of)

    def by_words(self, prefix_last: bool = False, size: int = POOL) -> list[Suggestion]:
        """Entities with a name containing every word typed (among the ``size`` shortest such
        names), best first."""
        pool = _word_pool(self.index, self.words, prefix_last, size)
        if prefix_last and self.key:
            pool += [n.id for n in self.index.starting_with(self.key, size // 4)]
        matches = []
        for name in self.index.names(pool):
            score = word_score(self.key, name.key, prefix_last)
            if score is not None:
                matches.append(_Match(name, score))
        return self.suggestions(matches)

    def fuzzy(self) -> list[Suggestion]:
        """Entities whose names look like the name typed, most alike first."""
        if self._fuzzy is None:
            self._fuzzy = self._look_alikes()
        return self._fuzzy

    def _look_alikes(self) -> list[Suggestion]:
        from rapidfuzz import fuzz, process
        from rapidfuzz.distance import Levenshtein

        matches: list[_Match] = []
        for pool in _fuzzy_pools(self.index, self.words):
            names = self.index.names(pool)
            keys = [n.key for n in names]
            # a fast similarity picks the 40 closest, the tolerant one (word order, partial
            # names) scores them
            for _, _, at in process.extract(self.key, keys, scorer=fuzz.ratio, limit=40):
                score = fuzz.WRatio(self.key, keys[at])
                edits = Levenshtein.distance(self.key, keys[at])
                matches.append(_Match(names[at], round(0.69 * float(score), 1), edits))
            if any(m.edits <= self.allowed_edits for m in matches):
                break
        return self.suggestions(matches)

    @property
    def allowed_edits(self) -> int:
        """How many typing errors a fuzzy match may have."""
        return max(2, len(self.key) // TYPO_SHARE)

    def closest(self, limit: int) -> list[Suggestion]:
        """The candidates an error message lists: names with the words typed, then look-alikes."""
        found = self.by_words()
        seen = {s.iri for s in found}
        found += [s for s in self.fuzzy() if s.iri not in seen]
        return found[:limit]


def _tier(suggestion: Suggestion) -> int:
    """The kind of match (10: whole name, 9: the start of one, 8: words in a row, 7: words)."""
    return int(suggestion.score // 10)


def _decide_fuzzy(lookup: _Lookup) -> str | None:
    """The one entity a few typing errors away, if one is clearly closest."""
    allowed = lookup.allowed_edits
    close = sorted(
        (
            s
            for s in lookup.fuzzy()
            if s.edits <= allowed and lookup.numbers <= set(key(s.matched).split())
        ),
        key=lambda s: (s.edits, -s.score, s.iri),
    )
    if close and (len(close) == 1 or close[1].edits - close[0].edits >= CLEAR_LEAD):
        return close[0].iri
    if close:
        raise AmbiguousName(lookup.text, close[:5])
    return None


def resolve(backend: Backend, name: str, within: Sequence[str] = ENTITIES) -> str:
    """The IRI of the one instance of ``within`` that ``name`` refers to (an IRI or CURIE is
    returned as given).

    Raises :class:`UnknownName` or :class:`AmbiguousName`, both listing the closest candidates
    (and :class:`~kazkg.errors.ParameterError` for a name too long to be one).
    """
    check_value("name", name)
    iri = expand_iri(name)
    if iri is not None:
        return iri
    lookup = _Lookup(name_index(backend), name, within)
    if not lookup.key:
        raise UnknownName(name, [], within)
    exact = lookup.exact()
    articles = [] if exact else lookup.articles()
    for found in (exact, articles or []):
        if len(found) == 1:
            return found[0].iri
        if found:
            raise AmbiguousName(name, found)
    if articles is not None:  # an article number that no article has
        raise UnknownName(name, lookup.closest(5), within)
    by_words = lookup.by_words()
    if by_words and (len(by_words) == 1 or _tier(by_words[0]) >= 9 > _tier(by_words[1])):
        return by_words[0].iri
    decided = _decide_fuzzy(lookup)
    if decided is not None:
        return decided
    raise UnknownName(name, lookup.closest(5), within)


def candidates(
    backend: Backend, name: str, limit: int = 5, within: Sequence[str] = ENTITIES
) -> list[Suggestion]:
    """The entities ``name`` may refer to, best first (only the exact matches if there are)."""
    check_value("name", name)
    lookup = _Lookup(name_index(backend), name, within)
    if not lookup.key:
        return []
    return lookup.exact() or lookup.articles() or lookup.closest(limit)


def search(
    backend: Backend, text: str, limit: int = 10, within: Sequence[str] = ENTITIES
) -> list[Suggestion]:
    """Suggestions for ``text`` as it is being typed (the last word may be unfinished), best
    first: whole names, names that start with it, names with its words, article numbers, then
    look-alikes when those are too few."""
    lookup = _Lookup(name_index(backend), text, within)
    if not lookup.key:
        return []
    found = lookup.by_words(prefix_last=True, size=SUGGESTION_POOL)
    seen = {s.iri for s in found}
    articles = [s for s in lookup.articles() or () if s.iri not in seen]
    found = [*(s for s in found if s.score >= 100), *articles, *(s for s in found if s.score < 100)]
    if len(found) < limit:
        seen = {s.iri for s in found}
        found += [s for s in lookup.fuzzy() if s.iri not in seen]
    return found[:limit]


__all__ = [
    "CONCEPTS",
    "ENTITIES",
    "AmbiguousName",
    "Candidate",
    "Suggestion",
    "UnknownName",
    "article_reference",
    "candidates",
    "expand_iri",
    "kind_of",
    "name_index",
    "normalise",
    "resolve",
    "search",
    "word_score",
]
