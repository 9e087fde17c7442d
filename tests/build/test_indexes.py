"""The indexes the build writes beside the store: every lineage and the class counts, read
instead of asked, with exactly the answers the queries give."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from kazkg.build import indexes
from kazkg.build.store import CompiledStore
from kazkg.query.backends.oxigraph import OxigraphBackend
from kazkg.query.counts import class_counts, counted
from kazkg.query.trace import lineage
from kazkg.vocab import KZ, KZID

AGENCY = KZID.term("agency-for-religious-affairs")
DATES = (None, "1995", "2012-06-01", "2020")


def same_answers_indexed_and_asked(compiled: CompiledStore, bodies: list[str]) -> None:
    """Each body's lineage read from the index is the one four queries give, on any date."""
    with (
        OxigraphBackend.open(compiled) as indexed,
        OxigraphBackend(compiled.open_oxigraph()) as asked,  # no compiled store: no index
    ):
        assert asked.compiled is None and indexes.of(asked) is None
        for body in bodies:
            assert indexes.lineage_of(indexed, body) is not None
            for date in DATES:
                assert lineage(indexed, body, date) == lineage(asked, body, date)


def test_the_build_writes_the_indexes_beside_the_store(compiled: CompiledStore) -> None:
    assert (compiled.path / indexes.FILE).is_file()
    found = indexes.Indexes.open(compiled.path)
    assert found is not None
    bodies = found.lineage_bodies()
    assert AGENCY in bodies and len(bodies) >= 5  # the religious-affairs line at least


def test_every_indexed_lineage_is_the_one_the_queries_give(compiled: CompiledStore) -> None:
    found = indexes.Indexes.open(compiled.path)
    assert found is not None
    same_answers_indexed_and_asked(compiled, found.lineage_bodies())


def test_a_body_on_no_line_is_asked_and_answered_the_same(compiled: CompiledStore) -> None:
    ministry = KZID.term("ministry-of-justice")
    with (
        OxigraphBackend.open(compiled) as indexed,
        OxigraphBackend(compiled.open_oxigraph()) as asked,
    ):
        assert indexes.lineage_of(indexed, ministry) is None
        assert lineage(indexed, ministry, "2009") == lineage(asked, ministry, "2009")
        assert [s.iri for s in lineage(indexed, ministry).steps] == [ministry]


def test_the_class_counts_are_read_and_equal_the_counts_sparql_gives(
    compiled: CompiledStore,
) -> None:
    with (
        OxigraphBackend.open(compiled) as indexed,
        OxigraphBackend(compiled.open_oxigraph()) as asked,
    ):
        assert indexes.class_counts_of(indexed) is not None
        assert class_counts(indexed) == class_counts(asked) == counted(asked)
    by_class = {(c.top, c.cls): c.count for c in class_counts(indexed)}
    assert by_class[(KZ.Entity, KZ.Entity)] > by_class[(KZ.Entity, KZ.StateBody)] > 0
    assert by_class[(KZ.Fact, KZ.Succession)] >= 5


def test_a_folder_without_indexes_or_with_another_layout_has_none(tmp_path: Path) -> None:
    assert indexes.Indexes.open(tmp_path) is None
    connection = sqlite3.connect(tmp_path / indexes.FILE)
    connection.execute(f"PRAGMA user_version = {indexes.VERSION + 1}")
    connection.close()
    assert indexes.Indexes.open(tmp_path) is None


@pytest.mark.parametrize(
    "name", ["lineage-every-succession", "lineage-links", "entity-fact-counts"]
)
def test_the_index_queries_ask_the_whole_graph(compiled: CompiledStore, name: str) -> None:
    from kazkg.query import internal

    with OxigraphBackend.open(compiled) as backend:
        assert internal.select(backend, name).rows
