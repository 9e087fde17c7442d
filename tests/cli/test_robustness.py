"""Nothing hangs, nothing ends in "internal error": Ctrl-C, time limits, long values, files that
cannot be written, bad options, inputs that make no sense, ``--version`` and a closed pipe."""

from __future__ import annotations

import importlib.metadata
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import kazkg
from kazkg.build.store import CompiledStore
from kazkg.resources import Workspace

Run = Callable[..., Any]

CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
"""A query no engine finishes on the real graph (10^12 solutions)."""

SLOW_IN_RDFLIB = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"
"""A query rdflib takes many minutes over (10^8 solutions)."""


def start(workspace: Workspace, *args: str) -> subprocess.Popen[str]:
    """Start ``kazkg --store <session store> *args`` in a new process."""
    return subprocess.Popen(
        [sys.executable, "-m", "kazkg.cli.main", "--store", str(workspace.store), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )


def finish(process: subprocess.Popen[str], within: float) -> tuple[int, str, str]:
    """Wait for ``process`` (killing it if it hangs past ``within`` seconds); its status and
    output.  A hang fails the test; this is not a measurement."""
    try:
        out, err = process.communicate(timeout=within)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        pytest.fail(f"still running {within} s later: {process.args}")
    return process.returncode, out, err


def one_clear_line(err: str) -> str:
    """The single line of an error message (no traceback, no internal error)."""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err and "internal error" not in err
    return lines[0]


# -- item 6: Ctrl-C and time limits on embedded queries ------------------------------------


def test_ctrl_c_stops_an_embedded_query_with_status_130(
    workspace: Workspace, compiled: CompiledStore
) -> None:
    process = start(workspace, "sparql", "--timeout", "3600", CARTESIAN)
    time.sleep(3)  # started, store open, deep in the query
    assert process.poll() is None
    process.send_signal(signal.SIGINT)
    status, _, err = finish(process, within=15)
    assert status == 130
    assert one_clear_line(err) == "kazkg: interrupted"


@pytest.mark.parametrize(
    ("backend", "query"), [("oxigraph", CARTESIAN), ("memory", SLOW_IN_RDFLIB)]
)
def test_an_embedded_query_stops_at_the_timeout(
    workspace: Workspace, compiled: CompiledStore, backend: str, query: str
) -> None:
    process = start(workspace, "sparql", "--backend", backend, "--timeout", "2", query)
    status, _, err = finish(process, within=120)
    assert status == 1
    assert "did not finish within 2 s" in one_clear_line(err)


# -- item 7: long values, big query files ---------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["trace", "{long}"],
        ["query", "lineage", "--param", "agency={long}"],
        ["path", "{long}", "Agency for Religious Affairs"],
        ["render", "--focus", "{long}", "-o", "{tmp}/page.html"],
        ["trace", "Agency for Religious Affairs", "--as-of", "{long}"],
        ["stats", "--types", "{long}"],
    ],
)
def test_a_long_value_is_refused_and_quoted_short(
    kazkg: Run, tmp_path: Path, command: list[str]
) -> None:
    long = "Agency " * 15_000  # 105,000 characters
    args = [word.replace("{long}", long).replace("{tmp}", str(tmp_path)) for word in command]
    result = kazkg(*args)
    assert result.status == 1
    line = one_clear_line(result.err)
    assert "Agency " * 13 not in line, line[:400]  # at most ~80 characters of it
    assert len(line) < 2000


def test_a_long_name_is_refused_before_the_name_index_is_built(kazkg: Run) -> None:
    result = kazkg("trace", "x" * 100_000)
    assert result.status == 1
    assert "too long" in one_clear_line(result.err)


def test_a_query_file_has_a_size_limit(kazkg: Run, tmp_path: Path) -> None:
    big = tmp_path / "big.rq"
    big.write_text("SELECT * WHERE { ?s ?p ?o } LIMIT 1\n" + "#" * 2_000_000, encoding="utf-8")
    result = kazkg("sparql", "--file", str(big))
    assert result.status == 1
    assert "at most 1,000,000 bytes" in one_clear_line(result.err)


# -- item 10: one clear line and status 1 instead of "internal error" ---------------------


def _cases(tmp: Path) -> list[list[str]]:
    folder, missing = str(tmp), str(tmp / "no-such-folder" / "out")
    a_file = tmp / "a-file"
    a_file.write_text("x", encoding="utf-8")
    cases = [
        ["export", "-o", folder],
        ["export", "-o", missing + ".ttl"],
        ["render", "-o", folder],
        ["render", "-o", missing + ".html"],
        ["timeline", "-o", missing + ".svg"],
        ["trace", "Agency for Religious Affairs", "--timeout", "nan"],
        ["trace", "Agency for Religious Affairs", "--timeout", "inf"],
        ["trace", "Agency for Religious Affairs", "--timeout", "-5"],
        ["sparql", "ASK {}", "--timeout", "0"],
        ["trace", "Agency for Religious Affairs", "--backend", "http://[::1"],
        ["trace", "Agency for Religious Affairs", "--backend", "http://"],
        ["push", "--endpoint", "notaurl"],
        ["push", "--endpoint", "http://127.0.0.1:9/sparql", "--timeout", "nan"],
        ["--sources", str(a_file), "build", "-q"],
        ["--sources", missing, "build", "-q"],
        ["--store", str(a_file / "store"), "build", "-q"],
        ["sparql", "-b", "memory", 'SELECT ?x WHERE { BIND(IRI("http://a b") AS ?x) }'],
        [
            "sparql",
            "-b",
            "memory",
            'CONSTRUCT { ?x ?x ?x } WHERE { BIND(IRI("http://a b") AS ?x) }',
        ],
    ]
    if Path("/dev/full").exists():
        cases.append(["export", "-o", "/dev/full"])
    return cases


def test_every_bad_case_ends_in_one_clear_line_and_status_1(kazkg: Run, tmp_path: Path) -> None:
    failures = []
    for args in _cases(tmp_path):
        result = kazkg(*args)
        lines = result.err.strip().splitlines()
        if result.status != 1 or len(lines) != 1 or "internal error" in result.err:
            failures.append(f"{args}: status {result.status}: {result.err.strip()[:300]}")
    assert failures == []


def test_an_output_file_is_replaced_in_one_piece(kazkg: Run, tmp_path: Path) -> None:
    target = tmp_path / "graph.ttl"
    target.write_text("the previous export", encoding="utf-8")
    result = kazkg("export", "-o", str(target))
    assert result.status == 0
    assert target.read_text(encoding="utf-8").startswith("@prefix")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.ttl"]


def test_usage_errors_keep_status_2(kazkg: Run, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        kazkg("trace")
    assert stopped.value.code == 2


# -- item 11: input that makes no sense is refused ------------------------------------------


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["trace", "Agency for Religious Affairs", "--as-of", "٢٠١٢"], "--as-of"),
        (["trace", "Agency for Religious Affairs", "--as-of", "２０１２"], "--as-of"),
        (["query", "acts-adopted", "-p", "from=2013", "-p", "to=2011"], "--param to"),
        (["query", "events-in-period", "-p", "from=2010", "-p", "to=2005"], "--param to"),
        (["query", "events-in-period", "-p", "from=2010-05", "-p", "to=2010-04-30"], "--param to"),
        (["stats", "--top", "-5"], "--top"),
        (["render", "--param", "x=1", "-o", "{tmp}/page.html"], "--param"),
    ],
)
def test_input_that_makes_no_sense_is_refused(
    kazkg: Run, tmp_path: Path, args: list[str], option: str
) -> None:
    result = kazkg(*[word.replace("{tmp}", str(tmp_path)) for word in args])
    assert result.status == 1
    assert one_clear_line(result.err).startswith(f"kazkg: error: {option}")


@pytest.mark.parametrize(
    "args",
    [
        ["query", "acts-adopted", "-p", "from=2011", "-p", "to=2011"],
        ["query", "events-in-period", "-p", "from=2010-05", "-p", "to=2010"],
    ],
)
def test_a_period_of_one_year_is_not_empty(kazkg: Run, args: list[str]) -> None:
    assert kazkg(*args).status == 0


# -- item 12: --version, a closed pipe ------------------------------------------------------


def test_version(kazkg: Run, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        kazkg("--version")
    assert stopped.value.code == 0
    printed = capsys.readouterr().out.strip()
    assert printed == f"kazkg {kazkg_version()}"


def kazkg_version() -> str:
    """The installed package's version, which the package itself must agree with."""
    installed = importlib.metadata.version("kazkg")
    assert installed == kazkg.__version__
    return installed


@pytest.mark.parametrize("command", ["stats", "trace 'Agency for Religious Affairs'", "export"])
def test_a_reader_that_goes_away_is_not_an_error(
    workspace: Workspace, compiled: CompiledStore, command: str
) -> None:
    kazkg_command = f"{sys.executable} -m kazkg.cli.main --store {workspace.store} {command}"
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", f"{kazkg_command} | head -1"],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert len(result.stdout.splitlines()) == 1


# -- items 10 and 11: where the benchmark generator writes -----------------------------------


def test_bench_generate_refuses_an_empty_name_a_file_and_a_folder_with_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from benchmarks.cli import main as bench

    monkeypatch.chdir(tmp_path)
    a_file = tmp_path / "a-file"
    a_file.write_text("x", encoding="utf-8")
    full = tmp_path / "full"
    full.mkdir()
    (full / "agencies.ttl").write_text("precious", encoding="utf-8")
    for output in ("", str(a_file), str(full), str(a_file / "below")):
        assert bench(["generate", "-n", "200", "-o", output]) == 1, output
        assert one_clear_line(capsys.readouterr().err).startswith("benchmarks: error: ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "full"]
    assert (full / "agencies.ttl").read_text(encoding="utf-8") == "precious"
    assert bench(["generate", "-n", "200", "-o", str(full), "--force"]) == 0
