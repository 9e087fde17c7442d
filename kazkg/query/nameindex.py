"""The name index: every name of every entity and controlled term, folded into a key, with the
words it is made of, its entity's label, class and description, and the article numbers of code
articles.

The build writes it into the compiled store (``names.sqlite``, see :mod:`kazkg.build.names`);
name resolution opens it read-only, so no process reads every name of the graph again.  A
backend without one (a SPARQL endpoint) gets the same index built in memory from the same
internal queries, once per backend.

Tables of the SQLite file:

=========  ===================================================================================
entity     ``id, iri, label, cls, class_label, classes, description`` (``classes``: the local
           names of every ``kz:`` class it has, space-separated)
name       ``id, entity, text, key, is_label``; ids follow the length of ``key``, so the
           shortest names come first in every list of ids
word       ``word, ids``: the names a word occurs in (ascending 32-bit ids, little-endian)
wordgram   ``gram, words``: the words a three-letter piece of `` word `` occurs in (for
           misspelt words)
article    ``entity, number, code, years, code_from, code_until``: a code article's number
           (as a key), its code, the years its code's names give and the code's span
meta       ``key, value``: the format version
=========  ===================================================================================

>>> key("The “E-Islam”  Portal")
'e islam portal'
>>> key("Art. 233-3")
'art 233 3'
>>> grams("sco")
[' sc', 'co ', 'sco']
"""

from __future__ import annotations

import re
import sqlite3
import sys
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kazkg.query import internal
from kazkg.query.backends.base import Backend
from kazkg.query.quotes import plain
from kazkg.terms import Term, local_name, preferred_label
from kazkg.vocab import KZ

if TYPE_CHECKING:
    from kazkg.schema import Schema

FORMAT = 1
"""Version of the file's tables."""

FILE_NAME = "names.sqlite"
"""The index's file in a compiled store's folder."""

CHUNK = 500
"""How many ids one ``IN`` list of a lookup holds."""

CACHED_WORDS = 1024
"""How many words' lists of names an open index keeps in memory."""

_WORD = re.compile(r"[^\W_]+")
_NO_QUOTES = str.maketrans("", "", "\"'“”„«»‘’`")
_YEAR = re.compile(r"^(1[89]|20)[0-9]{2}$")


def words(text: str) -> list[str]:
    """The words of ``text``, folded (case, diacritics, quotation marks and hyphens ignored).

    >>> words("Prosecutor’s Office, Almatý")
    ['prosecutors', 'office', 'almaty']
    """
    return _WORD.findall(plain(text).casefold().translate(_NO_QUOTES))


def key(text: str) -> str:
    """``text`` as the index compares names: its folded words, without a leading "the"."""
    found = words(text)
    if len(found) > 1 and found[0] == "the":
        found = found[1:]
    return " ".join(found)


def grams(word: str) -> list[str]:
    """The three-letter pieces of `` word `` (padded, so that its ends count), sorted."""
    padded = f" {word} "
    return sorted({padded[i : i + 3] for i in range(len(padded) - 2)})


def _v(term: Term | None) -> str | None:
    return None if term is None else term.value


@dataclass
class IndexData:
    """What the index is made of, as read from a backend."""

    names: list[tuple[str, str, str | None, bool]] = field(default_factory=list)
    """``(iri, name, language, is_label)`` for every label and alias (see :data:`Names`)."""
    classes: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    """The ``kz:`` classes of every entity and controlled term."""
    descriptions: dict[str, list[tuple[str, str | None]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    articles: list[tuple[str, str, str | None, str | None, str | None]] = field(
        default_factory=list
    )
    """``(article, number, code, code's existedFrom, code's existedUntil)``."""


Names = list[tuple[str, str, str | None, bool]]
"""``(iri, name, language, is_label)`` for every label and alias."""


def read(
    backend: Backend,
    classes: Mapping[str, Iterable[str]] | None = None,
    names: Names | None = None,
) -> IndexData:
    """Read what the index needs from ``backend``.

    ``classes`` gives the ``kz:`` classes the graph's nodes are stated to have, and ``names``
    their labels and aliases (the build has them at hand; superclasses are added from the
    schema); without them, both are read from ``backend``.
    """
    data = IndexData()
    if names is not None:
        data.names = list(names)
    else:
        for entity, name, lang, is_label in internal.select(backend, "name-index-names").rows:
            if entity is not None and name is not None:
                label = is_label is not None and is_label.value in ("true", "1")
                data.names.append((entity.value, name.value, _v(lang) or None, label))
    _read_classes(backend, classes, data)
    for entity, text, lang in internal.select(backend, "descriptions").rows:
        if entity is not None and text is not None:
            data.descriptions[entity.value].append((text.value, _v(lang) or None))
    for article, number, code, begun, ended in internal.select(backend, "article-numbers").rows:
        if article is not None and number is not None:
            data.articles.append((article.value, number.value, _v(code), _v(begun), _v(ended)))
    return data


def _read_classes(
    backend: Backend, classes: Mapping[str, Iterable[str]] | None, data: IndexData
) -> None:
    """The classes of the entities (given, or read) and of the controlled terms (read)."""
    if classes is None:
        rows = internal.select(backend, "name-index-classes").rows
    else:
        rows = internal.select(backend, "concepts").rows
        for node, stated in classes.items():
            data.classes[node].update(stated)
    for entity, cls in rows:
        if entity is not None and cls is not None:
            data.classes[entity.value].add(cls.value)


_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE entity (id INTEGER PRIMARY KEY, iri TEXT NOT NULL UNIQUE, label TEXT NOT NULL,
    cls TEXT NOT NULL, class_label TEXT NOT NULL, classes TEXT NOT NULL, description TEXT);
CREATE TABLE name (id INTEGER PRIMARY KEY, entity INTEGER NOT NULL, text TEXT NOT NULL,
    key TEXT NOT NULL, is_label INTEGER NOT NULL);
CREATE TABLE word (word TEXT PRIMARY KEY, ids BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE wordgram (gram TEXT PRIMARY KEY, words TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE article (entity INTEGER NOT NULL, number TEXT NOT NULL, code INTEGER,
    years TEXT NOT NULL, code_from TEXT, code_until TEXT);
"""

_INDEXES = """
CREATE INDEX name_key ON name (key);
CREATE INDEX name_entity ON name (entity);
CREATE INDEX article_number ON article (number);
"""


def _packed(ids: Sequence[int]) -> bytes:
    packed = array("I", ids)
    if sys.byteorder != "little":
        packed.byteswap()
    return packed.tobytes()


def _unpacked(blob: bytes) -> array[int]:
    ids = array("I")
    ids.frombytes(blob)
    if sys.byteorder != "little":
        ids.byteswap()
    return ids


def _entity_rows(
    data: IndexData, schema: Schema
) -> Iterator[tuple[str, str, str, str, str, str | None]]:
    """``(iri, label, class, class label, classes, description)`` of every named entity."""
    labels: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    any_name: dict[str, str] = {}
    for iri, name, lang, is_label in data.names:
        if is_label:
            labels[iri].append((name, lang))
        any_name[iri] = min(name, any_name.get(iri, name))
    kinds: dict[frozenset[str], tuple[str, str, str] | None] = {}
    for iri in sorted(set(any_name) & set(data.classes)):
        classes = frozenset(data.classes[iri])
        if classes not in kinds:
            kinds[classes] = _kind(classes, schema)
        kind = kinds[classes]
        if kind is None:
            continue
        yield (
            iri,
            preferred_label(labels.get(iri, ())) or any_name[iri],
            *kind,
            preferred_label(data.descriptions.get(iri, ())),
        )


def _kind(classes: frozenset[str], schema: Schema) -> tuple[str, str, str] | None:
    """The most specific of ``classes``, its label, and the local names of all of them and of
    their superclasses; ``None`` unless they make an entity or a controlled term."""
    known = [c for c in classes if c in schema.classes]
    every = set(classes).union(*(schema.ancestors(c) for c in known))
    if KZ.Entity not in every and KZ.Concept not in every:
        return None
    leaves = schema.most_specific(known)
    cls = leaves[0] if leaves else (KZ.Concept if KZ.Concept in every else KZ.Entity)
    names = sorted({local_name(c) for c in every if c.startswith(KZ.NS)})
    return cls, schema.class_label(cls), " ".join(names)


def _name_rows(data: IndexData, ids: dict[str, int]) -> list[tuple[int, str, str, int]]:
    """``(entity id, name, key, is_label)``, shortest key first."""
    found: dict[tuple[int, str], tuple[int, str, str, int]] = {}
    for iri, name, _, is_label in data.names:
        entity, folded = ids.get(iri), key(name)
        if entity is None or not folded:
            continue
        previous = found.get((entity, name))
        found[entity, name] = (
            entity,
            name,
            folded,
            max(int(is_label), previous[3] if previous else 0),
        )
    return sorted(found.values(), key=lambda row: (len(row[2]), row[2], row[0], row[1]))


def _years(names: Iterable[str]) -> str:
    return " ".join(sorted({w for name in names for w in words(name) if _YEAR.match(w)}))


def write(connection: sqlite3.Connection, data: IndexData, schema: Schema) -> None:
    """Write the index of ``data`` into the empty database ``connection``."""
    connection.executescript(_SCHEMA)
    connection.execute("INSERT INTO meta VALUES ('format', ?)", (str(FORMAT),))
    entities = list(_entity_rows(data, schema))
    connection.executemany(
        "INSERT INTO entity VALUES (?, ?, ?, ?, ?, ?, ?)",
        ((i, *row) for i, row in enumerate(entities)),
    )
    ids = {row[0]: i for i, row in enumerate(entities)}
    names = _name_rows(data, ids)
    connection.executemany(
        "INSERT INTO name VALUES (?, ?, ?, ?, ?)", ((i, *row) for i, row in enumerate(names))
    )
    postings: dict[str, list[int]] = defaultdict(list)
    for i, (_, _, folded, _) in enumerate(names):
        for word in set(folded.split()):
            postings[word].append(i)
    connection.executemany(
        "INSERT INTO word VALUES (?, ?)", ((w, _packed(p)) for w, p in postings.items())
    )
    by_gram: dict[str, list[str]] = defaultdict(list)
    for word in sorted(postings):
        for gram in grams(word):
            by_gram[gram].append(word)
    connection.executemany(
        "INSERT INTO wordgram VALUES (?, ?)", ((g, " ".join(w)) for g, w in by_gram.items())
    )
    code_names: dict[str, list[str]] = defaultdict(list)
    for iri, name, _, _ in data.names:
        code_names[iri].append(name)
    connection.executemany(
        "INSERT INTO article VALUES (?, ?, ?, ?, ?, ?)",
        (
            (
                ids[article],
                key(number),
                ids.get(code or ""),
                _years(code_names.get(code or "", ())),
                begun,
                ended,
            )
            for article, number, code, begun, ended in data.articles
            if article in ids
        ),
    )
    connection.executescript(_INDEXES)
    connection.commit()


def write_file(path: Path, data: IndexData, schema: Schema) -> None:
    """Write the index of ``data`` into a new SQLite file ``path``."""
    path.unlink(missing_ok=True)
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        write(connection, data, schema)
    finally:
        connection.close()


@dataclass(frozen=True)
class Indexed:
    """An entity (or controlled term) as the index knows it."""

    id: int
    iri: str
    label: str
    cls: str
    class_label: str
    classes: frozenset[str]
    """The local names of every ``kz:`` class it has (its superclasses included)."""
    description: str | None

    def within(self, classes: Iterable[str]) -> bool:
        """Whether it is an instance of one of ``classes`` (IRIs)."""
        return any(local_name(c) in self.classes for c in classes)


@dataclass(frozen=True)
class Name:
    """One name of an entity in the index."""

    id: int
    entity: int
    text: str
    key: str
    is_label: bool


@dataclass(frozen=True)
class Article:
    """A code article: its entity, number (as a key), code, and the years that date its code."""

    entity: int
    number: str
    code: int | None
    years: frozenset[str]
    """Years written in the code's names (``"2014"`` for the Criminal Code as of 2014)."""
    code_from: str | None
    code_until: str | None


class NameIndex:
    """The name index of one graph, open for lookups (see the module's documentation)."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.db = connection
        self._entities: dict[int, Indexed] = {}
        self.postings = lru_cache(maxsize=CACHED_WORDS)(self._postings)  # type: ignore[method-assign]
        self.similar_words = lru_cache(maxsize=CACHED_WORDS)(self._similar_words)  # type: ignore[method-assign]

    @classmethod
    def open(cls, path: Path) -> NameIndex | None:
        """Open the index file ``path`` read-only; ``None`` if it was written in another layout
        (by another version of kazkg) or is not an index."""
        uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
        connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
        try:
            row = connection.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
        except sqlite3.DatabaseError:
            row = None
        if row is None or row[0] != str(FORMAT):
            connection.close()
            return None
        return cls(connection)

    @classmethod
    def of(cls, data: IndexData, schema: Schema) -> NameIndex:
        """An index of ``data`` built in memory."""
        connection = sqlite3.connect(":memory:", check_same_thread=False)
        write(connection, data, schema)
        return cls(connection)

    def close(self) -> None:
        """Close the database."""
        self.db.close()

    # --- entities ------------------------------------------------------------------------

    def _rows_for(self, query: str, values: Iterable[object]) -> Iterator[tuple[Any, ...]]:
        """The rows of ``query`` (with ``{marks}`` where its ``IN`` list goes) for ``values``,
        sorted and asked :data:`CHUNK` at a time."""
        wanted = sorted(set(values))  # type: ignore[type-var]
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start : start + CHUNK]
            yield from self.db.execute(query.format(marks=",".join("?" * len(chunk))), chunk)

    def entities(self, ids: Iterable[int]) -> dict[int, Indexed]:
        """The entities with these ids."""
        ids = list(ids)
        wanted = [i for i in ids if i not in self._entities]
        for row in self._rows_for("SELECT * FROM entity WHERE id IN ({marks})", wanted):
            entity_id, iri, label, cls, class_label, classes, description = row
            self._entities[entity_id] = Indexed(
                entity_id, iri, label, cls, class_label, frozenset(classes.split()), description
            )
        return {i: self._entities[i] for i in ids if i in self._entities}

    def ids_of(self, iris: Iterable[str]) -> dict[str, int]:
        """The ids of those of ``iris`` the index holds."""
        return dict(self._rows_for("SELECT iri, id FROM entity WHERE iri IN ({marks})", iris))

    def names_of(self, iris: Iterable[str]) -> dict[str, list[str]]:
        """Every name (label and aliases) of each of ``iris`` the index holds."""
        by_id = {i: iri for iri, i in self.ids_of(iris).items()}
        found: dict[str, list[str]] = defaultdict(list)
        query = "SELECT entity, text FROM name WHERE entity IN ({marks}) ORDER BY id"
        for entity, text in self._rows_for(query, by_id):
            found[by_id[entity]].append(text)
        return dict(found)

    # --- names ---------------------------------------------------------------------------

    def _names(self, rows: Iterable[tuple[Any, ...]]) -> list[Name]:
        return [
            Name(i, entity, text, folded, bool(is_label))
            for i, entity, text, folded, is_label in rows
        ]

    def by_key(self, folded: str) -> list[Name]:
        """The names whose key is ``folded``."""
        return self._names(
            self.db.execute("SELECT * FROM name WHERE key = ? ORDER BY id", (folded,))
        )

    def starting_with(self, folded: str, limit: int) -> list[Name]:
        """Up to ``limit`` names whose key starts with ``folded``, shortest first."""
        query = "SELECT * FROM name WHERE key >= ? AND key < ? ORDER BY id LIMIT ?"
        return self._names(self.db.execute(query, (folded, folded + "\U0010ffff", limit)))

    def names(self, ids: Iterable[int]) -> list[Name]:
        """The names with these ids, in id order (shortest first)."""
        return self._names(
            self._rows_for("SELECT * FROM name WHERE id IN ({marks}) ORDER BY id", ids)
        )

    def names_by_entity(self, entities: Iterable[int]) -> list[Name]:
        """The label (else the shortest name) of each of ``entities``."""
        query = "SELECT * FROM name WHERE entity IN ({marks}) ORDER BY is_label DESC, id"
        found: dict[int, Name] = {}
        for name in self._names(self._rows_for(query, entities)):
            found.setdefault(name.entity, name)
        return [found[i] for i in sorted(found)]

    # --- words ---------------------------------------------------------------------------

    def postings(self, word: str) -> array[int]:
        """The ids of the names ``word`` occurs in, ascending (shortest names first); the last
        :data:`CACHED_WORDS` words asked for are kept in memory."""
        return self._postings(word)

    def _postings(self, word: str) -> array[int]:
        row = self.db.execute("SELECT ids FROM word WHERE word = ?", (word,)).fetchone()
        return _unpacked(row[0]) if row else array("I")

    def words_starting_with(self, prefix: str, limit: int) -> list[str]:
        """Up to ``limit`` words of the index that start with ``prefix``."""
        query = "SELECT word FROM word WHERE word >= ? AND word < ? ORDER BY word LIMIT ?"
        return [w for (w,) in self.db.execute(query, (prefix, prefix + "\U0010ffff", limit))]

    def similar_words(self, word: str, edits: int) -> list[str]:
        """Words of the index at most ``edits`` edits from ``word`` (closest first)."""
        return self._similar_words(word, edits)

    def _similar_words(self, word: str, edits: int) -> list[str]:
        from rapidfuzz.distance import Levenshtein

        pieces = grams(word)
        marks = ",".join("?" * len(pieces))
        counts: dict[str, int] = defaultdict(int)
        for (listed,) in self.db.execute(
            f"SELECT words FROM wordgram WHERE gram IN ({marks})", pieces
        ):
            for other in listed.split():
                counts[other] += 1
        needed = max(1, len(pieces) - 3 * edits)
        close = []
        for other, shared in counts.items():
            if shared >= needed and abs(len(other) - len(word)) <= edits:
                distance = Levenshtein.distance(word, other, score_cutoff=edits)
                if distance <= edits:
                    close.append((distance, other))
        return [other for _, other in sorted(close)]

    # --- articles ------------------------------------------------------------------------

    def articles(self, number: str) -> list[Article]:
        """The code articles numbered ``number`` (a key: ``"233 3"``)."""
        query = "SELECT * FROM article WHERE number = ? ORDER BY entity"
        return [
            Article(entity, found, code, frozenset(years.split()), begun, ended)
            for entity, found, code, years, begun, ended in self.db.execute(query, (number,))
        ]


__all__ = [
    "FILE_NAME",
    "FORMAT",
    "Article",
    "IndexData",
    "Indexed",
    "Name",
    "NameIndex",
    "Names",
    "grams",
    "key",
    "read",
    "words",
    "write",
    "write_file",
]
