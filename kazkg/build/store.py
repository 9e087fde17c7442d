"""The compiled store: the reasoned graph, written once by ``build`` and opened by every query.

Workspace of a store folder::

    <store>/current -> <store>/v-<stamp>/     (a symlink, swapped atomically)
    <store>/v-<stamp>/oxigraph/               pyoxigraph's persistent store (the closure)
    <store>/v-<stamp>/closure.nt              the same triples as N-Triples (memory backend, export)
    <store>/v-<stamp>/manifest.json           inputs (folder, checksums, sizes, times), counts
    <store>/.lock                             held by the one build that writes at a time

A build writes a new version beside the current one and only then swaps the symlink, so a
failed build leaves the previous store intact.  Builds take the store's lock to write; under it,
whatever a killed build left behind is removed, and a build whose inputs were built into the
store by another one meanwhile keeps that one instead of writing its own.

A store remembers the graph folder it was built from: a build from another folder refuses to
replace it (:class:`~kazkg.errors.ForeignStoreError`) unless told to.  Freshness is checked by
the inputs' sizes and modification times first, and by their checksums only when those differ.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kazkg.errors import ForeignStoreError, InputError, StoreError
from kazkg.resources import Workspace, graph_dir

if TYPE_CHECKING:
    import pyoxigraph as ox

FORMAT_VERSION = 1
CURRENT = "current"
LOCK = ".lock"
BUILDING = ".building-"

RACY_NS = 2_000_000_000
"""A file modified less than this many nanoseconds before its checksum was taken may change
again within the same time stamp: its size and time are not trusted, its checksum is."""


def input_files(layout: Workspace) -> dict[str, Path]:
    """Every input file (ontology, shapes, graph) by a stable name (``folder/file``)."""
    files = [*layout.ontology_files(), layout.shapes, *layout.graph_files()]
    return {f"{path.parent.name}/{path.name}": path for path in files if path.is_file()}


def _sha256(path: Path) -> str:
    import hashlib

    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def input_checksums(layout: Workspace) -> dict[str, str]:
    """SHA-256 of every input file (ontology, shapes, graph), keyed by a stable name."""
    return {key: _sha256(path) for key, path in input_files(layout).items()}


@dataclass(frozen=True)
class Inputs:
    """What a build reads: each input file's checksum, and its size and time stamp."""

    checksums: dict[str, str]
    stats: dict[str, list[int]]
    """``[size, mtime_ns]`` of each file whose time stamp can be trusted (see :data:`RACY_NS`)."""


def _stat(path: Path) -> list[int]:
    status = path.stat()
    return [status.st_size, status.st_mtime_ns]


def read_inputs(layout: Workspace) -> Inputs:
    """The checksums, sizes and time stamps of ``layout``'s input files, taken now."""
    checksums: dict[str, str] = {}
    stats: dict[str, list[int]] = {}
    for key, path in input_files(layout).items():
        stat = _stat(path)
        checksums[key] = _sha256(path)
        if time.time_ns() - stat[1] > RACY_NS:
            stats[key] = stat
    return Inputs(checksums, stats)


def require_graph_files(layout: Workspace) -> list[Path]:
    """The graph files of ``layout``; an :class:`~kazkg.errors.InputError` if there are none
    (a mistyped folder must not build a store of the ontology alone)."""
    if not layout.graph.is_dir():
        raise InputError(f"no graph files in {layout.graph}: no such folder")
    files = layout.graph_files()
    if not files:
        raise InputError(f"no graph files in {layout.graph}: it holds no *.ttl file")
    return files


def is_packaged_graph(folder: Path) -> bool:
    """Whether ``folder`` is the graph that ships with the package (wherever it is installed)."""
    return folder.resolve() == graph_dir().resolve()


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
    packaged_graph: bool = False
    """Whether it was built from the packaged graph (then any installed copy of it will do)."""
    input_stats: dict[str, list[int]] = field(default_factory=dict)
    """``[size, mtime_ns]`` of the inputs whose checksums ``inputs`` records."""

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

    def same_graph(self, layout: Workspace) -> bool:
        """Whether this store was built from ``layout``'s graph folder."""
        if self.packaged_graph and is_packaged_graph(layout.graph):
            return True
        return Path(self.graph_dir) == layout.graph.resolve()

    def built_from(self) -> Path | None:
        """The graph folder this store was built from (``None``: the packaged graph)."""
        return None if self.packaged_graph else Path(self.graph_dir)


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
        import pyoxigraph as ox

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


def _remember_stats(
    compiled: CompiledStore, manifest: Manifest, stats: dict[str, list[int]]
) -> None:
    """Record the inputs' current sizes and times after their checksums matched, so the next
    check is by time stamps again (best effort: a read-only store keeps checking checksums)."""
    updated = replace(manifest, input_stats=stats)
    temporary = compiled.path / f".manifest-{os.getpid()}.json"
    try:
        temporary.write_text(updated.to_json(), encoding="utf-8")
        temporary.replace(compiled.manifest_path)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()


def is_fresh(compiled: CompiledStore, layout: Workspace) -> bool:
    """Whether ``compiled`` was built from exactly the inputs ``layout`` has now.

    Sizes and modification times are compared first; only the files whose size or time differ
    from the build's are read and compared by checksum.
    """
    try:
        manifest = compiled.manifest()
    except StoreError:
        return False
    if not manifest.same_graph(layout):
        return False
    files = input_files(layout)
    if files.keys() != manifest.inputs.keys():
        return False
    stats = {key: _stat(path) for key, path in files.items()}
    changed = [key for key, stat in stats.items() if manifest.input_stats.get(key) != stat]
    if not changed:
        return True
    if any(_sha256(files[key]) != manifest.inputs[key] for key in changed):
        return False
    now = time.time_ns()
    _remember_stats(compiled, manifest, {k: v for k, v in stats.items() if now - v[1] > RACY_NS})
    return True


def check_replaceable(store_root: Path, layout: Workspace) -> None:
    """Refuse (:class:`~kazkg.errors.ForeignStoreError`) to replace a store that was built
    from another graph folder than ``layout``'s."""
    existing = current(store_root)
    if existing is None:
        return
    try:
        manifest = existing.manifest()
    except StoreError:
        return  # unreadable or of another format: nothing worth keeping
    if not manifest.same_graph(layout):
        raise ForeignStoreError(store_root, manifest.built_from(), layout.graph)


@contextlib.contextmanager
def store_lock(store_root: Path) -> Iterator[None]:
    """Hold the lock of ``store_root`` (waiting for it): one build writes at a time."""
    import fcntl

    try:
        store_root.mkdir(parents=True, exist_ok=True)
        handle = (store_root / LOCK).open("a+b")
    except OSError as error:
        raise StoreError(
            f"{store_root}: cannot write the store folder ({error.strerror or error})"
        ) from None
    with handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def remove_leftovers(store_root: Path) -> None:
    """Delete what killed builds left in ``store_root``: ``.building-*`` folders, temporary
    links, and versions the ``current`` link does not point to.  Call it holding the lock."""
    import shutil

    live = current(store_root)
    for entry in store_root.iterdir():
        name = entry.name
        if name.startswith(BUILDING) or (name.startswith("v-") and entry.is_dir()):
            if live is None or entry.resolve() != live.path:
                shutil.rmtree(entry, ignore_errors=True)
        elif name.startswith(f".{CURRENT}-") and entry.is_symlink():
            entry.unlink(missing_ok=True)


@contextlib.contextmanager
def new_version(store_root: Path) -> Iterator[CompiledStore]:
    """Yield a fresh folder to build into; on success make it current, on failure delete it.

    The caller holds :func:`store_lock`.
    """
    import shutil

    store_root.mkdir(parents=True, exist_ok=True)
    stamp = f"v-{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}"
    building = store_root / f"{BUILDING}{stamp}"
    try:
        building.mkdir()
    except OSError as error:
        raise StoreError(f"{store_root}: cannot write ({error.strerror or error})") from None
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


def publish(
    layout: Workspace,
    manifest: Manifest,
    write: Callable[[CompiledStore], None],
    *,
    since: CompiledStore | None,
    replace_foreign: bool = False,
) -> CompiledStore:
    """Make a new version of ``layout``'s store with ``write`` and ``manifest``; return it.

    Under the store's lock: leftovers of killed builds are removed; a store built from another
    graph folder is not replaced unless ``replace_foreign``; and if another build of the same
    inputs became current since ``since`` (the version current when this build began), that one
    is kept and returned instead of writing a second copy.
    """
    root = layout.store
    with store_lock(root):
        remove_leftovers(root)
        if not replace_foreign:
            check_replaceable(root, layout)
        existing = current(root)
        if existing is not None and existing != since and _same_build(existing, manifest):
            return existing
        with new_version(root) as compiled:
            write(compiled)
            compiled.manifest_path.write_text(manifest.to_json(), encoding="utf-8")
        final = current(root)
    assert final is not None
    return final


def _same_build(compiled: CompiledStore, manifest: Manifest) -> bool:
    """Whether ``compiled`` was built from the inputs ``manifest`` records."""
    try:
        other = compiled.manifest()
    except StoreError:
        return False
    return other.graph_dir == manifest.graph_dir and other.inputs == manifest.inputs
