"""Every command that takes an entity takes it the same way: ``trace``, ``timeline``, ``path``
and ``describe`` accept a misspelt name, an alias and an article number alike."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kazkg.vocab import KZID

Run = Callable[..., Any]


def test_trace_and_timeline_take_a_misspelt_name(kazkg: Run, tmp_path: Path) -> None:
    traced = json.loads(kazkg("trace", "Agency for Religous Affairs", "--format", "json").out)
    assert traced["entity"] == KZID.term("agency-for-religious-affairs")
    drawn = kazkg("timeline", "--focus", "the Agency", "-o", str(tmp_path / "line.svg"))
    assert drawn.status == 0 and (tmp_path / "line.svg").is_file()


def test_path_and_describe_take_article_numbers(kazkg: Run) -> None:
    described = json.loads(kazkg("describe", "art 179 2014", "--format", "json").out)
    assert described["iri"] == KZID.term("criminal-code-2014-art-179")
    path = json.loads(kazkg("path", "Art. 168", "art 179 2014", "--format", "json").out)
    assert path["source"] == KZID.term("criminal-code-1997-art-168")
    assert path["target"] == KZID.term("criminal-code-2014-art-179")


def test_a_class_name_is_not_an_entity(kazkg: Run) -> None:
    result = kazkg("trace", "Ministry")
    assert result.status == 1 and "no entity is named 'Ministry'; closest: " in result.err
