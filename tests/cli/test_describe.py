"""``kazkg describe NAME``: everything about one entity as text, json, csv and ttl, on an agency,
a law, an event and a person."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

import pyoxigraph as ox
import pytest

from kazkg.vocab import KZ, KZID

Run = Callable[..., Any]


def test_an_agency_reads_as_text_with_its_successions_and_their_quotes(kazkg: Run) -> None:
    result = kazkg("describe", "Agency for Religious Affairs")
    assert result.status == 0
    lines = result.out.splitlines()
    assert lines[0] == (
        "Agency for Religious Affairs of the Republic of Kazakhstan  "
        "(kzid:agency-for-religious-affairs)"
    )
    assert "existed: 2011 – 2014-08" in lines
    after = lines.index("succeeded by")
    assert lines[after + 1].startswith(
        "  Committee on Religious Affairs of the Ministry of Culture"
    )
    assert lines[after + 2] == (
        "    “In August 2014, the Agency was transformed into the Committee on Religious Affairs "
        "of the Ministry of Culture and Sports.”"
    )


def test_a_law_in_json_lists_its_adoption_with_the_best_quote(kazkg: Run) -> None:
    data = json.loads(kazkg("describe", "Law on Religious Activity", "--format", "json").out)
    assert data["iri"] == KZID.term("law-on-religious-activity-2011")
    assert data["description"] and data["classes"][0]["iri"] == KZ.Law
    adoptions = [s for s in data["statements"] if s["kind"]["iri"] == KZ.Adoption]
    assert adoptions and all(s["quote"] in s["quotes"] for s in adoptions)


def test_an_event_in_csv_has_one_row_per_entity_it_links(kazkg: Run) -> None:
    rows = list(csv.DictReader(io.StringIO(kazkg("describe", "Atyrau bombings", "-f", "csv").out)))
    others = {row["other"]: row for row in rows}
    assert others[KZID.term("atyrau")]["relation"] == "place"
    assert others[KZID.term("jund-al-khalifa")]["relation"] == "responsibility claimed by"
    assert all(row["quote"] for row in rows)


def test_a_person_in_turtle_is_the_triples_of_the_facts_that_name_them(kazkg: Run) -> None:
    result = kazkg("describe", "Nazarbayev", "--format", "ttl")
    graph = ox.Store()
    graph.load(result.out.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    person = ox.NamedNode(KZID.term("nursultan-nazarbayev"))
    assert list(graph.quads_for_pattern(person, None, None))
    signer = list(graph.quads_for_pattern(None, ox.NamedNode(KZ.NS.term("adopter")), person))
    assert signer and all(
        list(graph.quads_for_pattern(q.subject, ox.NamedNode(KZ.quote), None)) for q in signer
    )


def test_all_quotes_shows_every_quote_of_a_fact(kazkg: Run) -> None:
    one = kazkg("describe", "Committee for Religious Affairs").out
    every = kazkg("describe", "Committee for Religious Affairs", "--all-quotes").out
    assert every.count("“") > one.count("“")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Religious Committee", "no entity is named 'Religious Committee'; closest: "),
        ("kzid:no-such-entity", "nothing in the graph is about"),
    ],
)
def test_an_unknown_entity_is_one_line(kazkg: Run, name: str, message: str) -> None:
    result = kazkg("describe", name)
    assert result.status == 1 and message in result.err and result.err.count("\n") == 1
