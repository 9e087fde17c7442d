"""kazkg: a knowledge graph of Kazakhstan's state system for countering religious extremism
and terrorism, with a query layer, lineage tracing and interactive network views.

The public API is re-exported here and imported lazily, so ``import kazkg`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "1.0.0"

_EXPORTS = {
    "build": "kazkg.build",
    "ensure_built": "kazkg.build",
    "BuildReport": "kazkg.build",
    "Layout": "kazkg.resources",
    "Term": "kazkg.terms",
    "ResultTable": "kazkg.terms",
    "KazkgError": "kazkg.errors",
    "TurtleSyntaxError": "kazkg.errors",
    "ValidationError": "kazkg.errors",
    "QueryError": "kazkg.errors",
    "EndpointError": "kazkg.errors",
    "StoreError": "kazkg.errors",
    "export": "kazkg.export",
    "load_network": "kazkg.network",
    "open_graph": "kazkg.api",
    "Graph": "kazkg.api",
    "open_backend": "kazkg.backends",
    "Lineage": "kazkg.trace",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'kazkg' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
