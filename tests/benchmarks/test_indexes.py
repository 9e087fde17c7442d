"""The build's lineage index on a generated graph (lines with merges and splits, thousands of
bodies): every indexed lineage is the one the queries give."""

from __future__ import annotations

from kazkg.build import BuildReport, indexes
from kazkg.query.backends.oxigraph import OxigraphBackend
from kazkg.query.counts import class_counts, counted
from kazkg.query.trace import lineage


def test_every_lineage_of_a_generated_graph_is_read_as_the_queries_give_it(
    generated_build: BuildReport,
) -> None:
    compiled = generated_build.store
    found = indexes.Indexes.open(compiled.path)
    assert found is not None
    bodies = found.lineage_bodies()
    assert len(bodies) > 100
    with (
        OxigraphBackend.open(compiled) as indexed,
        OxigraphBackend(compiled.open_oxigraph()) as asked,
    ):
        for body in bodies:
            for date in (None, "2005-06-30"):
                assert lineage(indexed, body, date) == lineage(asked, body, date)
        assert class_counts(indexed) == counted(asked)
