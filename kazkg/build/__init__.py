"""Build: from the ontology, the graph files and the source texts to a compiled store.

The steps, one module each: :mod:`~kazkg.build.load` (parse Turtle), :mod:`~kazkg.build.reason`
(materialise the ontology's entailments), :mod:`~kazkg.build.spans` (write the time model's
spans), :mod:`~kazkg.build.validate` (SHACL), :mod:`~kazkg.build.evidence` (quotes against their
sources), :mod:`~kazkg.build.store` (the compiled store on disk); :mod:`~kazkg.build.compile`
runs them in order.
"""

from __future__ import annotations

from kazkg.build.compile import BuildReport, build, ensure_built

__all__ = ["BuildReport", "build", "ensure_built"]
