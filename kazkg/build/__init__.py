"""Build: from the ontology, the graph files and the source texts to a compiled store.

The steps, one module each: :mod:`~kazkg.build.load` (parse Turtle), :mod:`~kazkg.build.reason`
(materialise the ontology's entailments), :mod:`~kazkg.build.spans` (write the time model's
spans), :mod:`~kazkg.build.validate` (SHACL), :mod:`~kazkg.build.evidence` (quotes against their
sources), :mod:`~kazkg.build.store` (the compiled store on disk); :mod:`~kazkg.build.compile`
runs them in order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kazkg.build.store import (
    CompiledStore,
    check_replaceable,
    current,
    is_fresh,
    require_graph_files,
)
from kazkg.resources import Workspace

if TYPE_CHECKING:
    from kazkg.build.compile import BuildReport, build

__all__ = ["BuildReport", "build", "ensure_built"]


def ensure_built(workspace: Workspace | None = None) -> CompiledStore:
    """The current compiled store of ``workspace``, rebuilt first if missing or stale (the build
    pipeline is imported only then).

    Nothing is rebuilt, and the store is left alone, when the graph folder has no graph files
    (:class:`~kazkg.errors.InputError`) or the store was built from another graph folder
    (:class:`~kazkg.errors.ForeignStoreError`).
    """
    workspace = workspace or Workspace.default()
    compiled = current(workspace.store)
    if compiled is not None and is_fresh(compiled, workspace):
        return compiled
    require_graph_files(workspace)
    check_replaceable(workspace.store, workspace)
    from kazkg.build.compile import build

    return build(workspace).store


def __getattr__(name: str) -> Any:
    """Import the build pipeline only when it is used (opening a store needs none of it)."""
    if name in ("BuildReport", "build"):
        from kazkg.build import compile as pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'kazkg.build' has no attribute {name!r}")
