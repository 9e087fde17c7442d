"""``kazkg stats``: counts, centrality and components, as tables or JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

Run = Callable[..., Any]
"""The ``kazkg`` fixture of ``tests/cli/conftest.py``: runs the command, returns a ``CliResult``."""


def test_stats_json_adds_up(kazkg: Run) -> None:
    result = json.loads(kazkg("stats", "--format", "json", "--top", "3").out)
    assert sum(result["per_class"].values()) == result["entities"] == sum(result["components"])
    assert sum(result["per_relation"].values()) == result["relations"]
    assert len(result["degree"]) == len(result["betweenness"]) == 3


def test_stats_text_names_the_most_central_entities(kazkg: Run) -> None:
    result = json.loads(kazkg("stats", "--format", "json").out)
    text = kazkg("stats").out
    assert text.startswith(f"{result['entities']} entities, {result['relations']} relations")
    assert result["degree"][0]["label"] in text
    assert f"{len(result['components'])} connected components" in text


def test_stats_of_an_ego_network_counts_only_it(kazkg: Run) -> None:
    whole = json.loads(kazkg("stats", "--format", "json").out)
    ego = json.loads(
        kazkg("stats", "--format", "json", "--focus", "Agency for Religious Affairs").out
    )
    assert 1 < ego["entities"] < whole["entities"]
    assert ego["components"] == [ego["entities"]]
