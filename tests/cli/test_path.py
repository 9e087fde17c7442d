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
    assert text[0] == "Agency for Religious Affairs of the Republic of Kazakhstan"
    assert text[-1] == f"{path['length']} hops"
    for hop in path["hops"]:
        assert f"      “{hop['quote']}”" in text
        assert any(hop["relation_label"] in line and hop["target_label"] in line for line in text)


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
