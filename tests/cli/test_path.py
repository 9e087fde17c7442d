"""``kazkg path``: the chain of relations between two named entities, with evidence."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from kazkg.vocab import KZ, KZID

Run = Callable[..., Any]
"""The ``kazkg`` fixture of ``tests/cli/conftest.py``: runs the command, returns a ``CliResult``."""

ARA = KZID.term("agency-for-religious-affairs")


def test_path_prints_each_hop_with_its_quote(kazkg: Run) -> None:
    path = json.loads(kazkg("path", "Agency for Religious Affairs", "SCO", "--format", "json").out)
    assert path["source"] == ARA and path["length"] == len(path["hops"]) > 0
    result = kazkg("path", "Agency for Religious Affairs", "SCO")
    assert result.status == 0
    text = result.out.splitlines()
    assert text[0] == f"Path 1 of 3: {path['length']} hops, cost {path['cost']:.1f}"
    assert text[1] == "Agency for Religious Affairs of the Republic of Kazakhstan"
    for hop in path["hops"]:
        assert f"      “{hop['quote']}”" in text
        assert any(hop["relation_label"] in line and hop["target_label"] in line for line in text)


def test_json_lists_the_best_paths_first_each_with_its_hops(kazkg: Run) -> None:
    data = json.loads(kazkg("path", "Jund al-Khalifa", "Atyrau", "-f", "json", "--top", "5").out)
    costs = [path["cost"] for path in data["paths"]]
    assert costs == sorted(costs) and 1 <= len(costs) <= 5
    best = data["paths"][0]
    assert data["hops"] == best["hops"]
    assert [hop["target"] for hop in best["hops"]] == [
        KZID.term("atyrau-bombings-2011"),
        KZID.term("atyrau"),
    ]


def test_via_and_avoid_keep_or_leave_out_an_entity(kazkg: Run) -> None:
    atc = KZID.term("anti-terrorism-center-kazakhstan")
    args = ("path", "Agency for Religious Affairs", "SCO", "-f", "json")
    through = json.loads(kazkg(*args, "--via", "ATC").out)["paths"]
    assert through and all(atc in [hop["target"] for hop in p["hops"]] for p in through)
    around = json.loads(kazkg(*args, "--avoid", "ATC").out)["paths"]
    assert around and all(atc not in [hop["target"] for hop in p["hops"]] for p in around)


def test_path_can_follow_only_some_relations(kazkg: Run) -> None:
    args = ("path", "Agency for Religious Affairs", "Ministry of Justice", "--format", "json")
    result = kazkg(*args, "--relations", "succession,subordination")
    assert result.status == 0
    hops = json.loads(result.out)["hops"]
    assert hops and {hop["relation"] for hop in hops} <= {KZ.succeededBy, KZ.subOrganizationOf}


def test_no_path_is_a_one_line_error(kazkg: Run) -> None:
    result = kazkg("path", "Agency for Religious Affairs", "SCO", "--relations", "succession")
    assert result.status == 1
    assert result.err.startswith("kazkg: error: ") and result.err.count("\n") == 1
