"""Indexes the build writes beside the store, so that some questions are read, not asked:

* every line of succession with its lineage (:func:`kazkg.query.trace.every_line`), found by
  any body of the line: ``kazkg trace`` then costs one lookup instead of four queries;
* the entities per class and facts per kind (:func:`kazkg.query.counts.counted`): no scan.

They live in one SQLite file, ``indexes.sqlite``, in the store's version folder: written with
the store, swapped in with it, never out of date.  The embedded backend reads them
(:attr:`~kazkg.query.backends.base.Backend.compiled`); a store without the file (built by an
earlier version), rdflib's memory backend and remote endpoints answer by SPARQL, with the same
answers (the tests compare them).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kazkg.query.backends.base import Backend
    from kazkg.query.trace import Lineage

FILE = "indexes.sqlite"
"""The file name, in a compiled store's version folder."""

VERSION = 1
"""The layout of the file (SQLite's ``user_version``); a file of another layout is not read."""

_TABLES = """
CREATE TABLE line (id INTEGER PRIMARY KEY, lineage TEXT NOT NULL);
CREATE TABLE line_body (body TEXT PRIMARY KEY, line INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE class_count (
    top TEXT NOT NULL, class TEXT NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (top, class)
) WITHOUT ROWID;
"""


def write(folder: Path, backend: Backend) -> Path:
    """Work out the indexes from the graph ``backend`` holds; write them into ``folder``."""
    from kazkg.query.counts import counted
    from kazkg.query.trace import every_line, to_record

    path = folder / FILE
    connection = sqlite3.connect(path)
    try:
        connection.executescript(_TABLES)
        for number, (bodies, found) in enumerate(every_line(backend)):
            text = json.dumps(to_record(found), separators=(",", ":"), ensure_ascii=False)
            connection.execute("INSERT INTO line VALUES (?, ?)", (number, text))
            connection.executemany(
                "INSERT INTO line_body VALUES (?, ?)", [(body, number) for body in bodies]
            )
        connection.executemany(
            "INSERT INTO class_count VALUES (?, ?, ?)",
            [(c.top, c.cls, c.count) for c in counted(backend)],
        )
        connection.execute(f"PRAGMA user_version = {VERSION}")
        connection.commit()
    finally:
        connection.close()
    return path


class Indexes:
    """The indexes of one compiled store, open read-only (safe to share between threads)."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection
        self._lock = threading.Lock()

    @classmethod
    def open(cls, folder: Path) -> Indexes | None:
        """The indexes in ``folder``, or ``None`` where there are none of this layout."""
        path = folder / FILE
        if not path.is_file():
            return None
        try:
            connection = sqlite3.connect(
                f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False
            )
            version = connection.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.Error:
            return None
        if version != VERSION:
            connection.close()
            return None
        return cls(connection)

    def lineage(self, body: str) -> Lineage | None:
        """The lineage of ``body`` (no date marked), if it is on a line of succession."""
        from kazkg.query.trace import from_record

        with self._lock:
            row = self._connection.execute(
                "SELECT lineage FROM line JOIN line_body ON line.id = line_body.line "
                "WHERE line_body.body = ?",
                (body,),
            ).fetchone()
        return None if row is None else from_record(json.loads(row[0]), body)

    def lineage_bodies(self) -> list[str]:
        """Every body whose lineage is in the index, in order."""
        with self._lock:
            rows = self._connection.execute("SELECT body FROM line_body ORDER BY body").fetchall()
        return [str(body) for (body,) in rows]

    def class_counts(self) -> list[tuple[str, str, int]]:
        """``(top, class, count)`` for every class, ordered by top and class."""
        with self._lock:
            rows = self._connection.execute(
                "SELECT top, class, count FROM class_count ORDER BY top, class"
            ).fetchall()
        return [(str(top), str(cls), int(count)) for top, cls, count in rows]


_opened: dict[Path, Indexes | None] = {}
_opening = threading.Lock()


def of(backend: Backend) -> Indexes | None:
    """The indexes of the compiled store ``backend`` reads, if it reads one that has them."""
    compiled = backend.compiled
    if compiled is None:
        return None
    with _opening:
        if compiled.path not in _opened:
            _opened[compiled.path] = Indexes.open(compiled.path)
        return _opened[compiled.path]


def lineage_of(backend: Backend, body: str) -> Lineage | None:
    """The lineage of ``body`` from ``backend``'s indexes (``None``: not indexed)."""
    found = of(backend)
    return None if found is None else found.lineage(body)


def class_counts_of(backend: Backend) -> list[tuple[str, str, int]] | None:
    """The class counts from ``backend``'s indexes (``None``: not indexed)."""
    found = of(backend)
    return None if found is None else found.class_counts()


__all__ = ["FILE", "VERSION", "Indexes", "class_counts_of", "lineage_of", "of", "write"]
