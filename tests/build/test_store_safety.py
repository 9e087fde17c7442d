"""The store is never lost: a mistyped graph folder, a store of another graph, a killed build and
two builds at once all leave a working store behind; freshness is checked by time stamps first."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kazkg.build import build, ensure_built
from kazkg.build.evidence import sha256
from kazkg.build.store import current, is_fresh
from kazkg.errors import ForeignStoreError, InputError
from kazkg.resources import Workspace, graph_dir, ontology_dir

PREFIXES = """@prefix kz: <https://w3id.org/kazkg/ontology#> .
@prefix kzid: <https://w3id.org/kazkg/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
"""

SOURCE_TEXT = "alpha"
"""The text of the small graph's source document, ``doc.txt``."""

SMALL = (
    PREFIXES
    + """
kzid:doc a kz:SourceDocument ; rdfs:label "Doc"@en ; dcterms:identifier "doc.txt" ;
    kz:quote "alpha" ; prov:wasDerivedFrom kzid:doc ;
    kz:sha256 "{checksum}" .
kzid:a a kz:StateBody ; rdfs:label "Body A"@en ; kz:quote "alpha" ; prov:wasDerivedFrom kzid:doc .
"""
).replace("{checksum}", sha256(SOURCE_TEXT))


def small_graph(folder: Path, turtle: str = SMALL) -> Path:
    """A folder holding one small graph file."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "data.ttl").write_text(turtle, encoding="utf-8")
    return folder


def kazkg(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    """Run the command in a new process with its own store folder, and a sources folder beside
    it holding the small graph's source text (so that the run does not depend on which texts
    this machine has)."""
    sources = home.parent / "sources"
    sources.mkdir(parents=True, exist_ok=True)
    (sources / "doc.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    env = {**os.environ, "KAZKG_HOME": str(home), "KAZKG_SOURCES": str(sources)}
    return subprocess.run(
        [sys.executable, "-m", "kazkg.cli.main", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=600,
    )


def snapshot(store: Path) -> tuple[Path, bytes]:
    """The current version of a store and its manifest, to check that nothing changed."""
    compiled = current(store)
    assert compiled is not None
    return compiled.path, compiled.manifest_path.read_bytes()


def leftovers(store: Path) -> list[str]:
    """What a build should never leave behind: unfinished folders, temporary links, versions
    that are not current."""
    live = current(store)
    return sorted(
        entry.name
        for entry in store.iterdir()
        if entry.name.startswith((".building-", ".current-"))
        or (entry.name.startswith("v-") and (live is None or entry.resolve() != live.path))
    )


# -- item 1: a mistyped --graph-dir, a store of another graph ------------------------------


@pytest.mark.parametrize("folder", ["missing", "empty", "etc-like"])
def test_a_graph_folder_without_graph_files_fails_and_leaves_the_store(
    tmp_path: Path, folder: str
) -> None:
    good = small_graph(tmp_path / "graph")
    home = tmp_path / "home"
    assert kazkg("--graph-dir", str(good), "build", "-q", home=home).returncode == 0
    before = snapshot(home / "store")
    wrong = tmp_path / folder
    if folder == "empty":
        wrong.mkdir()
    elif folder == "etc-like":
        wrong.mkdir()
        (wrong / "passwd").write_text("root:x:0:0\n", encoding="utf-8")
    for command in (["trace", "Body A"], ["build", "-q"], ["export"]):
        result = kazkg("--graph-dir", str(wrong), *command, home=home)
        assert result.returncode == 1, (command, result.stderr)
        assert f"no graph files in {wrong}" in result.stderr
        assert "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert snapshot(home / "store") == before


def test_the_library_refuses_a_graph_folder_without_graph_files(tmp_path: Path) -> None:
    workspace = Workspace(ontology_dir(), tmp_path / "nowhere", tmp_path / "store")
    with pytest.raises(InputError, match="no graph files in"):
        ensure_built(workspace)
    with pytest.raises(InputError, match="no graph files in"):
        build(workspace)
    assert not (tmp_path / "store").exists()


def test_a_store_of_another_graph_is_not_replaced_by_the_packaged_graph(tmp_path: Path) -> None:
    other = small_graph(tmp_path / "other-graph")
    home = tmp_path / "home"
    store = tmp_path / "kept-store"
    built = kazkg("--graph-dir", str(other), "--store", str(store), "build", "-q", home=home)
    assert built.returncode == 0, built.stderr
    before = snapshot(store)
    for command in (["trace", "Body A"], ["stats"], ["build", "-q"]):
        result = kazkg("--store", str(store), *command, home=home)
        assert result.returncode == 1, (command, result.stdout)
        assert f"--graph-dir {other}" in result.stderr, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert snapshot(store) == before
    again = kazkg("--graph-dir", str(other), "--store", str(store), "trace", "Body A", home=home)
    assert again.returncode == 0, again.stderr
    assert "Body A" in again.stdout


def test_build_replace_replaces_a_store_of_another_graph(tmp_path: Path) -> None:
    first, second = small_graph(tmp_path / "first"), small_graph(tmp_path / "second")
    store = tmp_path / "store"
    build(Workspace(ontology_dir(), first, store), validate=False)
    with pytest.raises(ForeignStoreError, match=str(first.resolve())):
        build(Workspace(ontology_dir(), second, store), validate=False)
    report = build(Workspace(ontology_dir(), second, store), replace=True)
    assert report.manifest.graph_dir == str(second.resolve())


def test_the_packaged_graph_is_the_same_input_wherever_it_is_installed(tmp_path: Path) -> None:
    store = tmp_path / "store"
    report = build(Workspace(ontology_dir(), graph_dir(), store), validate=False)
    assert report.manifest.packaged_graph
    manifest = report.store.manifest_path
    text = manifest.read_text(encoding="utf-8")
    moved = text.replace(str(graph_dir().resolve()), str(tmp_path / "an-older-install" / "graph"))
    manifest.write_text(moved, encoding="utf-8")
    assert ensure_built(Workspace(ontology_dir(), graph_dir(), store)) == report.store


# -- item 4: a killed build, two builds at once --------------------------------------------


def test_a_build_killed_while_writing_leaves_nothing_the_next_build_keeps(tmp_path: Path) -> None:
    home = tmp_path / "home"
    store = home / "store"
    caught = False
    for _ in range(5):  # the write phase is short: try again if the build finished first
        process = subprocess.Popen(
            [sys.executable, "-m", "kazkg.cli.main", "build", "-q", "--no-validate"],
            env={**os.environ, "KAZKG_HOME": str(home)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        while process.poll() is None:
            if store.is_dir() and any(p.name.startswith(".building-") for p in store.iterdir()):
                process.send_signal(signal.SIGKILL)
                caught = True
                break
            time.sleep(0.002)
        process.wait()
        if caught:
            break
    assert caught, "no build was caught while writing"
    assert any(p.name.startswith(".building-") for p in store.iterdir())
    result = kazkg("build", "-q", "--no-validate", home=home)
    assert result.returncode == 0, result.stderr
    assert leftovers(store) == []
    assert current(store) is not None


def test_two_builds_at_once_both_print_a_store_that_exists(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {**os.environ, "KAZKG_HOME": str(home), "COLUMNS": "1000"}
    command = [sys.executable, "-m", "kazkg.cli.main", "build", "-q", "--no-validate"]
    processes = [
        subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    outputs = [process.communicate(timeout=600) for process in processes]
    printed = []
    for process, (out, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err
        found = re.search(r"-> (\S+)\s*$", out)
        assert found, out
        printed.append(Path(found.group(1)))
    for path in printed:
        assert path.is_dir(), f"{path} was printed but does not exist"
    assert leftovers(home / "store") == []


# -- freshness by size and time stamps first ------------------------------------------------


def test_freshness_is_checked_by_time_stamps_then_by_checksums(tmp_path: Path) -> None:
    graph = small_graph(tmp_path / "graph")
    workspace = Workspace(ontology_dir(), graph, tmp_path / "store")
    compiled = build(workspace, validate=False).store
    data = graph / "data.ttl"
    old = time.time() - 3600
    os.utime(data, (old, old))  # same content, another time stamp
    assert is_fresh(compiled, workspace)
    recorded = compiled.manifest().input_stats[f"{graph.name}/data.ttl"]
    assert recorded == [data.stat().st_size, data.stat().st_mtime_ns]
    data.write_text(SMALL.replace("Body A", "Body Z"), encoding="utf-8")  # same size
    os.utime(data, (old + 1, old + 1))
    assert not is_fresh(compiled, workspace)
    (graph / "more.ttl").write_text(PREFIXES, encoding="utf-8")
    assert not is_fresh(compiled, workspace)
