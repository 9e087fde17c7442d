"""The network page as a document: self-contained, escaped, and faithful to the network."""

from __future__ import annotations

import json
import re
from typing import Protocol

import pytest
from bs4 import BeautifulSoup

from kazkg.build.store import CompiledStore
from kazkg.errors import KazkgError
from kazkg.query.projection import Network, load_network
from kazkg.query.selection import Selection, select
from kazkg.schema import Schema, default_schema
from kazkg.views.network_page import page_data, render_html, vis_assets
from kazkg.vocab import ORG

REMOTE = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)
CSS_URL = re.compile(r"""url\(\s*['"]?\s*(https?:)?//|@import""", re.IGNORECASE)


class Loaded(Protocol):
    network: Network
    schema: Schema
    label: str
    quote: str


def page_json(page: str) -> dict:  # type: ignore[type-arg]
    soup = BeautifulSoup(page, "html.parser")
    block = soup.find("script", id="kazkg-data")
    assert block is not None
    return json.loads(block.string)  # type: ignore[no-any-return]


def remote_references(page: str) -> list[str]:
    """Every reference in the page to a resource on the network."""
    soup = BeautifulSoup(page, "html.parser")
    found = [
        f"<{tag.name} {attr}={tag[attr]}>"
        for tag in soup.find_all(True)
        for attr in ("src", "href", "data", "poster", "srcset", "action", "background")
        if tag.has_attr(attr) and REMOTE.match(str(tag[attr]))
    ]
    css = [s.string or "" for s in soup.find_all("style")]
    css += [str(tag["style"]) for tag in soup.find_all(style=True)]
    found += [match.group(0) for text in css for match in CSS_URL.finditer(text)]
    found += [str(tag) for tag in soup.find_all("link")]
    return found


def test_the_whole_graph_page_references_no_remote_resource(real: Loaded) -> None:
    page = render_html(real.network, real.schema)
    assert remote_references(page) == []


def test_the_remote_resource_check_would_catch_a_cdn_script() -> None:
    cdn = '<html><head><script src="https://cdn.example/vis.js"></script></head></html>'
    styled = "<style>@import 'x.css'; body { background: url(http://x/y.png) }</style>"
    assert len(remote_references(cdn)) == 1
    assert len(remote_references(styled)) == 2


def test_vis_network_is_inlined_with_its_licence_header(real: Loaded) -> None:
    page = render_html(real.network, real.schema)
    assets = vis_assets()
    assert "@license" in assets.js and "Apache" in assets.js and "MIT" in assets.js
    assert assets.js in page
    assert "sourceMappingURL" not in page
    assert "<script src" not in page


def test_the_page_forbids_every_network_load_by_policy(real: Loaded) -> None:
    soup = BeautifulSoup(render_html(real.network, real.schema), "html.parser")
    policy = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert policy is not None
    assert "default-src 'none'" in str(policy["content"])


def test_the_page_holds_every_entity_and_relation_of_the_network(real: Loaded) -> None:
    data = page_json(render_html(real.network, real.schema))
    assert {n["id"] for n in data["nodes"]} == set(real.network.nodes)
    assert len(data["edges"]) == len(real.network.edges)
    assert {(e["from"], e["to"], e["label"]) for e in data["edges"]} == {
        (e.source, e.target, e.relation_label) for e in real.network.edges
    }


def test_each_entity_carries_its_tooltip_facts(real: Loaded) -> None:
    data = page_json(render_html(real.network, real.schema))
    for node in data["nodes"]:
        entity = real.network.nodes[node["id"]]
        assert node["kazkg"]["label"] == entity.label
        assert node["kazkg"]["kindLabel"] == real.schema.class_label(entity.cls)
        style = real.schema.family(entity.cls)
        assert (node["shape"], node["color"]["background"]) == (style.shape, style.color)


def test_each_relation_carries_its_date_and_quote(real: Loaded) -> None:
    data = page_json(render_html(real.network, real.schema))
    shown = {(e["from"], e["to"], e["kazkg"]["quote"], e["kazkg"]["date"]) for e in data["edges"]}
    assert shown == {(e.source, e.target, e.quote, e.date) for e in real.network.edges}


def test_parents_in_tooltips_come_from_the_whole_graph_even_when_not_drawn(real: Loaded) -> None:
    child, parent = next(
        (e.source, e.target)
        for e in real.network.edges
        if e.relation in real.schema.subproperties(ORG + "subOrganizationOf")
    )
    alone = select(real.network, real.schema, Selection(focus=(child,), depth=0))
    data = page_json(render_html(alone, real.schema, context=real.network, focus=(child,)))
    (node,) = data["nodes"]
    assert real.network.nodes[parent].label in [p["label"] for p in node["kazkg"]["parents"]]
    assert node["kazkg"]["focus"] is True


def test_the_legend_counts_the_entities_of_each_family(real: Loaded) -> None:
    data = page_data(real.network, real.schema)
    assert sum(f["count"] for f in data["families"]) == len(real.network.nodes)
    assert sum(r["count"] for r in data["relations"]) == len(real.network.edges)


def test_hierarchical_layout_runs_left_to_right(real: Loaded) -> None:
    options = page_data(real.network, real.schema, layout="hierarchical")["options"]
    assert options["layout"]["hierarchical"]["direction"] == "LR"
    with pytest.raises(KazkgError, match="unknown layout"):
        page_data(real.network, real.schema, layout="circular")  # type: ignore[arg-type]


def test_physics_is_bounded_so_large_graphs_settle(real: Loaded) -> None:
    small = page_data(real.network, real.schema)["options"]["physics"]["stabilization"]
    assert small["enabled"] and small["iterations"] <= 1000


def test_hostile_text_never_appears_as_markup(hostile: Loaded) -> None:
    page = render_html(hostile.network, hostile.schema, title="<script>alert(3)</script>")
    assert hostile.label not in page
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in page
    soup = BeautifulSoup(page, "html.parser")
    assert soup.find_all("img") == []
    data = page_json(page)
    labels = {n["kazkg"]["label"] for n in data["nodes"]}
    assert hostile.label in labels
    assert {e["kazkg"]["quote"] for e in data["edges"]} == {hostile.quote}


def test_the_page_is_the_same_whichever_embedded_backend_answered(
    real: Loaded, compiled: CompiledStore
) -> None:
    from kazkg.query.backends.memory import MemoryBackend

    with MemoryBackend.open(compiled) as backend:
        memory = render_html(load_network(backend), default_schema())
    assert memory == render_html(real.network, real.schema)
