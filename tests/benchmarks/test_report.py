"""The benchmark's report: ratios against the reference, targets met or missed, the plot."""

from __future__ import annotations

from pathlib import Path

from benchmarks.harness import Figure, Results, SizeInfo
from benchmarks.report import markdown, plot, targets


def results(lineage_large: float = 0.0008, aggregate_rdflib: float | None = 10.0) -> Results:
    """A small, made-up result set over two sizes and the real graph."""
    found = Results(started="2025-01-01 00:00:00", machine={"cpus": 2, "memory_gib": 23}, config={})
    found.sizes = [
        SizeInfo("10000", 10_000, 130_000, 320_000),
        SizeInfo("100000", 100_000, 1_300_000, 3_200_000),
    ]
    figures = [
        ("10000", "lineage", "oxigraph", 0.0008, 8),
        ("100000", "lineage", "oxigraph", lineage_large, 8),
        ("100000", "lineage", "reference", 0.00001, 8),
        ("10000", "aggregate", "oxigraph", 0.02, 52),
        ("100000", "aggregate", "oxigraph", 0.2, 52),
        ("100000", "aggregate", "reference", aggregate_rdflib, 52),
        ("10000", "as-of", "oxigraph", 0.01, 20),
        ("100000", "as-of", "oxigraph", 0.15, 200),
        ("100000", "build", "oxigraph", 25.0, None),
        ("real", "cli-trace", "oxigraph", 0.09, None),
        ("real", "cli-trace", "reference", 0.10, None),
    ]
    found.figures = [Figure(s, m, b, v, rows=r) for s, m, b, v, r in figures]
    return found


def verdicts(found: Results) -> dict[str, bool | None]:
    return {check.target.split(" at ")[0]: check.met for check in targets(found)}


def test_targets_are_checked_at_the_largest_size() -> None:
    met = verdicts(results())
    assert met["lineage in-process < 1 ms"] is True
    assert met["aggregate ≥ 40× faster than rdflib"] is True
    assert met["build (load) ≤ 30 s"] is True
    assert met["kazkg trace NAME ≤ python -c 'import rdflib'"] is True
    assert met["re-open a built store < 1 s"] is None


def test_a_slower_lineage_and_a_closer_rdflib_are_missed() -> None:
    met = verdicts(results(lineage_large=0.004, aggregate_rdflib=1.0))
    assert met["lineage in-process < 1 ms"] is False
    assert met["aggregate ≥ 40× faster than rdflib"] is False
    assert met["trace costs the same"] is False


def test_a_cost_growing_faster_than_its_result_is_named() -> None:
    found = results()
    found.figures.append(Figure("10000", "hardest-query", "oxigraph", 0.01, rows=10))
    found.figures.append(Figure("100000", "hardest-query", "oxigraph", 1.0, rows=10))
    check = next(c for c in targets(found) if c.target.startswith("no query's cost"))
    assert check.met is False and "hardest-query" in check.measured
    assert "as-of" not in check.measured  # its result grew about as much as its cost
    assert "aggregate" not in check.measured  # it counts everything: its work is the data


def test_markdown_shows_each_figure_with_its_ratio_to_the_reference() -> None:
    text = markdown(results())
    assert "| lineage of a chain | 8 |" in text
    assert "(80×)" in text  # 0.8 ms against networkx's 10 µs
    assert "3,200,000 stored triples" in text


def test_results_survive_a_round_trip_through_json() -> None:
    found = results()
    assert Results.from_json(found.to_json()) == found


def test_the_plot_is_written(tmp_path: Path) -> None:
    path = tmp_path / "bench.png"
    plot(results(), path)
    assert path.read_bytes().startswith(b"\x89PNG")
