"""kazkg: a knowledge graph of Kazakhstan's state system for countering religious extremism
and terrorism, with a query layer, lineage tracing and interactive network views.

The public API is re-exported here and imported lazily, so ``import kazkg`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "1.0.0"

# Name -> (module, attribute).  Functions whose module has the same name (``kazkg.build.build``,
# ``kazkg.formats.export.export``) are exported under a distinct name, since importing the module sets
# the package attribute of that name to the module.
_EXPORTS: dict[str, tuple[str, str]] = {
    "build_graph": ("kazkg.build", "build"),
    "export_graph": ("kazkg.formats.export", "export"),
}
_EXPORTS |= {
    name: (module, name)
    for name, module in {
        "ensure_built": "kazkg.build",
        "BuildReport": "kazkg.build",
        "Workspace": "kazkg.resources",
        "Term": "kazkg.terms",
        "ResultTable": "kazkg.terms",
        "KazkgError": "kazkg.errors",
        "TurtleSyntaxError": "kazkg.errors",
        "ValidationError": "kazkg.errors",
        "QueryError": "kazkg.errors",
        "EndpointError": "kazkg.errors",
        "StoreError": "kazkg.errors",
        "ParameterError": "kazkg.errors",
        "Schema": "kazkg.schema",
        "default_schema": "kazkg.schema",
        "Span": "kazkg.time",
        "existed_on": "kazkg.time",
        "held_function_on": "kazkg.time",
        "push": "kazkg.api",
        "load_network": "kazkg.query.projection",
        "open_graph": "kazkg.api",
        "Graph": "kazkg.api",
        "open_backend": "kazkg.query.backends",
        "Lineage": "kazkg.query.trace",
    }.items()
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    target = _EXPORTS.get(name)
    if target is None:
        raise AttributeError(f"module 'kazkg' has no attribute {name!r}")
    module, attribute = target
    return getattr(importlib.import_module(module), attribute)
