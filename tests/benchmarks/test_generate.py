"""The synthetic graph generator: deterministic, valid by the real graph's own rules, and
answering every named query and ``trace`` alike on every backend."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.generate import (
    METADATA_FILE,
    TURTLE_FILES,
    GeneratedGraph,
    generate,
    read_generated,
)
from benchmarks.questions import named_query_parameters
from kazkg.build import BuildReport
from kazkg.errors import KazkgError
from kazkg.query import named as queries
from kazkg.query import resolve, trace
from kazkg.query.backends.base import Backend
from kazkg.vocab import KZID

from .conftest import ENTITIES, SEED


def files_of(graph: GeneratedGraph) -> dict[str, bytes]:
    names = [*TURTLE_FILES, graph.source.name, METADATA_FILE]
    return {name: (graph.directory / name).read_bytes() for name in names}


def test_the_same_size_and_seed_give_byte_identical_files(
    generated: GeneratedGraph, tmp_path: Path
) -> None:
    again = generate(tmp_path / "again", ENTITIES, SEED)
    assert files_of(again) == files_of(generated)


def test_another_seed_gives_another_graph(generated: GeneratedGraph, tmp_path: Path) -> None:
    other = generate(tmp_path / "other", ENTITIES, SEED + 1)
    assert files_of(other)["agencies.ttl"] != files_of(generated)["agencies.ttl"]
    assert other.entities == generated.entities


def test_the_description_written_beside_the_graph_reads_back(generated: GeneratedGraph) -> None:
    assert read_generated(generated.directory) == generated


def test_the_first_state_and_its_probes_are_the_same_at_every_size(
    generated: GeneratedGraph, tmp_path: Path
) -> None:
    larger = generate(tmp_path / "larger", ENTITIES * 3, SEED)
    assert larger.probes == generated.probes
    assert larger.entities == ENTITIES * 3


def test_a_graph_smaller_than_one_state_is_refused(tmp_path: Path) -> None:
    with pytest.raises(KazkgError, match="at least"):
        generate(tmp_path / "tiny", 10)


def test_the_graph_builds_and_validates_like_the_real_one(generated_build: BuildReport) -> None:
    assert generated_build.quotes_checked, "every quote was checked against the synthetic text"
    assert generated_build.warnings == []


def test_it_holds_exactly_the_entities_asked_for_with_about_ten_triples_each(
    generated: GeneratedGraph, generated_build: BuildReport
) -> None:
    manifest = generated_build.manifest
    assert sum(manifest.entities_per_class.values()) == ENTITIES == generated.entities
    assert 8 <= generated.triples / generated.entities <= 16


def test_it_has_every_kind_of_fact_the_benchmark_asks_about(
    generated_build: BuildReport,
) -> None:
    kinds = generated_build.manifest.facts_per_kind
    for kind in ("Succession", "Subordination", "Responsibility", "Amendment", "Replacement"):
        assert kinds.get(kind), kind
    for kind in ("Membership", "Ban", "Establishment", "Adoption", "Statistic", "Assertion"):
        assert kinds.get(kind), kind


def test_succession_chains_have_merges_and_splits(generated_oxigraph: Backend) -> None:
    backend = generated_oxigraph
    merges = backend.select(
        "SELECT ?b WHERE { ?f1 <http://www.w3.org/ns/org#resultingOrganization> ?b . "
        "?f2 <http://www.w3.org/ns/org#resultingOrganization> ?b . FILTER(?f1 != ?f2) }"
    )
    splits = backend.select(
        "SELECT ?a WHERE { ?f1 <http://www.w3.org/ns/org#originalOrganization> ?a . "
        "?f2 <http://www.w3.org/ns/org#originalOrganization> ?a . FILTER(?f1 != ?f2) }"
    )
    assert merges.rows and splits.rows


def test_the_probes_name_what_they_say(
    generated: GeneratedGraph, generated_oxigraph: Backend
) -> None:
    backend, probes = generated_oxigraph, generated.probes
    last = probes.chain[-1]
    assert resolve.resolve(backend, probes.label) == last
    assert resolve.resolve(backend, probes.alias) == last
    assert resolve.resolve(backend, probes.fuzzy) == last
    line = trace.lineage(backend, probes.holder, as_of=probes.as_of)
    assert [s.iri for s in line.steps if s.iri in probes.chain] == probes.chain
    assert [s.iri for s in line.steps if s.current and s.iri in probes.chain] == [probes.holder]
    assert all(iri.startswith(KZID) for iri in (probes.state, probes.law, probes.group))


@pytest.fixture(scope="module")
def parameters(small: GeneratedGraph) -> dict[str, dict[str, str]]:
    """Parameters with answers in the small generated graph, per named query."""
    return named_query_parameters(small.probes)


@pytest.mark.server
@pytest.mark.parametrize("name", [q.name for q in queries.catalogue() if q.form == "SELECT"])
def test_every_named_query_answers_alike_on_every_backend(
    name: str, parameters: dict[str, dict[str, str]], small_backends: dict[str, Backend]
) -> None:
    query = queries.get(name)
    if any(p.required for p in query.parameters) and name not in parameters:
        pytest.fail(f"the probes give no value for a required parameter of {name}")
    answers = {
        kind: queries.run(backend, name, parameters.get(name))
        for kind, backend in small_backends.items()
    }
    for kind, table in answers.items():
        assert table.variables == answers["oxigraph"].variables, kind
        assert table.rows == answers["oxigraph"].rows, kind


@pytest.mark.server
def test_most_named_queries_have_answers_in_the_generated_graph(
    parameters: dict[str, dict[str, str]], small_backends: dict[str, Backend]
) -> None:
    backend = small_backends["oxigraph"]
    answered = {
        q.name for q in queries.catalogue() if queries.run(backend, q, parameters.get(q.name)).rows
    }
    assert len(answered) >= len(queries.catalogue()) - 2, sorted(answered)


@pytest.mark.server
def test_trace_gives_the_same_lineage_on_every_backend(
    small: GeneratedGraph, small_backends: dict[str, Backend]
) -> None:
    probes = small.probes
    lines = {
        kind: trace.trace(backend, probes.label, as_of=probes.as_of).to_json()
        for kind, backend in small_backends.items()
    }
    for kind, line in lines.items():
        assert line == lines["oxigraph"], kind
    assert len(lines["oxigraph"]["steps"]) >= len(probes.chain)
