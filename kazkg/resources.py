"""Where the ontology, the graph data, the named queries and the source texts live.

Installed from a wheel, the ontology, graph and queries ship inside the package
(``kazkg/_data/``); in a source checkout they are the top-level ``ontology/``, ``graph/`` and
``queries/`` folders.  The source texts are not shipped: they are found in ``$KAZKG_SOURCES``, a
folder given explicitly, or ``../shared/sources`` beside a checkout.  Nothing here depends on the
current directory.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent

SOURCES_ENV = "KAZKG_SOURCES"
"""The environment variable naming the folder of source texts."""

HOME_ENV = "KAZKG_HOME"
"""The environment variable naming the folder compiled stores are kept in."""


def _data_root() -> Path:
    packaged = _PACKAGE_DIR / "_data"
    if (packaged / "ontology").is_dir():
        return packaged
    return _PACKAGE_DIR.parent


def ontology_dir() -> Path:
    """The folder holding the ontology (``kazkg.ttl``, ``display.ttl``) and ``shapes.ttl``."""
    return _data_root() / "ontology"


def graph_dir() -> Path:
    """The folder of the graph's Turtle files, one per domain."""
    return _data_root() / "graph"


def queries_dir() -> Path:
    """The folder of named SPARQL queries (``*.rq``)."""
    return _data_root() / "queries"


def ontology_files(folder: Path) -> list[Path]:
    """The ontology's Turtle files in ``folder`` (without the SHACL shapes), in a stable order."""
    return sorted(p for p in folder.glob("*.ttl") if p.name != "shapes.ttl")


def default_home() -> Path:
    """Where compiled stores are kept: ``$KAZKG_HOME``, else the user's cache folder."""
    env = os.environ.get(HOME_ENV)
    if env:
        return Path(env).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME")
    base = Path(cache).expanduser() if cache else Path.home() / ".cache"
    return base / "kazkg"


def default_sources_dir() -> Path | None:
    """The folder of source texts: ``$KAZKG_SOURCES``, else ``../shared/sources`` beside a
    source checkout, if it exists; ``None`` when neither is there."""
    env = os.environ.get(SOURCES_ENV)
    if env:
        return Path(env).expanduser().resolve()
    beside = _PACKAGE_DIR.parent.parent / "shared" / "sources"
    return beside.resolve() if beside.is_dir() else None


@dataclass(frozen=True)
class Workspace:
    """The inputs of one graph (ontology, data, source texts) and the store it compiles to."""

    ontology: Path
    graph: Path
    store: Path
    sources: Path | None = None
    """The folder of source texts (``None``: none on this machine, so quotes go unchecked)."""

    @classmethod
    def default(
        cls, graph: Path | None = None, store: Path | None = None, sources: Path | None = None
    ) -> Workspace:
        """The packaged ontology with ``graph`` (default: the packaged graph), ``store``
        (default: ``$KAZKG_HOME/store``) and ``sources`` (default: :func:`default_sources_dir`)."""
        return cls(
            ontology=ontology_dir(),
            graph=(graph or graph_dir()).resolve(),
            store=(store or default_home() / "store").resolve(),
            sources=sources.resolve() if sources is not None else default_sources_dir(),
        )

    def ontology_files(self) -> list[Path]:
        """The ontology's Turtle files (without the SHACL shapes)."""
        return ontology_files(self.ontology)

    def graph_files(self) -> list[Path]:
        """The data's Turtle files, in a stable order."""
        return sorted(self.graph.glob("*.ttl"))

    @property
    def shapes(self) -> Path:
        """The SHACL shapes file."""
        return self.ontology / "shapes.ttl"

    def source_text(self, identifier: str) -> Path | None:
        """The text of the source document whose file name is ``identifier``, if it is here."""
        if self.sources is None or Path(identifier).name != identifier:
            return None
        candidate = self.sources / identifier
        return candidate if candidate.is_file() else None
