"""The compiled store: the reasoned graph, written once by ``build`` and opened by every query.

Workspace of a store folder::

    <store>/current -> <store>/v-<stamp>/     (a symlink, swapped atomically)
    <store>/v-<stamp>/oxigraph/               pyoxigraph's persistent store (the closure)
    <store>/v-<stamp>/closure.nt              the same triples as N-Triples (memory backend, export)
    <store>/v-<stamp>/manifest.json           inputs' checksums, counts, format version

A build writes a new version beside the current one and only then swaps the symlink, so a
failed build leaves the previous store intact.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kazkg.errors import StoreError
from kazkg.resources import Workspace

FORMAT_VERSION = 1
CURRENT = "current"


def input_checksums(layout: Workspace) -> dict[str, str]:
    """SHA-256 of every input file (ontology, shapes, graph), keyed by a stable name."""
    files = [*layout.ontology_files(), layout.shapes, *layout.graph_files()]
    return {
        f"{path.parent.name}/{path.name}": hashlib.sha256(path.read_bytes()).hexdigest()
        for path in files
        if path.is_file()
    }


@dataclass
class Manifest:
    """What a compiled store was built from, and what it holds."""

    format: int
    graph_dir: str
    inputs: dict[str, str]
    triples: int
    asserted_triples: int
    built_at: str
    entities_per_class: dict[str, int] = field(default_factory=dict)
    facts_per_kind: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> str:
        """Serialise for ``manifest.json``."""
        return json.dumps(asdict(self), indent=2, sort_keys=True)

    @classmethod
    def read(cls, path: Path) -> Manifest:
        """Read ``manifest.json``; a missing or foreign file is a :class:`StoreError`."""
        try:
            data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            manifest = cls(**data)
        except (OSError, ValueError, TypeError) as error:
            raise StoreError(f"{path}: not a kazkg store manifest ({error})") from None
        if manifest.format != FORMAT_VERSION:
            raise StoreError(f"{path}: store format {manifest.format}, expected {FORMAT_VERSION}")
        return manifest


@dataclass(frozen=True)
class CompiledStore:
    """One version of a compiled store on disk."""

    path: Path

    @property
    def oxigraph_dir(self) -> Path:
        """pyoxigraph's store folder."""
        return self.path / "oxigraph"

    @property
    def ntriples(self) -> Path:
        """The closure as N-Triples."""
        return self.path / "closure.nt"

    @property
    def manifest_path(self) -> Path:
        """``manifest.json``."""
        return self.path / "manifest.json"

    def manifest(self) -> Manifest:
        """The store's manifest."""
        return Manifest.read(self.manifest_path)

    def open_oxigraph(self) -> ox.Store:
        """Open the persistent pyoxigraph store read-only."""
        try:
            return ox.Store.read_only(str(self.oxigraph_dir))
        except OSError as error:
            raise StoreError(f"{self.oxigraph_dir}: cannot open store ({error})") from None


def current(store_root: Path) -> CompiledStore | None:
    """The current compiled store under ``store_root``, if one was built."""
    link = store_root / CURRENT
    if not link.exists():
        return None
    return CompiledStore(link.resolve())


def is_fresh(compiled: CompiledStore, layout: Workspace) -> bool:
    """Whether ``compiled`` was built from exactly the inputs ``layout`` has now."""
    try:
        manifest = compiled.manifest()
    except StoreError:
        return False
    return manifest.graph_dir == str(layout.graph) and manifest.inputs == input_checksums(layout)


@contextlib.contextmanager
def new_version(store_root: Path) -> Iterator[CompiledStore]:
    """Yield a fresh folder to build into; on success make it current, on failure delete it."""
    store_root.mkdir(parents=True, exist_ok=True)
    stamp = f"v-{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}"
    building = store_root / f".building-{stamp}"
    building.mkdir()
    try:
        yield CompiledStore(building)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    final = store_root / stamp
    building.rename(final)
    previous = current(store_root)
    tmp_link = store_root / f".{CURRENT}-{stamp}"
    tmp_link.symlink_to(final.name)
    tmp_link.replace(store_root / CURRENT)
    if previous is not None and previous.path != final:
        shutil.rmtree(previous.path, ignore_errors=True)
