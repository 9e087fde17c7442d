"""Search suggestions: the entities a typed text may mean, each with its class and description.

:func:`suggest` is the one place the explorer asks for names: exact names first, then the names
the text begins (or begins a word of), then the near misses of
:func:`kazkg.query.resolve.candidates`; each with its class and one-line description.

>>> Suggestion("https://w3id.org/kazkg/id/x", "X", "state body", None, 100.0).to_json()["class"]
'state body'
"""

from __future__ import annotations

import weakref
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from kazkg.query import internal
from kazkg.query.backends.base import Backend
from kazkg.query.resolve import Candidate, NameIndex
from kazkg.schema import Schema
from kazkg.terms import Term
from kazkg.vocab import KZ

_written: weakref.WeakKeyDictionary[NameIndex, dict[str, str]] = weakref.WeakKeyDictionary()
"""For each name index, each normalised name as it is written."""

MAX_TEXT = 200
"""Longer texts are cut to this many characters before they are looked up."""


@dataclass(frozen=True)
class Suggestion:
    """An entity a text may mean."""

    iri: str
    label: str
    cls: str
    """The label of its most specific class."""
    description: str | None
    score: float
    """How well it matches, 0-100 (100: an exact name)."""
    matched: str | None = None
    """The name (label or alias) that matched, when it is not the label."""

    def to_json(self) -> dict[str, Any]:
        """As ``/api/search`` returns it."""
        return {
            "iri": self.iri,
            "label": self.label,
            "class": self.cls,
            "description": self.description,
            "score": self.score,
            "matched": self.matched,
        }


@dataclass(frozen=True)
class NodeInfo:
    """A node's most specific class (IRI), whether it is an entity, and its description."""

    cls: str
    entity: bool
    description: str | None


def node_info(backend: Backend, schema: Schema, iris: Iterable[str]) -> dict[str, NodeInfo]:
    """The class and description of each of ``iris`` that has a ``kz:`` class."""
    wanted = sorted(set(iris))
    classes: dict[str, set[str]] = defaultdict(set)
    described: dict[str, str] = {}
    for start in range(0, len(wanted), 400):
        nodes = [Term.iri(iri) for iri in wanted[start : start + 400]]
        for node, cls, text in internal.select(backend, "node-classes", node=nodes).rows:
            if node is None or cls is None:
                continue
            classes[node.value].add(cls.value)
            if text is not None:
                described[node.value] = min(text.value, described.get(node.value, text.value))
    found = {}
    for iri, kinds in classes.items():
        known = [c for c in kinds if c in schema.classes]
        leaves = schema.most_specific(known)
        found[iri] = NodeInfo(
            leaves[0] if leaves else KZ.Entity, KZ.Entity in kinds, described.get(iri)
        )
    return found


def _beginning(backend: Backend, text: str, limit: int) -> list[Candidate]:
    """Names that begin with ``text``, or have a word that does (shortest first)."""
    from kazkg.query.resolve import name_index, normalise

    key = normalise(text)
    index = name_index(backend)
    written = _written.get(index)
    if written is None:
        written = _written[index] = {normalise(name): name for _, name in index.names}
    hits: list[tuple[bool, int, str, str]] = []
    for normal, iris in index.by_normal.items():
        if normal.startswith(key) or f" {key}" in normal:
            hits += [(not normal.startswith(key), len(normal), normal, iri) for iri in iris]
    found: dict[str, Candidate] = {}
    for later, length, normal, iri in sorted(hits):
        if iri not in found:
            score = round(90 + 10 * len(key) / length - (3 if later else 0), 1)
            found[iri] = Candidate(
                iri, index.labels.get(iri, iri), written.get(normal, normal), score
            )
        if len(found) >= limit:
            break
    return list(found.values())


def _candidates(backend: Backend, text: str, limit: int) -> list[Candidate]:
    """The entities ``text`` may mean: exact names, names it begins, then near misses."""
    from kazkg.query.resolve import candidates

    near = candidates(backend, text, limit)
    found = {c.iri: c for c in near if c.score >= 100}
    for candidate in _beginning(backend, text, limit) + near:
        found.setdefault(candidate.iri, candidate)
    ranked: list[Candidate] = []
    for candidate in list(found.values())[:limit]:  # scores never rise down the list
        if ranked and candidate.score > ranked[-1].score:
            candidate = replace(candidate, score=ranked[-1].score)
        ranked.append(candidate)
    return ranked


def suggest(backend: Backend, schema: Schema, text: str, limit: int = 10) -> list[Suggestion]:
    """The entities ``text`` may mean, best first (at most ``limit``)."""
    from kazkg.query.resolve import normalise

    text = text.strip()[:MAX_TEXT]
    if not text or limit <= 0:
        return []
    found = _candidates(backend, text, limit)
    info = node_info(backend, schema, (c.iri for c in found))
    return [
        Suggestion(
            c.iri,
            c.label,
            schema.class_label(info[c.iri].cls) if c.iri in info else "",
            info[c.iri].description if c.iri in info else None,
            c.score,
            None if normalise(c.matched) == normalise(c.label) else c.matched,
        )
        for c in found
    ]


__all__ = ["MAX_TEXT", "NodeInfo", "Suggestion", "node_info", "suggest"]
