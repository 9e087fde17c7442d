"""Display labels: no two entities share one (same-titled laws and summits are told apart by
year), and every entity has a one-line description."""

from __future__ import annotations

from collections import defaultdict

from kazkg.build.store import CompiledStore
from kazkg.query.backends.oxigraph import OxigraphBackend
from kazkg.query.nameindex import key
from kazkg.query.resolve import name_index
from kazkg.vocab import KZ, KZID


def _entities(compiled: CompiledStore) -> list[tuple[str, str, str | None]]:
    """``(iri, label, description)`` of every entity of the graph, from its name index."""
    with OxigraphBackend.open(compiled) as backend:
        index = name_index(backend)
        rows = index.db.execute("SELECT id, iri, label, description FROM entity").fetchall()
        entities = index.entities([row[0] for row in rows])
        return [
            (iri, label, description)
            for i, iri, label, description in rows
            if iri.startswith(KZID) and entities[i].within([KZ.Entity])
        ]


def test_no_two_entities_share_a_label(compiled: CompiledStore) -> None:
    by_label: dict[str, set[str]] = defaultdict(set)
    entities = _entities(compiled)
    for iri, label, _ in entities:
        by_label[key(label)].add(iri)
    assert len(entities) > 300
    assert {label: iris for label, iris in by_label.items() if len(iris) > 1} == {}


def test_same_titled_acts_are_told_apart_by_year(compiled: CompiledStore) -> None:
    labels = {iri: label for iri, label, _ in _entities(compiled)}
    assert labels[KZID.term("law-on-national-security-1998")].endswith("(1998)")
    assert labels[KZID.term("law-on-national-security-2012")].endswith("(2012)")


def test_every_entity_has_a_one_line_description(compiled: CompiledStore) -> None:
    missing = [iri for iri, _, description in _entities(compiled) if not description]
    assert missing == []
    assert all("\n" not in (d or "") for _, _, d in _entities(compiled))
