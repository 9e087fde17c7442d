"""How many entities of each class and facts of each kind the graph holds.

A node counts under every ``kz:`` class it has (an agency is a state body and an entity too),
so the counts answer "how many state bodies?" as well as "how many agencies?".  The embedded
store reads the counts its build wrote (:mod:`kazkg.build.indexes`: no scan at all); other
backends count with one SPARQL query (``entity-fact-counts.rq``), which gives the same answer.

>>> from kazkg.query.backends import open_backend                       # doctest: +SKIP
>>> [c for c in class_counts(open_backend()) if c.cls.endswith("#Law")]  # doctest: +SKIP
[ClassCount(top='https://w3id.org/kazkg/ontology#Entity', cls='https://w3id.org/kazkg/ontology#Law', count=8)]
"""

from __future__ import annotations

from dataclasses import dataclass

from kazkg.build import indexes
from kazkg.query import internal
from kazkg.query.backends.base import Backend


@dataclass(frozen=True, order=True)
class ClassCount:
    """How many nodes under ``top`` (``kz:Entity`` or ``kz:Fact``) have the class ``cls``."""

    top: str
    cls: str
    count: int


def counted(backend: Backend) -> list[ClassCount]:
    """The counts, worked out by SPARQL on ``backend`` (what the build keeps)."""
    found = []
    for top, cls, count in internal.select(backend, "entity-fact-counts").rows:
        if top is not None and cls is not None and count is not None:
            found.append(ClassCount(top.value, cls.value, int(count.value)))
    return sorted(found)


def class_counts(backend: Backend) -> list[ClassCount]:
    """Entities per class and facts per kind, ordered by ``top`` then class IRI."""
    kept = indexes.class_counts_of(backend)
    if kept is not None:
        return [ClassCount(top, cls, count) for top, cls, count in kept]
    return counted(backend)


__all__ = ["ClassCount", "class_counts", "counted"]
