"""``kazkg render``: writes the page the options select; bad options are one-line errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from kazkg.build.store import CompiledStore
from kazkg.query.backends.oxigraph import OxigraphBackend
from kazkg.query.projection import load_network

Run = Callable[..., Any]
"""The ``kazkg`` fixture of ``tests/cli/conftest.py``: runs the command, returns a ``CliResult``."""


def page_nodes(path: Path) -> list[dict[str, Any]]:
    block = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find(id="kazkg-data")
    assert block is not None
    nodes: list[dict[str, Any]] = json.loads(block.string or "")["nodes"]
    return nodes


def test_render_writes_the_whole_graph_by_default(
    kazkg: Run, compiled: CompiledStore, tmp_path: Path
) -> None:
    out = tmp_path / "graph.html"
    result = kazkg("render", "-o", str(out))
    with OxigraphBackend.open(compiled) as backend:
        network = load_network(backend)
    assert result.status == 0
    assert {n["id"] for n in page_nodes(out)} == set(network.nodes)
    assert result.out == (
        f"wrote {out}: {len(network.nodes)} entities, {len(network.edges)} relations\n"
    )


def test_render_focus_depth_types_and_relations_narrow_the_page(kazkg: Run, tmp_path: Path) -> None:
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


def test_render_query_draws_the_entities_a_named_query_returns(kazkg: Run, tmp_path: Path) -> None:
    out = tmp_path / "banned.html"
    assert kazkg("render", "-o", str(out), "--query", "banned-organisations").status == 0
    assert {n["kazkg"]["kind"] for n in page_nodes(out)} >= {"BannedOrganization", "Court"}


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--focus", "No Such Body Anywhere"], "no entity is named 'No Such Body Anywhere'"),
        (["--types", "Nonsense"], "--types: no class is called 'Nonsense'"),
        (["--as-of", "2012-13-01"], "--as-of: not a real date"),
        (["--depth", "2"], "--depth: needs a focus or a query"),
        (["--query", "no-such-query"], "no-such-query"),
        (["--query", "banned-organisations", "--param", "oops"], "expected NAME=VALUE"),
    ],
)
def test_bad_options_are_one_line_errors(
    kazkg: Run, tmp_path: Path, options: list[str], message: str
) -> None:
    result = kazkg("render", "-o", str(tmp_path / "x.html"), *options)
    assert result.status == 1
    assert result.err.startswith("kazkg: error: ") and message in result.err
    assert result.err.count("\n") == 1
    assert not (tmp_path / "x.html").exists()
