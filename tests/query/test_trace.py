"""Lineage: the religious-affairs chain from the Soviet-era office to the 2014 Committee."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from kazkg.build.store import CompiledStore
from kazkg.errors import QueryError
from kazkg.query.backends.base import Backend
from kazkg.query.backends.memory import MemoryBackend
from kazkg.query.backends.oxigraph import OxigraphBackend
from kazkg.query.trace import Lineage, lineage, trace
from kazkg.time import not_after
from kazkg.vocab import KZID
from tests.samples import RELIGIOUS_AFFAIRS_LINE

CHAIN = RELIGIOUS_AFFAIRS_LINE
"""The chain as docs/modelling.md fixes it, oldest first."""


@pytest.fixture(scope="module")
def backend(compiled: CompiledStore) -> Iterator[OxigraphBackend]:
    with OxigraphBackend.open(compiled) as opened:
        yield opened


@pytest.fixture(scope="module")
def agency(backend: Backend) -> Lineage:
    return trace(backend, "Agency for Religious Affairs", as_of="2012-06-01")


def test_tracing_the_agency_gives_the_chain_in_order(agency: Lineage) -> None:
    assert [step.iri for step in agency.steps] == CHAIN
    assert agency.entity == KZID.term("agency-for-religious-affairs")


def test_the_chain_is_dated_and_each_body_starts_where_the_one_before_ends(agency: Lineage) -> None:
    dated = [step for step in agency.steps if step.start]
    assert [s.iri for s in dated] == CHAIN[2:]
    starts = [s.start for s in dated]
    assert starts == sorted(starts)
    for before, after in zip(agency.steps, agency.steps[1:], strict=False):
        assert before.event is not None and before.event.to == after.iri
        if before.event.date is None:  # dated only by an occasion: the same one on both sides
            assert before.end_occasion == after.start_occasion == before.event.occasion_label
        else:
            assert before.end == after.start == before.event.date


def test_the_soviet_office_ends_no_later_than_the_bound_the_source_sets_for_the_collapse(
    agency: Lineage,
) -> None:
    soviet, ministry = agency.steps[0], agency.steps[1]
    assert soviet.end == "1992-01" and soviet.existed_until == "1992-01"
    assert ministry.start is None and ministry.end == "2008"
    assert ministry.existed_until is None  # a transfer of functions leaves the ministry in place


def test_the_soviet_office_comes_first_with_its_occasion_instead_of_a_date(agency: Lineage) -> None:
    first = agency.steps[0]
    assert first.event is not None and first.event.date is None
    assert first.event.occasion == KZID.term("collapse-of-the-soviet-union")
    assert first.event.occasion_label and "Soviet" in first.event.occasion_label
    assert agency.steps[1].start_occasion == first.event.occasion_label


def test_every_link_to_the_next_body_carries_its_kind_and_quotes(agency: Lineage) -> None:
    for step in agency.steps[:-1]:
        assert step.event is not None
        assert step.event.kind_label and step.evidence
        assert step.evidence == step.event.evidence
    assert agency.steps[-1].event is None


def test_the_2008_committee_shows_both_parent_ministries_with_their_spans(agency: Lineage) -> None:
    committee = agency.step(KZID.term("committee-for-religious-affairs-2008"))
    parents = {p.iri: (p.start, p.end) for p in committee.parents}
    assert set(parents) == {KZID.term("ministry-of-justice"), KZID.term("ministry-of-culture")}
    assert all(start and end for start, end in parents.values())
    justice, culture = (
        parents[KZID.term("ministry-of-justice")],
        parents[KZID.term("ministry-of-culture")],
    )
    assert not_after(justice[0], culture[0])


def test_parents_overlap_the_life_of_their_body(agency: Lineage) -> None:
    for step in agency.steps:
        for parent in step.parents:
            assert parent.start is None or step.end is None or not_after(parent.start, step.end)
            assert parent.end is None or step.start is None or not_after(step.start, parent.end)


def test_as_of_mid_2012_marks_only_the_agency(agency: Lineage) -> None:
    assert [s.iri for s in agency.steps if s.current] == [KZID.term("agency-for-religious-affairs")]


def test_as_of_a_year_counts_both_bodies_of_a_change_within_it(backend: Backend) -> None:
    current = [
        s.iri
        for s in trace(backend, "Agency for Religious Affairs", as_of="2011").steps
        if s.current
    ]
    assert current == [
        KZID.term("committee-for-religious-affairs-2008"),
        KZID.term("agency-for-religious-affairs"),
    ]


def test_without_as_of_nothing_is_marked(backend: Backend) -> None:
    assert {s.current for s in lineage(backend, CHAIN[0]).steps} == {None}


@pytest.mark.parametrize("member", CHAIN)
def test_the_lineage_is_the_same_from_any_member_of_the_chain(
    backend: Backend, agency: Lineage, member: str
) -> None:
    other = lineage(backend, member, as_of="2012-06-01")
    assert other.steps == agency.steps
    assert other.entity == member


def test_the_memory_backend_traces_the_same_lineage(
    compiled: CompiledStore, agency: Lineage
) -> None:
    with MemoryBackend.open(compiled) as memory:
        assert (
            trace(memory, "Agency for Religious Affairs", as_of="2012-06-01").steps == agency.steps
        )


def test_the_json_form_is_a_list_of_steps_with_the_documented_keys(agency: Lineage) -> None:
    data = json.loads(json.dumps(agency.to_json()))
    assert data["format"] == 2 and data["as_of"] == "2012-06-01" and data["entity"] == agency.entity
    assert [step["iri"] for step in data["steps"]] == CHAIN
    keys = {
        "iri",
        "label",
        "start",
        "end",
        "existed_from",
        "existed_until",
        "start_occasion",
        "end_occasion",
        "current",
        "existed",
        "parents",
        "event",
        "evidence",
        "events",
    }
    assert all(set(step) == keys for step in data["steps"])
    event = data["steps"][2]["event"]
    assert set(event) == {"iri", "kind", "date", "occasion", "next", "evidence"}
    assert event["next"]["iri"] == CHAIN[3]


def test_a_body_without_successions_is_a_lineage_of_one(backend: Backend) -> None:
    alone = lineage(backend, KZID.term("ministry-of-defence"))
    assert [s.iri for s in alone.steps] == [KZID.term("ministry-of-defence")]


def test_an_iri_that_is_not_in_the_graph_is_an_error(backend: Backend) -> None:
    with pytest.raises(QueryError, match="no body"):
        lineage(backend, KZID.term("no-such-body"))


def test_a_bad_as_of_date_is_an_error(backend: Backend) -> None:
    with pytest.raises(QueryError, match="as_of: not a real date"):
        lineage(backend, CHAIN[0], as_of="2012-02-30")
