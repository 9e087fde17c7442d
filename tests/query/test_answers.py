"""Evidence in every answer: each named query that returns facts has a ``quote`` column holding
the quote that best names its row; and the questions a researcher reaches for (agreements an
organisation adopted, participation, statistics by words, events with place and organiser)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from kazkg.build.store import CompiledStore
from kazkg.query import named as queries
from kazkg.query.backends.oxigraph import OxigraphBackend
from kazkg.query.evidence import quotes_of
from kazkg.query.named import NamedQuery, evidence_column
from kazkg.resources import queries_dir
from kazkg.terms import ResultTable
from kazkg.vocab import KZ, KZID


@pytest.fixture(scope="module")
def backend(compiled: CompiledStore) -> Iterator[OxigraphBackend]:
    with OxigraphBackend.open(compiled) as opened:
        yield opened


def _column(table: ResultTable, name: str) -> list[str | None]:
    return [None if t is None else t.value for t in table.column(name)]


@pytest.mark.parametrize("query", queries.catalogue(), ids=lambda q: q.name)
def test_every_answer_with_facts_quotes_each_row_from_its_own_fact(
    backend: OxigraphBackend, query: NamedQuery
) -> None:
    table = queries.run(backend, query, query.example)
    assert "quote" in table.variables, "every named query answers with its evidence"
    column = query.evidence or "fact"
    if column not in table.variables:
        return  # the query returns quotes themselves (evidence, search-quotes)
    facts = [t.value for t in table.column(column) if t is not None]
    quotes = quotes_of(backend, facts)
    for fact, quote in zip(_column(table, column), _column(table, "quote"), strict=True):
        assert fact is not None and quote in quotes[fact]


def test_no_named_query_chooses_a_quote_with_min() -> None:
    for path in sorted(queries_dir().glob("*.rq")):
        assert not re.search(r"MIN\s*\(\s*\?q", path.read_text(encoding="utf-8")), path.name


def test_the_ministry_of_culture_row_cites_the_delegation_to_it(backend: OxigraphBackend) -> None:
    table = queries.run(
        backend, "parent-on-date", {"agency": "Committee for Religious Affairs", "date": "2010"}
    )
    rows = {row["parent"]: row["quote"] for row in table.dicts()}
    assert rows[KZID.term("ministry-of-culture")] == (
        "in 2010, that committee was delegated to the jurisdiction of the Ministry of Culture"
    )


def test_all_quotes_lists_every_quote_best_first(backend: OxigraphBackend) -> None:
    params = {"agency": "Committee for Religious Affairs", "date": "2010"}
    best = queries.run(backend, "parent-on-date", params)
    every = queries.run(backend, "parent-on-date", params, all_quotes=True)
    for one, all_of_them in zip(_column(best, "quote"), _column(every, "quote"), strict=True):
        assert one is not None and all_of_them is not None
        assert all_of_them.split("\n")[0] == one
    assert any("\n" in (quote or "") for quote in _column(every, "quote"))


def test_a_statistic_is_quoted_where_its_figure_is_stated(backend: OxigraphBackend) -> None:
    table = queries.run(backend, "statistics", {"subject": "Atyrau bombings"})
    row = next(
        r for r in table.dicts() if r["statistic"] == KZID.term("stat-atyrau-bombings-arrested")
    )
    assert row["quote"] is not None and "three people were arrested" in row["quote"]


def test_events_in_a_period_have_their_place_organiser_and_quote(backend: OxigraphBackend) -> None:
    rows = queries.run(backend, "events-in-period", {"from": "2011-10"}).dicts()
    atyrau = [r for r in rows if r["event"] == KZID.term("atyrau-bombings-2011")]
    assert atyrau and atyrau[0]["place"] == KZID.term("atyrau")
    assert atyrau[0]["quote"] and "Atyrau" in atyrau[0]["quote"]
    summits = queries.run(backend, "events-in-period", {"from": "2006"}).dicts()
    cicma = [r for r in summits if r["event"] == KZID.term("cicma-summit-almaty-2006")]
    assert cicma[0]["organiser"] == KZID.term(
        "conference-on-interaction-and-confidence-measures-in-asia"
    )


def test_the_body_responsible_on_a_date_comes_with_its_quote(backend: OxigraphBackend) -> None:
    rows = queries.run(backend, "responsible-on-date", {"date": "2012-06-01"}).dicts()
    agency = [r for r in rows if r["body"] == KZID.term("agency-for-religious-affairs")]
    assert agency and agency[0]["quote"] and "Agency for Religious Affairs" in agency[0]["quote"]


def test_agreements_of_an_organisation_include_the_instruments_it_adopted(
    backend: OxigraphBackend,
) -> None:
    rows = queries.run(backend, "agreements", {"party": "SCO"}).dicts()
    adopted = {r["instrument"] for r in rows if r["link"] == KZ.Adoption}
    assert (
        KZID.term("shanghai-convention-on-combating-terrorism-separatism-and-extremism") in adopted
    )
    kazakhstan = queries.run(backend, "agreements", {}).dicts()
    assert any(r["link"] == KZ.NS.term("PartyStatus") for r in kazakhstan)


def test_memberships_cover_participation_in_international_structures(
    backend: OxigraphBackend,
) -> None:
    rows = queries.run(backend, "memberships", {"member": "ATC"}).dicts()
    roles = {r["organisation"]: r["role"] for r in rows}
    assert roles[KZID.term("regional-anti-terrorist-structure-sco")] == KZ.NS.term("Participant")


def test_statistics_are_filtered_by_words_in_any_order(backend: OxigraphBackend) -> None:
    everything = queries.run(backend, "statistics", {})
    found = queries.run(backend, "statistics", {"text": "ATYRAU arrested"})
    assert _column(found, "statistic") == [KZID.term("stat-atyrau-bombings-arrested")]
    assert 0 < len(queries.run(backend, "statistics", {"text": "terrorism"})) < len(everything)
    assert len(queries.run(backend, "statistics", {"text": "no-such-word-anywhere"})) == 0


def test_statistics_keep_their_qualifier_and_range(backend: OxigraphBackend) -> None:
    rows = queries.run(backend, "statistics", {"subject": "Hizb ut-Tahrir"}).dicts()
    (adherents,) = [r for r in rows if r["statistic"] == KZID.term("stat-hizb-tablighi-adherents")]
    assert (adherents["qualifier"], adherents["low"], adherents["high"]) == (
        KZ.NS.term("About"),
        "2000",
        "3000",
    )
    assert adherents["area"] == KZID.term("kazakhstan")


def test_the_describe_query_reads_every_fact_from_the_entitys_side(
    backend: OxigraphBackend,
) -> None:
    rows = queries.run(backend, "describe", {"entity": "Agency for Religious Affairs"}).dicts()
    others = {r["other"] for r in rows}
    assert {
        KZID.term("committee-for-religious-affairs-2008"),
        KZID.term("committee-on-religious-affairs-2014"),
    } <= others
    assert all(r["quote"] for r in rows)
    event = queries.run(backend, "describe", {"entity": "Atyrau bombings"}).dicts()
    assert {r["property"]: r["other"] for r in event}[KZ.NS.term("place")] == KZID.term("atyrau")


def test_a_query_without_facts_gets_no_quote_column() -> None:
    query = queries.get("search-quotes")
    assert evidence_column(query, ResultTable(["subject", "quote"])) is None
