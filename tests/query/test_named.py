"""Named queries: headers, the catalogue of competency questions, safe typed parameters, and
the answers to the competency questions on the real graph."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from kazkg.build.store import CompiledStore
from kazkg.errors import ParameterError, QueryError
from kazkg.query import named as queries
from kazkg.query.backends import open_backend
from kazkg.query.backends.oxigraph import OxigraphBackend
from kazkg.query.named import NamedQuery, Parameter
from kazkg.resources import Workspace
from kazkg.terms import ResultTable, Term
from kazkg.vocab import KZ, KZID, XSD

COMPETENCY_QUESTIONS = {
    "lineage",
    "responsible-on-date",
    "parent-on-date",
    "banned-organisations",
    "memberships",
    "members-of",
    "anti-terrorism-center-structure",
    "acts-adopted",
    "act-changes",
    "criminal-code-concordance",
    "agreements",
    "events-in-period",
    "statistics",
    "evidence",
    "changes-in-year",
}


@pytest.fixture(scope="module")
def backend(compiled: CompiledStore) -> Iterator[OxigraphBackend]:
    with OxigraphBackend.open(compiled) as opened:
        yield opened


def write_query(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.rq"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def iris(table: ResultTable, column: str) -> set[str]:
    return {t.value for t in table.column(column) if t is not None}


# --- the catalogue -------------------------------------------------------------------------


def test_every_competency_question_has_a_named_query() -> None:
    assert {q.name for q in queries.catalogue()} >= COMPETENCY_QUESTIONS


@pytest.mark.parametrize("query", queries.catalogue(), ids=lambda q: q.name)
def test_every_named_query_is_a_documented_select_with_an_example(query: NamedQuery) -> None:
    assert query.title and query.description
    assert query.form == "SELECT"
    assert all(p.description for p in query.parameters)
    assert {p.name for p in query.parameters if p.required} <= set(query.example)


@pytest.mark.parametrize("query", queries.catalogue(), ids=lambda q: q.name)
def test_ordered_queries_order_by_every_projected_key(query: NamedQuery) -> None:
    """ORDER BY names enough variables for one order on every backend."""
    order = re.search(r"ORDER BY (.*)$", query.text, re.MULTILINE)
    assert order is not None
    assert len(order.group(1).split()) >= 2


def test_an_unknown_query_lists_the_known_ones() -> None:
    with pytest.raises(QueryError, match=r"no named query 'nope'; known queries: .*lineage"):
        queries.get("nope")


# --- headers ----------------------------------------------------------------------------------


def test_a_header_declares_title_description_parameters_and_example(tmp_path: Path) -> None:
    write_query(
        tmp_path,
        "sample",
        """\
        # title: A sample
        # description: First line
        #   and its continuation.
        # param: body entity required -- the body
        # param: day date default=2012-06-01 -- a day
        # param: upto year optional -- a year
        # example: body="Agency for Religious Affairs"
        SELECT ?x WHERE { ?body ?p ?x FILTER(?day != ?upto) }
        """,
    )
    (query,) = queries.catalogue(tmp_path)
    assert (query.name, query.title, query.description) == (
        "sample",
        "A sample",
        "First line and its continuation.",
    )
    assert query.parameters == (
        Parameter("body", "entity", True, None, "the body"),
        Parameter("day", "date", False, "2012-06-01", "a day"),
        Parameter("upto", "year", False, None, "a year"),
    )
    assert query.example == {"body": "Agency for Religious Affairs"}


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("# description: no title\n", "no 'title:' line"),
        (
            "# title: t\n# param: x colour required -- bad type\n",
            r"sample.rq:2: expected 'param: NAME TYPE",
        ),
        (
            "# title: t\n# param: x date sometimes -- bad need\n",
            "must be required, optional or default",
        ),
        ("# title: t\n# param: unused date required -- never used\n", "not used as \\?unused"),
        ("# title: t\n# param: x date required -- a\n# example: y=1\n", "undeclared parameters: y"),
    ],
)
def test_a_malformed_header_names_the_file_and_the_problem(
    tmp_path: Path, header: str, message: str
) -> None:
    path = write_query(tmp_path, "sample", header + "SELECT * WHERE { ?s ?p ?x }\n")
    with pytest.raises(QueryError, match=message):
        queries.parse(path)


# --- parameters -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "value", "term"),
    [
        ("date", "2012-06-01", Term.literal("2012-06-01")),
        ("date", "2014-08", Term.literal("2014-08")),
        ("year", "2011", Term.literal("2011")),
        ("integer", "+42", Term.literal("42", XSD.term("integer"))),
        ("iri", "kzid:kazakhstan", Term.iri(KZID.term("kazakhstan"))),
        ("iri", "<https://example.org/x>", Term.iri("https://example.org/x")),
        ("string", 'say "hi" }', Term.literal('say "hi" }')),
    ],
)
def test_parameter_values_become_validated_terms(kind: str, value: str, term: Term) -> None:
    assert queries.term_for(Parameter("p", kind), value, None) == term


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("date", "2012-13-01"),
        ("date", "June 2012"),
        ("year", "20111"),
        ("integer", "4.2"),
        ("iri", "not an iri"),
        ("iri", "http://x/ y"),
        ("string", "nul\x00byte"),
    ],
)
def test_invalid_parameter_values_are_rejected_naming_the_parameter(kind: str, value: str) -> None:
    with pytest.raises(ParameterError) as raised:
        queries.term_for(Parameter("p", kind), value, None)
    assert raised.value.parameter == "p" and str(raised.value).startswith("p: ")


def test_an_entity_parameter_accepts_a_name_an_alias_an_iri_or_a_curie(
    backend: OxigraphBackend,
) -> None:
    agency = KZID.term("agency-for-religious-affairs")
    parameter = Parameter("agency", "entity")
    for value in (
        "Agency for Religious Affairs of the Republic of Kazakhstan",
        "Agency for Religious Affairs",
        "kzid:agency-for-religious-affairs",
        agency,
        f"<{agency}>",
    ):
        assert queries.term_for(parameter, value, backend) == Term.iri(agency)


def test_a_missing_required_parameter_lists_the_parameters(backend: OxigraphBackend) -> None:
    with pytest.raises(
        QueryError,
        match=r"parameter 'date' of query 'parent-on-date': required; .*"
        r"agency \(entity, required\), date \(date, required\)",
    ):
        queries.run(backend, "parent-on-date", {"agency": "kzid:agency-for-religious-affairs"})


def test_an_unknown_parameter_lists_the_parameters(backend: OxigraphBackend) -> None:
    with pytest.raises(QueryError, match=r"has no parameter 'colour'; its parameters: agency"):
        queries.run(backend, "lineage", {"colour": "red"})


def test_defaults_fill_in_missing_parameters(backend: OxigraphBackend) -> None:
    explicit = queries.run(backend, "memberships", {"member": "kzid:kazakhstan"})
    assert queries.run(backend, "memberships") == explicit


def test_an_optional_parameter_left_out_widens_and_given_narrows(backend: OxigraphBackend) -> None:
    everything = queries.run(backend, "criminal-code-concordance")
    article = everything.rows[0][0]
    assert article is not None
    narrowed = queries.run(backend, "criminal-code-concordance", {"article": article.value})
    assert 0 < len(narrowed) < len(everything)
    assert narrowed.as_set() <= everything.as_set()


# --- the competency questions on the real graph --------------------------------------------


def test_lineage_lists_the_religious_affairs_successions_in_date_order(
    backend: OxigraphBackend,
) -> None:
    table = queries.run(backend, "lineage", {"agency": "Agency for Religious Affairs"})
    bodies = iris(table, "from") | iris(table, "to")
    for slug in (
        "office-of-the-commissioner-for-religious-affairs-kazakh-ssr",
        "ministry-of-information-and-public-accord",
        "committee-for-religious-affairs-2008",
        "agency-for-religious-affairs",
        "committee-on-religious-affairs-2014",
    ):
        assert KZID.term(slug) in bodies
    dates = [t.value for t in table.column("date") if t is not None]
    assert dates == sorted(dates)
    assert all(row[table.variables.index("quote")] is not None for row in table.rows)


def test_the_body_responsible_for_religious_affairs_in_mid_2012_is_the_agency(
    backend: OxigraphBackend,
) -> None:
    table = queries.run(backend, "responsible-on-date", {"date": "2012-06-01"})
    bodies = iris(table, "body")
    assert KZID.term("agency-for-religious-affairs") in bodies
    assert KZID.term("committee-for-religious-affairs-2008") not in bodies
    assert KZID.term("committee-on-religious-affairs-2014") not in bodies


def test_the_2008_committee_had_two_parents_over_time(backend: OxigraphBackend) -> None:
    committee = "kzid:committee-for-religious-affairs-2008"
    on = {
        day: iris(
            queries.run(backend, "parent-on-date", {"agency": committee, "date": day}), "parent"
        )
        for day in ("2009", "2010", "2011-03")
    }
    justice, culture = KZID.term("ministry-of-justice"), KZID.term("ministry-of-culture")
    assert on["2009"] == {justice}
    assert on["2010"] == {justice, culture}
    assert on["2011-03"] == {culture}


def test_banned_organisations_come_with_court_and_date(backend: OxigraphBackend) -> None:
    table = queries.run(backend, "banned-organisations")
    assert table.rows
    for row in table.dicts():
        assert row["court"] and row["date"] and row["quote"]


def test_the_founders_of_the_sco_include_kazakhstan(backend: OxigraphBackend) -> None:
    table = queries.run(backend, "members-of", {"organisation": "SCO", "role": "founding member"})
    assert KZID.term("kazakhstan") in iris(table, "member")
    assert iris(table, "role_held") == {KZ.NS + "FoundingMember"}
    assert len(queries.run(backend, "members-of", {"organisation": "SCO"})) >= len(table)


def test_kazakhstans_memberships_include_the_sco(backend: OxigraphBackend) -> None:
    table = queries.run(backend, "memberships")
    assert KZID.term("shanghai-cooperation-organization") in iris(table, "organisation")


def test_the_anti_terrorism_center_has_ten_agencies_in_its_structure(
    backend: OxigraphBackend,
) -> None:
    table = queries.run(backend, "anti-terrorism-center-structure")
    members = {
        t.value
        for t, link in zip(table.column("agency"), table.column("link"), strict=True)
        if t is not None and link is not None and link.value == KZ.NS + "Membership"
    }
    assert len(members) == 10


def test_acts_adopted_in_a_range_fall_within_it(backend: OxigraphBackend) -> None:
    table = queries.run(backend, "acts-adopted", {"from": "2011", "to": "2013"})
    years = {t.value[:4] for t in table.column("date") if t is not None}
    assert years and years <= {"2011", "2012", "2013"}
    single = queries.run(backend, "acts-adopted", {"from": "2011"})
    assert {t.value[:4] for t in single.column("date") if t is not None} == {"2011"}


def test_act_changes_read_both_directions(backend: OxigraphBackend) -> None:
    old = queries.run(backend, "act-changes", {"act": "kzid:law-on-national-security-1998"})
    assert {t.value for t in old.column("relation") if t} == {KZ.NS + "replacedBy"}
    (newer,) = iris(old, "other")
    new = queries.run(backend, "act-changes", {"act": newer})
    assert KZ.NS + "replaces" in {t.value for t in new.column("relation") if t}


def test_the_concordance_answers_from_either_code(backend: OxigraphBackend) -> None:
    table = queries.run(backend, "criminal-code-concordance")
    row = table.rows[0]
    old, new = row[0], row[1]
    assert old is not None and new is not None
    from_old = queries.run(backend, "criminal-code-concordance", {"article": old.value})
    from_new = queries.run(backend, "criminal-code-concordance", {"article": new.value})
    assert row in from_old.rows and row in from_new.rows


def test_agreements_of_kazakhstan_have_a_stage(backend: OxigraphBackend) -> None:
    table = queries.run(backend, "agreements")
    assert table.rows and all(t is not None for t in table.column("stage"))


def test_events_in_a_period_overlap_it(backend: OxigraphBackend) -> None:
    table = queries.run(backend, "events-in-period", {"from": "2009", "to": "2009"})
    assert table.rows
    for start, end in zip(table.column("start"), table.column("end"), strict=True):
        assert (start is None or start.value[:4] <= "2009") and (
            end is None or end.value[:4] >= "2009"
        )


def test_statistics_about_a_subject_are_about_it(backend: OxigraphBackend) -> None:
    everything = queries.run(backend, "statistics")
    subject = next(t for t in everything.column("about") if t is not None)
    about = queries.run(backend, "statistics", {"subject": subject.value})
    assert about.rows and iris(about, "about") == {subject.value}


def test_evidence_between_two_entities_quotes_the_facts(backend: OxigraphBackend) -> None:
    table = queries.run(
        backend,
        "evidence",
        {"a": "kzid:committee-for-religious-affairs-2008", "b": "kzid:ministry-of-justice"},
    )
    assert KZID.term("fact-subordination-committee-2008-to-ministry-of-justice") in iris(
        table, "fact"
    )
    assert all(t is not None and t.value for t in table.column("quote"))
    reverse = queries.run(
        backend,
        "evidence",
        {"b": "kzid:committee-for-religious-affairs-2008", "a": "kzid:ministry-of-justice"},
    )
    assert reverse.as_set() == table.as_set()


def test_changes_in_a_year_are_dated_in_that_year(backend: OxigraphBackend) -> None:
    table = queries.run(backend, "changes-in-year", {"year": "2011"})
    assert KZID.term("fact-succession-2011-committee-to-agency") in iris(table, "fact")
    assert all(t is not None and t.value.startswith("2011") for t in table.column("date"))


# --- any SPARQL -------------------------------------------------------------------------------


def test_execute_predeclares_the_standard_prefixes(backend: OxigraphBackend) -> None:
    table = queries.execute(backend, "SELECT ?m WHERE { ?m a kz:Ministry } LIMIT 1")
    assert isinstance(table, ResultTable) and len(table) == 1


@pytest.mark.parametrize("kind", ["oxigraph", "memory"])
def test_a_syntax_error_is_one_line_pointing_at_the_users_own_text(
    kind: str, workspace: Workspace, compiled: CompiledStore
) -> None:
    text = "SELECT ?m WHERE { ?m a kz:Ministry"
    with open_backend(kind, compiled) as opened, pytest.raises(QueryError) as raised:
        queries.execute(opened, text)
    message = str(raised.value)
    assert f"at 1:{len(text) + 1}" in message and "\n" not in message


def test_execute_returns_booleans_and_triples_for_ask_and_construct(
    backend: OxigraphBackend,
) -> None:
    assert queries.execute(backend, "ASK { kzid:kazakhstan ?p ?o }") is True
    data = queries.execute(backend, "CONSTRUCT WHERE { kzid:kazakhstan rdfs:label ?l }")
    assert isinstance(data, bytes) and b"kazakhstan" in data
