"""The benchmark's report: ratios against the reference, targets met or missed, the plot, the
tables written into the documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.harness import Figure, Results, SizeInfo
from benchmarks.report import (
    markdown,
    markdown_targets,
    plot,
    replace_section,
    target_records,
    targets,
)
from kazkg.errors import KazkgError


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
        ("10000", "named:members-of", "oxigraph", 0.002, 3),
        ("100000", "named:members-of", "oxigraph", 0.003, 3),
        ("100000", "build-cli", "oxigraph", 75.0, None),
        ("100000", "build-novalidate-cli", "oxigraph", 25.0, None),
        ("100000", "cli-trace", "oxigraph", 0.05, None),
        ("100000", "cli-trace", "reference", 0.10, None),
        ("real", "cli-trace", "oxigraph", 0.09, None),
        ("real", "cli-trace", "reference", 0.10, None),
    ]
    found.figures = [Figure(s, m, b, v, rows=r) for s, m, b, v, r in figures]
    return found


def verdicts(found: Results) -> dict[str, bool | None]:
    return {check.key: check.met for check in targets(found)}


def test_targets_are_checked_at_the_largest_size() -> None:
    met = verdicts(results())
    assert met["lineage"] is True
    assert met["aggregate"] is True
    assert met["build-validated"] is False  # 75 s against 60 s
    assert met["build-unvalidated"] is True
    assert met["trace-start-large"] is True  # 0.5× against 0.6×
    assert met["trace-start-real"] is False  # 0.9× against 0.5×
    assert met["reopen"] is None
    assert met["cost-follows-result"] is True


def test_a_slower_lineage_and_a_closer_rdflib_are_missed() -> None:
    met = verdicts(results(lineage_large=0.004, aggregate_rdflib=1.0))
    assert met["lineage"] is False
    assert met["aggregate"] is False
    assert met["lineage-flat"] is False


def test_a_cost_growing_faster_than_its_result_is_named() -> None:
    found = results()
    found.figures.append(Figure("10000", "named:changes-in-year", "oxigraph", 0.01, rows=10))
    found.figures.append(Figure("100000", "named:changes-in-year", "oxigraph", 1.0, rows=10))
    check = next(c for c in targets(found) if c.key == "cost-follows-result")
    assert check.met is False and "named:changes-in-year" in check.shown
    assert "as-of" not in check.shown  # its result grew about as much as its cost
    assert "aggregate" not in check.shown  # it counts everything: its work is the data
    assert check.measured == pytest.approx(100)


def test_every_target_is_a_record_with_name_measured_target_and_met() -> None:
    records = target_records(results())
    assert records and all({"name", "measured", "target", "met"} <= set(r) for r in records)
    build = next(r for r in records if r["key"] == "build-validated")
    assert (build["measured"], build["target"], build["met"]) == (75.0, 60.0, False)
    found = results()
    found.targets = records
    assert Results.from_json(found.to_json()).targets == records


def test_markdown_shows_each_figure_with_its_ratio_to_the_reference() -> None:
    text = markdown(results())
    assert "| lineage of a chain | 8 |" in text
    assert "(80×)" in text  # 0.8 ms against networkx's 10 µs
    assert "3,200,000 stored triples" in text
    assert "| members-of | 2 ms (3 rows) | 3 ms (3 rows) |" in text
    assert (
        "| kazkg build (validated; new process) ≤ 60 s at 100,000 entities | 75.00 s | **missed** |"
        in text
    )


def test_the_targets_table_replaces_a_marked_section_and_only_it(tmp_path: Path) -> None:
    page = tmp_path / "README.md"
    page.write_text("before\n<!-- bench:targets -->\nold\n<!-- /bench:targets -->\nafter\n")
    replace_section(page, "targets", markdown_targets(results()))
    text = page.read_text()
    assert text.startswith("before\n<!-- bench:targets -->\n| target | measured | |")
    assert "old" not in text and text.endswith("<!-- /bench:targets -->\nafter\n")
    with pytest.raises(KazkgError, match="no <!-- bench:tables -->"):
        replace_section(page, "tables", "x")


def test_results_survive_a_round_trip_through_json() -> None:
    found = results()
    assert Results.from_json(found.to_json()) == found


def test_the_plot_is_written(tmp_path: Path) -> None:
    path = tmp_path / "bench.png"
    plot(results(), path)
    assert path.read_bytes().startswith(b"\x89PNG")


def test_rdflib_out_of_time_makes_the_timeout_a_lower_bound_of_the_aggregate() -> None:
    found = results(aggregate_rdflib=None)
    found.config = {"timeout": 120}
    found.figures = [
        f for f in found.figures if (f.measure, f.backend) != ("aggregate", "reference")
    ]
    found.figures.append(Figure("100000", "open", "memory", None, note="timeout > 120 s"))
    check = next(c for c in targets(found) if c.key == "aggregate")
    assert check.met is True and check.measured == pytest.approx(600)
    assert "rdflib did not open the graph within 120 s" in check.shown
    found.figures = [f for f in found.figures if f.measure != "open"]
    assert next(c for c in targets(found) if c.key == "aggregate").met is None
