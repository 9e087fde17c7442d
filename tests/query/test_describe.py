"""``describe``: everything about one entity, read from its side, each fact with its quotes."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from kazkg.build.store import CompiledStore
from kazkg.errors import QueryError
from kazkg.query.backends import Backend, open_backend
from kazkg.query.describe import describe, description
from kazkg.vocab import KZ, KZID


@pytest.fixture(scope="module")
def backend(compiled: CompiledStore) -> Iterator[Backend]:
    with open_backend("oxigraph", compiled) as opened:
        yield opened


def test_an_agency_has_its_names_dates_and_both_sides_of_its_successions(backend: Backend) -> None:
    about = describe(backend, "Agency for Religious Affairs")
    assert about.iri == KZID.term("agency-for-religious-affairs")
    assert about.classes == [(KZ.StateBody, "state body")] and about.description
    assert (about.existed.start, about.existed.end) == ("2011", "2014-08")
    groups = about.by_relation()
    (before,) = groups["preceded by"]
    (after,) = groups["succeeded by"]
    assert before.direction == "in" and after.direction == "out"
    assert before.others[0].iri == KZID.term("committee-for-religious-affairs-2008")
    assert after.date == "2014-08" and ("kind of change", "transformation") in after.details
    assert all(statement.quotes for statement in about.statements)


def test_an_event_names_its_place_and_roles_and_its_statistics(backend: Backend) -> None:
    about = description(backend, KZID.term("atyrau-bombings-2011"))
    groups = about.by_relation()
    assert [p.iri for s in groups["place"] for p in s.others] == [KZID.term("atyrau")]
    assert groups["responsibility claimed by"][0].others[0].iri == KZID.term("jund-al-khalifa")
    assert about.statistics and about.statistics[0].kind == KZ.Statistic


def test_a_law_and_a_person_are_described_through_the_facts_that_name_them(
    backend: Backend,
) -> None:
    person = describe(backend, "Nursultan Nazarbayev")
    signed = [s for s in person.statements if s.kind == KZ.Adoption]
    assert signed and all(("stage", "signed") in s.details for s in signed)
    article = description(backend, KZID.term("criminal-code-1997-art-233-3"))
    (renumbered,) = article.by_relation()["renumbered as"]
    assert renumbered.others[0].iri == KZID.term("criminal-code-2014-art-258")


def test_the_json_form_is_plain_data(backend: Backend) -> None:
    data = json.loads(json.dumps(describe(backend, "SCO").to_json()))
    assert data["format"] == 1 and data["label"] == "Shanghai Cooperation Organization"
    assert {"fact", "relation", "direction", "others", "quotes"} <= set(data["statements"][0])


def test_an_iri_the_graph_says_nothing_about_is_an_error(backend: Backend) -> None:
    with pytest.raises(QueryError, match="nothing in the graph is about"):
        description(backend, KZID.term("no-such-entity"))
