"""``kazkg render``: writes the page the options select; bad options are one-line errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from kazkg.build import BuildReport
from kazkg.cli.main import main
from kazkg.resources import Layout

Run = Callable[..., int]


@pytest.fixture()
def kazkg(layout: Layout, build_report: BuildReport) -> Run:
    """``kazkg`` on the command line, over the graph the session built."""
    return lambda *args: main(["--store", str(layout.store), *args])


def page_nodes(path: Path) -> list[dict]:  # type: ignore[type-arg]
    block = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find(id="kazkg-data")
    assert block is not None
    return json.loads(block.string or "")["nodes"]  # type: ignore[no-any-return]


def test_render_writes_the_whole_graph_by_default(
    kazkg: Run, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "graph.html"
    assert kazkg("render", "-o", str(out)) == 0
    entities = sum(build_report.manifest.entities_per_class.values())
    assert len(page_nodes(out)) <= entities
    assert capsys.readouterr().out.startswith(f"wrote {out}: {len(page_nodes(out))} entities")


def test_render_focus_depth_types_and_relations_narrow_the_page(
    kazkg: Run, tmp_path: Path
) -> None:
    whole, ego, bodies = (tmp_path / n for n in ("whole.html", "ego.html", "bodies.html"))
    kazkg("render", "-o", str(whole))
    kazkg("render", "-o", str(ego), "--focus", "Agency for Religious Affairs", "--depth", "1")
    kazkg("render", "-o", str(bodies), "--types", "StateBody", "--relations", "succession")
    ego_nodes = page_nodes(ego)
    assert 1 < len(ego_nodes) < len(page_nodes(whole))
    assert [n["kazkg"]["label"] for n in ego_nodes if n["kazkg"]["focus"]] == [
        "Agency for Religious Affairs of the Republic of Kazakhstan"
    ]
    assert {n["kazkg"]["family"] for n in page_nodes(bodies)} == {"StateBody"}


def test_render_query_draws_the_entities_a_named_query_returns(
    kazkg: Run, tmp_path: Path
) -> None:
    out = tmp_path / "banned.html"
    assert kazkg("render", "-o", str(out), "--query", "banned-organisations") == 0
    assert {n["kazkg"]["kind"] for n in page_nodes(out)} >= {"BannedOrganization", "Court"}


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--focus", "No Such Body Anywhere"], "no entity is named 'No Such Body Anywhere'"),
        (["--types", "Nonsense"], "--types: no class is called 'Nonsense'"),
        (["--as-of", "2012-13-01"], "--as-of: not a real date"),
        (["--query", "no-such-query"], "no-such-query"),
        (["--query", "banned-organisations", "--param", "oops"], "--param: expected NAME=VALUE"),
    ],
)
def test_bad_options_are_one_line_errors(
    kazkg: Run,
    build_report: BuildReport,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    options: list[str],
    message: str,
) -> None:
    assert kazkg("render", "-o", str(tmp_path / "x.html"), *options) == 1
    err = capsys.readouterr().err
    assert err.startswith("kazkg: error: ") and message in err and "Traceback" not in err
    assert not (tmp_path / "x.html").exists()
