"""The label service: labels beside IRIs, the English one preferred."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kazkg.build.store import CompiledStore
from kazkg.query.backends.oxigraph import OxigraphBackend
from kazkg.query.labels import add_label_columns, labels, with_labels
from kazkg.vocab import KZID
from tests.samples import KAZAKHSTAN, MIXED_TABLE

TABLE = MIXED_TABLE


@pytest.fixture(scope="module")
def backend(compiled: CompiledStore) -> Iterator[OxigraphBackend]:
    with OxigraphBackend.open(compiled) as opened:
        yield opened


def test_labels_are_added_beside_iri_columns(backend: OxigraphBackend) -> None:
    labelled = with_labels(backend, TABLE)
    assert labelled.variables == ["entity", "entity_label", "note", "count"]
    label = labelled.rows[0][1]
    assert label is not None and "Kazakhstan" in label.value
    assert labelled.rows[1][1] is None


def test_label_columns_are_added_only_where_labels_were_found() -> None:
    labelled = add_label_columns(TABLE, {KAZAKHSTAN.value: "Kazakhstan"})
    assert labelled.variables == ["entity", "entity_label", "note", "count"]
    assert add_label_columns(TABLE, {}).variables == TABLE.variables


def test_the_english_label_is_chosen(backend: OxigraphBackend) -> None:
    found = labels(backend, [KAZAKHSTAN.value, KZID.term("no-such-entity")])
    assert set(found) == {KAZAKHSTAN.value}
    assert "Kazakhstan" in found[KAZAKHSTAN.value]
