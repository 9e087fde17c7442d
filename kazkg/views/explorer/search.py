"""Search suggestions: the entities a typed text may mean, each with its class and description.

:func:`suggest` is the one place the explorer asks for names: :func:`kazkg.query.resolve.search`
on the name index the build writes (exact names first, then the names the text begins or whose
words it gives, article numbers, then near misses), each with its class and one-line description.

>>> Suggestion("https://w3id.org/kazkg/id/x", "X", "state body", None, 100.0).to_json()["class"]
'state body'
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kazkg.query import internal
from kazkg.query.backends.base import Backend
from kazkg.schema import Schema
from kazkg.terms import Term
from kazkg.vocab import KZ

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


def suggest(backend: Backend, schema: Schema, text: str, limit: int = 10) -> list[Suggestion]:
    """The entities ``text`` may mean, best first (at most ``limit``)."""
    from kazkg.query.nameindex import key
    from kazkg.query.resolve import search

    text = text.strip()[:MAX_TEXT]
    if not text or limit <= 0:
        return []
    return [
        Suggestion(
            s.iri,
            s.label,
            schema.class_label(s.cls),
            s.description,
            s.score,
            None if not s.matched or key(s.matched) == key(s.label) else s.matched,
        )
        for s in search(backend, text, limit)
    ]


__all__ = ["MAX_TEXT", "NodeInfo", "Suggestion", "node_info", "suggest"]
