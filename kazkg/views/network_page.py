"""The interactive network page: one self-contained HTML file that works offline.

pyvis builds the vis-network nodes and edges; the page itself is kazkg's own (``assets/``), with
vis-network's script and stylesheet inlined from the pyvis package (licence header kept), a
search box, class and relation filters and a details panel written in plain JavaScript.  The page
loads nothing from anywhere (its Content-Security-Policy forbids it).

Graph text reaches the page only as JSON inside a ``<script type="application/json">`` block,
with ``<``, ``>`` and ``&`` escaped, and the page's script puts it into the DOM with
``textContent``: a label such as ``<img src=x onerror=alert(1)>`` shows as those characters.

A force layout is computed before the page is written (:mod:`kazkg.views.layout`), so the page
only draws: physics stays off until the reader presses "physics".  Hierarchical layouts, and
networks too large to lay out here, are laid out by vis-network's physics in the browser, which
stops once it has settled.  Clicking an entity lists its relations with their dates and quotes;
a page written for the explorer (``links=True``) also links each entity to its entity page.

The page sets ``window.kazkgStabilized = true`` and ``window.kazkgStabilizationMs`` (time from
script start until the network was drawn in its final place) once it is laid out and still, and
fires a ``kazkg:stabilized`` event on ``document``; ``window.kazkg.drawn()`` counts the entities
and relations drawn.

>>> script_json({"label": "</script><img src=x onerror=alert(1)>"})
'{"label": "\\\\u003c/script\\\\u003e\\\\u003cimg src=x onerror=alert(1)\\\\u003e"}'
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any, Literal

from kazkg.errors import KazkgError
from kazkg.extras import require
from kazkg.query.projection import Network
from kazkg.schema import Schema
from kazkg.vocab import KZ, KZID, ORG, PREFIXES

Arrangement = Literal["force", "hierarchical"]
ARRANGEMENTS: tuple[Arrangement, ...] = ("force", "hierarchical")
"""``force``: a force-directed layout; ``hierarchical``: left to right along the relations'
direction (succession chains read from the oldest body to the newest)."""

_ASSETS = Path(__file__).resolve().parent / "assets"
_LABEL_LIMIT = 42


@dataclass(frozen=True)
class VisAssets:
    """vis-network's script and stylesheet, as shipped inside the installed pyvis package."""

    version: str
    js: str
    css: str


def vis_assets() -> VisAssets:
    """The newest vis-network that pyvis ships; a :class:`KazkgError` if none is found."""
    require("pyvis", "views")
    lib = resources.files("pyvis") / "templates" / "lib"
    found = sorted(
        (
            tuple(int(part) for part in entry.name[len("vis-") :].split(".")),
            entry,
        )
        for entry in lib.iterdir()
        if re.fullmatch(r"vis-\d+(\.\d+)*", entry.name) and (entry / "vis-network.min.js").is_file()
    )
    if not found:
        raise KazkgError(f"vis-network not found in the pyvis package ({lib})")
    version, folder = found[-1]
    js = (folder / "vis-network.min.js").read_text(encoding="utf-8")
    # The trailing source-map comment would make developer tools look for a file that is not there.
    js = re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", js)
    css = (folder / "vis-network.css").read_text(encoding="utf-8")
    return VisAssets(
        ".".join(map(str, version)), _inline_safe(js, "script"), _inline_safe(css, "style")
    )


def _inline_safe(text: str, tag: str) -> str:
    """``text`` with any closing ``</tag`` broken up so it cannot end its inline block early."""
    return re.sub(rf"</({tag})", r"<\\/\1", text, flags=re.IGNORECASE)


def script_json(value: Any) -> str:
    """``value`` as JSON that is safe inside an HTML ``<script>`` block."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def short_label(label: str, limit: int = _LABEL_LIMIT) -> str:
    """``label`` cut at a word boundary to at most about ``limit`` characters.

    >>> short_label("Committee for Religious Affairs of the Ministry of Justice", 30)
    'Committee for Religious…'
    """
    if len(label) <= limit:
        return label
    cut = label[:limit].rsplit(" ", 1)[0].rstrip(",;:-–")
    return (cut or label[:limit]) + "…"


def compact_iri(iri: str) -> str:
    """``iri`` with a known prefix (``kzid:agency-for-religious-affairs``)."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def vis_options(node_count: int, layout: Arrangement, placed: bool = False) -> dict[str, Any]:
    """vis-network options: physics that settles a few hundred entities in seconds, then stops.

    The number of stabilisation iterations shrinks as the graph grows, so large ego networks
    still settle quickly; the page turns physics off once they are done.  When the entities
    are ``placed`` already, physics starts off (the page's button turns it on).
    """
    iterations = max(120, min(600, 120_000 // max(node_count, 1)))
    options: dict[str, Any] = {
        "autoResize": True,
        "nodes": {
            "font": {"size": 13, "strokeWidth": 3, "strokeColor": "#ffffff"},
            "scaling": {"min": 8, "max": 34, "label": {"enabled": False}},
            "borderWidth": 1,
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "color": {"color": "#a0aec0", "highlight": "#2d3748", "hover": "#4a5568"},
            "font": {"size": 9, "color": "#4a5568", "strokeWidth": 3, "align": "middle"},
            "smooth": False,
            "width": 1,
            "selectionWidth": 2,
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": node_count > 1000,
            "hideEdgesOnZoom": node_count > 1000,
        },
        "layout": {"randomSeed": 7, "improvedLayout": node_count <= 150 and not placed},
        "physics": {
            "enabled": not placed,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                # A coarser Barnes-Hut approximation for large graphs: about a third faster.
                "theta": 0.5 if node_count <= 1000 else 0.9,
                "gravitationalConstant": -70,
                "centralGravity": 0.008,
                "springLength": 110,
                "springConstant": 0.06,
                "damping": 0.6,
                "avoidOverlap": 0.4,
            },
            "minVelocity": 1.5,
            "stabilization": {
                "enabled": True,
                "iterations": iterations,
                "updateInterval": 50,
                "fit": True,
            },
        },
    }
    if layout == "hierarchical":
        options["layout"]["hierarchical"] = {
            "enabled": True,
            "direction": "LR",
            "sortMethod": "directed",
            "shakeTowards": "roots",
            "levelSeparation": 300,
            "nodeSpacing": 90,
            "treeSpacing": 120,
        }
        options["physics"]["solver"] = "hierarchicalRepulsion"
        options["physics"]["hierarchicalRepulsion"] = {
            "nodeDistance": 120,
            "avoidOverlap": 1,
            "damping": 0.6,
        }
        options["edges"]["smooth"] = {
            "enabled": True,
            "type": "cubicBezier",
            "forceDirection": "horizontal",
        }
    return options


@dataclass(frozen=True)
class _Parent:
    label: str
    start: str | None
    end: str | None


def parents(network: Network, schema: Schema) -> dict[str, list[_Parent]]:
    """For each body, the bodies it was part of (from ``org:subOrganizationOf`` relations)."""
    found: dict[str, list[_Parent]] = defaultdict(list)
    parent_relations = schema.subproperties(ORG + "subOrganizationOf")
    for edge in network.edges:
        if edge.relation in parent_relations and edge.target in network.nodes:
            found[edge.source].append(
                _Parent(network.nodes[edge.target].label, edge.date, edge.end)
            )
    return found


def placements(
    network: Network, focus: tuple[str, ...], layout: Arrangement
) -> dict[str, tuple[float, float]]:
    """Where each entity is drawn, computed here (force layouts up to :data:`~kazkg.views.layout.
    LIMIT` entities), or nothing when the browser lays the network out."""
    from kazkg.views.layout import LIMIT, positions

    if layout != "force" or len(network.nodes) > LIMIT:
        return {}
    return positions(
        list(network.nodes), [(e.source, e.target) for e in network.edges], focus=focus
    )


def entity_path(iri: str) -> str | None:
    """The explorer's page for ``iri`` (``/entity/agency-for-religious-affairs``), if it has one.

    >>> entity_path("https://w3id.org/kazkg/id/agency-for-religious-affairs")
    '/entity/agency-for-religious-affairs'
    >>> entity_path("https://example.org/x") is None
    True
    """
    local = KZID.local(iri)
    if not local or not re.fullmatch(r"[A-Za-z0-9._~-]+", local):
        return None
    return f"/entity/{local}"


def page_data(
    network: Network,
    schema: Schema,
    *,
    context: Network | None = None,
    focus: tuple[str, ...] = (),
    layout: Arrangement = "force",
    places: dict[str, tuple[float, float]] | None = None,
    links: bool = False,
) -> dict[str, Any]:
    """Everything the page's script needs: vis nodes and edges (via pyvis), options, legend.

    ``places`` gives where to draw each entity (default: :func:`placements`); ``links`` adds the
    explorer's entity page of each entity.
    """
    PyvisNetwork = require("pyvis.network", "views").Network

    if layout not in ARRANGEMENTS:
        raise KazkgError(f"unknown layout {layout!r}; use {' or '.join(ARRANGEMENTS)}")
    context = context or network
    if places is None:
        places = placements(network, focus, layout)
    parent_map = parents(context, schema)
    degree: Counter[str] = Counter()
    for edge in network.edges:
        degree[edge.source] += 1
        degree[edge.target] += 1

    view = PyvisNetwork(directed=True)
    families: Counter[str] = Counter()
    for node in sorted(network.nodes.values(), key=lambda n: n.iri):
        style = schema.family(node.cls)
        families[style.name] += 1
        is_focus = node.iri in focus
        where = places.get(node.iri)
        extra_node: dict[str, Any] = {} if where is None else {"x": where[0], "y": where[1]}
        if is_focus:
            extra_node.update(borderWidth=4, font={"size": 16, "bold": True})
        view.add_node(
            node.iri,
            label=short_label(node.label),
            shape=style.shape,
            color={"background": style.color, "border": "#1a202c" if is_focus else style.color},
            value=degree[node.iri] + (6 if is_focus else 1),
            kazkg={
                "label": node.label,
                "kind": node.kind,
                "kindLabel": schema.class_label(node.cls),
                "family": style.name,
                "start": node.start,
                "end": node.end,
                "aliases": list(node.aliases),
                "parents": [p.__dict__ for p in parent_map.get(node.iri, [])],
                "degree": degree[node.iri],
                "iri": compact_iri(node.iri),
                "focus": is_focus,
                "page": entity_path(node.iri) if links else None,
            },
            **extra_node,
        )
    parallel: Counter[frozenset[str]] = Counter()
    for number, edge in enumerate(network.edges):
        pair = frozenset((edge.source, edge.target))
        extra: dict[str, Any] = {}
        if parallel[pair] and layout == "force":
            extra["smooth"] = {
                "enabled": True,
                "type": "curvedCW",
                "roundness": 0.2 * parallel[pair],
            }
        parallel[pair] += 1
        if edge.relation == KZ.succeededBy:
            extra["width"] = 3
            extra["color"] = {"color": "#2d3748"}
        view.add_edge(
            edge.source,
            edge.target,
            id=f"e{number}",
            label=edge.relation_label,
            kazkg={
                "relationLabel": edge.relation_label,
                "date": edge.date,
                "end": edge.end,
                "quote": edge.quote,
                "quotes": [q for q in edge.quotes if q != edge.quote],
                "fact": compact_iri(edge.fact),
            },
            **extra,
        )
    nodes, edges, *_ = view.get_network_data()
    placed = bool(nodes) and all("x" in node for node in nodes)
    return {
        "nodes": nodes,
        "edges": edges,
        "placed": placed,
        "options": vis_options(len(nodes), layout, placed),
        "families": [
            {
                "name": style.name,
                "label": style.legend,
                "color": style.color,
                "shape": style.shape,
                "count": families[style.name],
            }
            for style in schema.styles
            if families[style.name]
        ],
        "relations": [
            {"label": label, "count": count}
            for label, count in sorted(
                Counter(e.relation_label for e in network.edges).items(),
                key=lambda item: (-item[1], item[0]),
            )
        ],
    }


def render_html(
    network: Network,
    schema: Schema,
    *,
    title: str = "kazkg network",
    subtitle: str = "",
    context: Network | None = None,
    focus: tuple[str, ...] = (),
    layout: Arrangement = "force",
    links: bool = False,
    places: dict[str, tuple[float, float]] | None = None,
) -> str:
    """The network page for ``network`` as one self-contained HTML document.

    ``context`` is the network ``network`` was selected from (default: itself); tooltips name
    parent bodies from it even when they are not drawn.  ``focus`` entities are drawn larger.
    ``links`` links each entity to its page in the explorer (for pages the explorer serves).
    ``places`` says where to draw each entity (default: laid out here; ``{}``: by the browser).
    """
    from kazkg import __version__

    data = page_data(
        network, schema, context=context, focus=focus, layout=layout, links=links, places=places
    )
    vis = vis_assets()
    summary = f"{len(network.nodes)} entities, {len(network.edges)} relations"
    if subtitle:
        summary += f" · {subtitle}"
    page = Template((_ASSETS / "page.html").read_text(encoding="utf-8"))
    return page.substitute(
        version=html.escape(__version__),
        title=html.escape(title),
        summary=html.escape(summary),
        node_count=len(network.nodes),
        vis_version=html.escape(vis.version),
        vis_css=vis.css,
        vis_js=vis.js,
        page_css=_inline_safe((_ASSETS / "page.css").read_text(encoding="utf-8"), "style"),
        common_js=_inline_safe((_ASSETS / "common.js").read_text(encoding="utf-8"), "script"),
        page_js=_inline_safe((_ASSETS / "page.js").read_text(encoding="utf-8"), "script"),
        data=script_json(data),
    )
