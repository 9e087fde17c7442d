"""``kazkg trace``: the lineage in time order as text or JSON; unknown names list candidates."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from tests.samples import RELIGIOUS_AFFAIRS_LINE

Run = Callable[..., Any]

CHAIN = RELIGIOUS_AFFAIRS_LINE


def test_trace_prints_the_chain_from_the_soviet_office_to_the_2014_committee(kazkg: Run) -> None:
    result = kazkg("trace", "Agency for Religious Affairs", "--as-of", "2012-06-01")
    assert result.status == 0
    curies = ["kzid:" + iri.rsplit("/", 1)[1] for iri in CHAIN]
    positions = [result.out.index(f"   {c}\n") for c in curies]
    assert positions == sorted(positions)
    assert "dates:  2008 – 2011" in result.out and "dates:  2011 – 2014-08" in result.out
    marked = [
        line
        for line in result.out.splitlines()
        if "<- held the line's function on 2012-06-01" in line
    ]
    assert len(marked) == 1 and "Agency for Religious Affairs" in marked[0]


def test_trace_json_is_the_documented_structure(kazkg: Run) -> None:
    data = json.loads(
        kazkg("trace", "kzid:committee-on-religious-affairs-2014", "--format", "json").out
    )
    assert [step["iri"] for step in data["steps"]] == CHAIN
    assert data["as_of"] is None and all(step["current"] is None for step in data["steps"])
    for step in data["steps"][:-1]:
        assert step["event"]["next"]["iri"] and step["evidence"]


@pytest.mark.parametrize("backend", ["oxigraph", "memory"])
def test_the_same_lineage_on_each_embedded_backend(kazkg: Run, backend: str) -> None:
    data = json.loads(
        kazkg("trace", "Agency for Religious Affairs", "--format", "json", "-b", backend).out
    )
    assert [step["iri"] for step in data["steps"]] == CHAIN


def test_an_unknown_name_lists_the_closest_candidates_and_exits_1(kazkg: Run) -> None:
    result = kazkg("trace", "Agency for Religius Affair of Nowhere")
    assert result.status == 1
    assert "closest:" in result.err and "agency-for-religious-affairs" in result.err
    assert result.err.count("\n") == 1


def test_a_bad_as_of_date_exits_1(kazkg: Run) -> None:
    result = kazkg("trace", "Agency for Religious Affairs", "--as-of", "mid-2012")
    assert result.status == 1 and "--as-of" in result.err
