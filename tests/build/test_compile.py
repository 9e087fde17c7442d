"""``build``: parse, reason, validate, compile — and fail clearly, leaving the old store intact."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kazkg.build import BuildReport, build
from kazkg.build.store import current
from kazkg.errors import TurtleSyntaxError, ValidationError
from kazkg.resources import Workspace, ontology_dir

PREFIXES = """@prefix kz: <https://w3id.org/kazkg/ontology#> .
@prefix kzid: <https://w3id.org/kazkg/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
"""

VALID = (
    PREFIXES
    + """
kzid:doc a kz:SourceDocument ; rdfs:label "Doc"@en ; kz:quote "alpha" ;
    <http://purl.org/dc/terms/identifier> "doc.txt" ; prov:wasDerivedFrom kzid:doc ;
    kz:sha256 "0000000000000000000000000000000000000000000000000000000000000000" .
kzid:a a kz:StateBody ; rdfs:label "Body A"@en ; kz:quote "alpha" ; prov:wasDerivedFrom kzid:doc .
kzid:b a kz:StateBody ; rdfs:label "Body B"@en ; kz:quote "beta" ; prov:wasDerivedFrom kzid:doc .
kzid:fact-a-to-b a kz:Succession ; org:originalOrganization kzid:a ; org:resultingOrganization kzid:b ;
    kz:date "2011"^^xsd:gYear ; kz:quote "alpha became beta" ; prov:wasDerivedFrom kzid:doc .
"""
)


def small_layout(tmp_path: Path, turtle: str) -> Workspace:
    graph = tmp_path / "graph"
    graph.mkdir(exist_ok=True)
    (graph / "data.ttl").write_text(turtle, encoding="utf-8")
    return Workspace(ontology=ontology_dir(), graph=graph, store=tmp_path / "store")


def run_cli(*args: str, workspace: Workspace) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "kazkg.cli.main",
            "--graph-dir",
            str(workspace.graph),
            "--store",
            str(workspace.store),
            *args,
        ],
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_real_graph_builds_and_conforms(build_report: BuildReport) -> None:
    manifest = build_report.manifest
    assert manifest.triples > manifest.asserted_triples > 3000
    assert build_report.inferred_triples == manifest.triples - manifest.asserted_triples
    assert build_report.quotes_checked is None or build_report.quotes_checked > 300


def test_the_build_counts_entities_per_class_and_facts_per_kind(build_report: BuildReport) -> None:
    entities = build_report.manifest.entities_per_class
    facts = build_report.manifest.facts_per_kind
    for kind in (
        "StateBody",
        "Ministry",
        "Law",
        "CodeArticle",
        "InternationalOrganization",
        "Person",
        "State",
    ):
        assert entities.get(kind, 0) > 0, kind
    for kind in (
        "Succession",
        "Subordination",
        "Membership",
        "Ban",
        "ArticleRenumbering",
        "Adoption",
    ):
        assert facts.get(kind, 0) > 0, kind
    assert sum(entities.values()) >= 170


def test_a_small_valid_graph_builds(tmp_path: Path) -> None:
    report = build(small_layout(tmp_path, VALID), validate=True)
    assert report.manifest.facts_per_kind == {"Succession": 1}
    assert report.store.ntriples.is_file() and report.store.oxigraph_dir.is_dir()


def test_broken_turtle_names_the_file_and_line(tmp_path: Path) -> None:
    workspace = small_layout(
        tmp_path, PREFIXES + '\nkzid:a a kz:StateBody ;\n  rdfs:label "unterminated .\n'
    )
    with pytest.raises(TurtleSyntaxError) as caught:
        build(workspace)
    assert caught.value.path.name == "data.ttl"
    assert caught.value.line == 9


def test_broken_turtle_on_the_command_line_is_one_line_and_exit_1(tmp_path: Path) -> None:
    workspace = small_layout(tmp_path, PREFIXES + "\nkzid:a a kz:StateBody ;;; ] .\n")
    result = run_cli("build", workspace=workspace)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert f"{workspace.graph / 'data.ttl'}:8:" in lines[0]


def test_a_shacl_violation_names_focus_node_path_and_message(tmp_path: Path) -> None:
    bad = VALID.replace('kz:date "2011"^^xsd:gYear ;', 'kz:date "in 2011" ;')
    with pytest.raises(ValidationError) as caught:
        build(small_layout(tmp_path, bad))
    found = [(v.focus, v.path) for v in caught.value.violations]
    assert (
        "https://w3id.org/kazkg/id/fact-a-to-b",
        "https://w3id.org/kazkg/ontology#date",
    ) in found


def test_a_shacl_violation_on_the_command_line_lists_it_and_exits_1(tmp_path: Path) -> None:
    bad = VALID.replace("org:resultingOrganization kzid:b ;", "")
    result = run_cli("build", workspace=small_layout(tmp_path, bad))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "fact-a-to-b" in result.stderr and "resultingOrganization" in result.stderr


def test_an_undeclared_term_and_a_dangling_reference_are_violations(tmp_path: Path) -> None:
    bad = VALID.replace(
        "org:resultingOrganization kzid:b", "org:resultingOrganization kzid:nowhere ; kz:dat 1"
    )
    with pytest.raises(ValidationError) as caught:
        build(small_layout(tmp_path, bad))
    text = str(caught.value)
    assert "https://w3id.org/kazkg/id/nowhere" in text
    assert "https://w3id.org/kazkg/ontology#dat" in text


def test_a_failed_build_leaves_the_previous_store_intact(tmp_path: Path) -> None:
    workspace = small_layout(tmp_path, VALID)
    first = build(workspace)
    before = first.store.ntriples.read_bytes()
    (workspace.graph / "data.ttl").write_text(PREFIXES + "kzid:a a ;", encoding="utf-8")
    with pytest.raises(TurtleSyntaxError):
        build(workspace)
    survivor = current(workspace.store)
    assert survivor is not None and survivor.path == first.store.path
    assert survivor.ntriples.read_bytes() == before
    assert [p.name for p in workspace.store.iterdir() if p.name.startswith(".building")] == []


def test_a_rebuild_replaces_the_store_and_removes_the_old_version(tmp_path: Path) -> None:
    workspace = small_layout(tmp_path, VALID)
    first = build(workspace)
    second = build(workspace)
    assert second.store.path != first.store.path
    assert not first.store.path.exists()
    shutil.rmtree(workspace.store)
