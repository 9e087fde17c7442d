"""A lineage as readable text."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kazkg.build.store import CompiledStore
from kazkg.formats.lineage import lineage_text
from kazkg.query.backends.oxigraph import OxigraphBackend
from kazkg.query.trace import trace


@pytest.fixture(scope="module")
def backend(compiled: CompiledStore) -> Iterator[OxigraphBackend]:
    with OxigraphBackend.open(compiled) as opened:
        yield opened


def test_lineage_text_lists_bodies_in_order_with_dates_parents_and_quotes(
    backend: OxigraphBackend,
) -> None:
    lineage = trace(backend, "Agency for Religious Affairs", as_of="2012-06-01")
    text = lineage_text(lineage)
    positions = [text.index(f"{i}. {step.label}") for i, step in enumerate(lineage.steps, start=1)]
    assert positions == sorted(positions)
    assert text.count("<- held the line's function on 2012-06-01") == 1
    assert "parent: Ministry of Justice" in text
    for step in lineage.steps:
        for quote in step.evidence:
            assert f"“{quote}”" in text
