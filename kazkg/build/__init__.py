"""Build: from the ontology, the graph files and the source texts to a compiled store.

The steps, one module each: :mod:`~kazkg.build.load` (parse Turtle), :mod:`~kazkg.build.reason`
(materialise the ontology's entailments), :mod:`~kazkg.build.spans` (write the time model's
spans), :mod:`~kazkg.build.validate` (SHACL), :mod:`~kazkg.build.evidence` (quotes against their
sources), :mod:`~kazkg.build.store` (the compiled store on disk); :mod:`~kazkg.build.compile`
runs them in order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kazkg.build.compile import BuildReport, build, ensure_built

__all__ = ["BuildReport", "build", "ensure_built"]


def __getattr__(name: str) -> Any:
    """Import the build pipeline only when it is used (opening a store needs none of it)."""
    if name in __all__:
        from kazkg.build import compile as pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'kazkg.build' has no attribute {name!r}")
