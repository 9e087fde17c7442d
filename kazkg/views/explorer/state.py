"""The explorer's state: the compiled store it serves, opened in-process for the pages, and the
query workers that run what clients send.

Pages read with fixed, indexed queries (descriptions, names, labels) on the in-process store;
anything a client writes or parameterises (``/query``, the workbench) runs in the
:class:`~kazkg.views.explorer.pool.QueryPool`, under the time and memory limits.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kazkg.build.store import CompiledStore

if TYPE_CHECKING:
    from kazkg.build.evidence import Source
from kazkg.query.backends.oxigraph import OxigraphBackend
from kazkg.resources import Workspace
from kazkg.schema import Schema, default_schema
from kazkg.views.explorer.links import quote_href
from kazkg.views.explorer.pool import Limits, QueryPool


@dataclass(eq=False)
class Explorer:
    """One served graph."""

    compiled: CompiledStore
    workspace: Workspace
    limits: Limits = field(default_factory=Limits)
    allow_service: tuple[str, ...] = ()
    """The endpoints queries may call with ``SERVICE`` (none by default)."""
    schema: Schema = field(default_factory=default_schema)
    backend: OxigraphBackend = field(init=False)
    pool: QueryPool = field(init=False)

    def __post_init__(self) -> None:
        self.backend = OxigraphBackend.open(self.compiled)
        self.pool = QueryPool(self.compiled.oxigraph_dir, self.limits)

    @functools.cached_property
    def sources(self) -> list[Source]:
        """The source documents the graph declares, with their texts (read once: the store is
        read-only)."""
        from kazkg.build.evidence import sources

        return sources(self.backend.store, self.workspace)

    @functools.cached_property
    def class_counts(self) -> dict[str, int]:
        """How many nodes each ``kz:`` class has (counted once)."""
        from kazkg.views.explorer.schema_page import counts

        return counts(self.backend)

    def source_texts(self) -> dict[str, str | None]:
        """Each declared source document's text (``None`` where it is not on this machine)."""
        return {s.iri: s.text for s in self.sources}

    def quote_link(self, quote: str, cited: Iterable[str] = ()) -> str | None:
        """Where ``quote`` is in context: the source view of the first source document (of
        those ``cited``, if any of them is one) whose text holds it."""
        texts = self.source_texts()
        documents = [iri for iri in cited if iri in texts] or list(texts)
        holding = [iri for iri in documents if (texts[iri] or "").find(quote) >= 0]
        return quote_href(quote, holding or documents)

    def documents(self, iris: Iterable[str]) -> list[str]:
        """Those of ``iris`` that are source documents."""
        texts = self.source_texts()
        return [iri for iri in iris if iri in texts]

    @functools.cached_property
    def triples(self) -> int:
        """How many triples the store holds."""
        return self.backend.triple_count()

    def close(self) -> None:
        """Release the in-process store."""
        self.backend.close()


__all__ = ["Explorer"]
