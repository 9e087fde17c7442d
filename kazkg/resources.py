"""Where the ontology, the graph data and the named queries live.

Installed from a wheel, they ship inside the package (``kazkg/_data/``); in a source checkout
they are the top-level ``ontology/``, ``graph/`` and ``queries/`` folders.  Nothing here depends on
the current directory.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
_SOURCE_NAME = "trofimov-radicalization-of-islam-in-kazakhstan.txt"


def _data_root() -> Path:
    packaged = _PACKAGE_DIR / "_data"
    if (packaged / "ontology").is_dir():
        return packaged
    return _PACKAGE_DIR.parent


def ontology_dir() -> Path:
    """The folder holding ``kazkg.ttl`` (the ontology) and ``shapes.ttl`` (SHACL shapes)."""
    return _data_root() / "ontology"


def graph_dir() -> Path:
    """The folder of the graph's Turtle files, one per domain."""
    return _data_root() / "graph"


def queries_dir() -> Path:
    """The folder of named SPARQL queries (``*.rq``)."""
    return _data_root() / "queries"


def default_home() -> Path:
    """Where compiled stores are kept: ``$KAZKG_HOME``, else the user's cache folder."""
    env = os.environ.get("KAZKG_HOME")
    if env:
        return Path(env).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME")
    base = Path(cache).expanduser() if cache else Path.home() / ".cache"
    return base / "kazkg"


def find_source_text(identifier: str = _SOURCE_NAME, graph: Path | None = None) -> Path | None:
    """Locate the text of the source document named ``identifier``, if it is on this machine.

    Looks in ``$KAZKG_SOURCES`` (a folder), beside the graph's Turtle files, then in
    ``../shared/sources/`` beside a source checkout or the current directory.  The text is not
    shipped with the package; without it, quotes cannot be checked.
    """
    folders = []
    env = os.environ.get("KAZKG_SOURCES")
    if env:
        folders.append(Path(env).expanduser())
    if graph is not None:
        folders.append(graph)
    folders += [base.parent / "shared" / "sources" for base in (_PACKAGE_DIR.parent, Path.cwd())]
    for folder in folders:
        candidate = folder / identifier
        if candidate.is_file():
            return candidate
    return None


@dataclass(frozen=True)
class Layout:
    """The inputs of one graph (ontology, data) and the store it compiles to."""

    ontology: Path
    graph: Path
    store: Path

    @classmethod
    def default(cls, graph: Path | None = None, store: Path | None = None) -> Layout:
        """The packaged ontology with ``graph`` (default: the packaged graph) and ``store``."""
        return cls(
            ontology=ontology_dir(),
            graph=(graph or graph_dir()).resolve(),
            store=(store or default_home() / "store").resolve(),
        )

    def ontology_files(self) -> list[Path]:
        """The ontology's Turtle files (without the SHACL shapes)."""
        return sorted(p for p in self.ontology.glob("*.ttl") if p.name != "shapes.ttl")

    def graph_files(self) -> list[Path]:
        """The data's Turtle files, in a stable order."""
        return sorted(self.graph.glob("*.ttl"))

    @property
    def shapes(self) -> Path:
        """The SHACL shapes file."""
        return self.ontology / "shapes.ttl"
