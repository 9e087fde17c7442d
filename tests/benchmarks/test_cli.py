"""``kazkg bench``: generate a graph from the command line, show an earlier run's results."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.cli import main
from benchmarks.generate import read_generated
from benchmarks.harness import Figure, Results


def test_bench_generate_writes_a_graph_of_the_size_asked_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["generate", "--entities", "500", "--seed", "9", "-o", str(tmp_path)]) == 0
    graph = read_generated(tmp_path)
    assert (graph.entities, graph.seed) == (500, 9)
    assert "500 entities" in capsys.readouterr().out


def test_bench_report_prints_the_results_of_an_earlier_run_as_markdown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    found = Results(started="2025-01-01", machine={}, config={})
    found.figures = [
        Figure("real", "cli-trace", "oxigraph", 0.09),
        Figure("real", "cli-trace", "reference", 0.1),
    ]
    path = tmp_path / "bench.json"
    path.write_text(found.to_json(), encoding="utf-8")
    assert main(["report", str(path), "--markdown"]) == 0
    out = capsys.readouterr().out
    assert "| kazkg trace NAME · new process |  |  | 90 ms (0.9×) |" in out


def test_bench_report_of_a_file_that_is_not_a_result_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "other.json"
    path.write_text(json.dumps({"hello": 1}), encoding="utf-8")
    assert main(["report", str(path)]) == 1
    assert capsys.readouterr().err.startswith("benchmarks: error: ")


def test_bench_sizes_below_one_state_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["run", "--sizes", "10"])
    assert "at least 100" in capsys.readouterr().err
