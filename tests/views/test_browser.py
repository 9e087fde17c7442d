"""The network page in a real browser: headless Chromium, the network blocked.

Each test opens a rendered page from disk and waits for the layout to settle; then it checks
what is drawn against the network it was rendered from, and that nothing reached the network,
printed an error or ran a script it should not have.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kazkg.query.selection import Selection, select
from kazkg.views.network_page import render_html
from kazkg.vocab import KZID, ORG

pytestmark = pytest.mark.browser

ARA = KZID.term("agency-for-religious-affairs")


def test_the_whole_graph_draws_every_entity_and_relation_offline(
    real: Any, open_page: Callable[[Path], Any], tmp_path: Path, artifacts: Path
) -> None:
    path = tmp_path / "graph.html"
    path.write_text(render_html(real.network, real.schema, title="kazkg"), encoding="utf-8")
    opened = open_page(path)
    assert opened.drawn() == {"nodes": len(real.network.nodes), "edges": len(real.network.edges)}
    assert opened.page.evaluate("typeof window.kazkgStabilizationMs") == "number"
    assert opened.page.evaluate("window.kazkg.network.physics.options.enabled") is False
    shot = artifacts / "graph-full.png"
    opened.page.screenshot(path=str(shot))
    print(f"screenshot: {shot}")
    opened.assert_clean()


def test_search_finds_an_entity_and_hovering_it_shows_its_tooltip(
    real: Any, open_page: Callable[[Path], Any], tmp_path: Path, artifacts: Path
) -> None:
    child = next(
        e.source
        for e in sorted(real.network.edges, key=lambda e: e.source)
        if e.relation in real.schema.subproperties(ORG + "subOrganizationOf")
        and e.source.startswith(KZID)
    )
    entity = real.network.nodes[child]
    parents = [
        real.network.nodes[e.target].label
        for e in real.network.edges
        if e.source == child and e.relation in real.schema.subproperties(ORG + "subOrganizationOf")
    ]
    path = tmp_path / "graph.html"
    path.write_text(render_html(real.network, real.schema), encoding="utf-8")
    opened = open_page(path)
    page = opened.page

    page.fill("#kazkg-search", entity.label)
    expected = [
        n.iri
        for n in real.network.nodes.values()
        if any(entity.label.lower() in name.lower() for name in (n.label, *n.aliases))
    ]
    assert page.text_content("#kazkg-search-status") == (
        "1 match" if len(expected) == 1 else f"{len(expected)} matches"
    )
    assert entity.label in page.text_content("#kazkg-search-results")
    assert sorted(page.evaluate("window.kazkg.network.getSelectedNodes()")) == sorted(expected)

    page.mouse.move(*opened.screen_position(child))
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible")
    text = tooltip.text_content()
    assert entity.label in text
    assert real.schema.class_label(entity.cls) in text
    assert all(parent in text for parent in parents)
    shot = artifacts / "graph-search-tooltip.png"
    page.screenshot(path=str(shot))
    print(f"screenshot: {shot}")
    opened.assert_clean()


def test_class_and_relation_filters_hide_what_they_name(
    real: Any, open_page: Callable[[Path], Any], tmp_path: Path
) -> None:
    path = tmp_path / "graph.html"
    path.write_text(render_html(real.network, real.schema), encoding="utf-8")
    opened = open_page(path)
    family = real.schema.family(real.network.nodes[ARA].cls).name
    members = {
        iri
        for iri, node in real.network.nodes.items()
        if real.schema.family(node.cls).name == family
    }
    opened.page.uncheck(f"#kazkg-legend input[value='{family}']")
    left = [e for e in real.network.edges if e.source not in members and e.target not in members]
    assert opened.drawn() == {"nodes": len(real.network.nodes) - len(members), "edges": len(left)}

    label = real.network.edges[0].relation_label
    opened.page.uncheck(f"#kazkg-relations input[value='{label}']")
    left = [e for e in left if e.relation_label != label]
    assert opened.drawn()["edges"] == len(left)

    opened.page.click("button[data-toggle='kazkg-legend'][data-state='on']")
    opened.page.click("button[data-toggle='kazkg-relations'][data-state='on']")
    assert opened.drawn() == {"nodes": len(real.network.nodes), "edges": len(real.network.edges)}
    opened.assert_clean()


def test_an_ego_network_draws_the_selection_with_its_focus(
    real: Any, open_page: Callable[[Path], Any], tmp_path: Path, artifacts: Path
) -> None:
    ego = select(real.network, real.schema, Selection(focus=(ARA,), depth=1))
    path = tmp_path / "ego.html"
    path.write_text(
        render_html(ego, real.schema, context=real.network, focus=(ARA,)), encoding="utf-8"
    )
    opened = open_page(path)
    assert opened.drawn() == {"nodes": len(ego.nodes), "edges": len(ego.edges)}
    shot = artifacts / "ego-agency.png"
    opened.page.screenshot(path=str(shot))
    print(f"screenshot: {shot}")
    opened.assert_clean()


def test_hostile_labels_and_quotes_show_literally_and_run_nothing(
    hostile: Any, open_page: Callable[[Path], Any], tmp_path: Path, artifacts: Path
) -> None:
    path = tmp_path / "hostile.html"
    path.write_text(
        render_html(hostile.network, hostile.schema, title="<script>alert(3)</script>"),
        encoding="utf-8",
    )
    opened = open_page(path)
    page = opened.page
    (entity,) = [n for n in hostile.network.nodes.values() if n.label == hostile.label]
    (edge,) = hostile.network.edges

    page.mouse.move(*opened.screen_position(entity.iri))
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible")
    assert hostile.label in tooltip.text_content()

    source, target = (opened.screen_position(i) for i in (edge.source, edge.target))
    page.mouse.move(0, 0)
    page.mouse.click((source[0] + target[0]) / 2, (source[1] + target[1]) / 2)
    details = page.locator("#kazkg-details")
    details.wait_for(state="visible")
    assert hostile.quote in details.text_content()

    page.fill("#kazkg-search", "<b>bold")
    assert hostile.label in page.text_content("#kazkg-search-results")
    assert page.title() == "<script>alert(3)</script>"
    assert page.evaluate("document.querySelectorAll('img, b').length") == 0
    page.screenshot(path=str(artifacts / "hostile.png"))
    opened.assert_clean()


def test_a_succession_chain_lays_out_left_to_right_in_time_order(
    real: Any, open_page: Callable[[Path], Any], tmp_path: Path
) -> None:
    chain = select(real.network, real.schema, Selection(relations=("succession",)))
    path = tmp_path / "succession.html"
    path.write_text(
        render_html(chain, real.schema, context=real.network, layout="hierarchical"),
        encoding="utf-8",
    )
    opened = open_page(path)
    assert opened.drawn() == {"nodes": len(chain.nodes), "edges": len(chain.edges)}
    for edge in chain.edges:
        (x_from, _), (x_to, _) = (opened.screen_position(i) for i in (edge.source, edge.target))
        assert x_from < x_to
    opened.assert_clean()


def test_an_empty_selection_still_settles_and_says_so(
    real: Any, open_page: Callable[[Path], Any], tmp_path: Path
) -> None:
    empty = select(
        real.network, real.schema, Selection(types=("Person",), relations=("succession",))
    )
    assert not empty.nodes
    path = tmp_path / "empty.html"
    path.write_text(render_html(empty, real.schema), encoding="utf-8")
    opened = open_page(path)
    assert opened.drawn() == {"nodes": 0, "edges": 0}
    assert opened.page.text_content("#kazkg-summary") == "0 entities, 0 relations"
    opened.assert_clean()
