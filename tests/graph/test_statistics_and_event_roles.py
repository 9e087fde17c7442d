"""Statistics keep the source's qualifiers, ranges and areas; event roles are checked by kind."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest

from kazkg.build import build
from kazkg.build.load import load_turtle
from kazkg.errors import ValidationError
from kazkg.resources import Workspace, ontology_dir
from kazkg.vocab import KZ

# The words before a figure that make it approximate or a bound, and the qualifier each implies.
QUALIFYING_WORDS = {
    "more than": "MoreThan",
    "over": "MoreThan",
    "about": "About",
    "approximately": "About",
    "at least": "AtLeast",
    "less than": "LessThan",
    "up to": "UpTo",
    "at most": "UpTo",
}


@pytest.fixture(scope="module")
def statistics(workspace: Workspace) -> dict[str, dict[str, list[str]]]:
    """Each statistic of the graph files: its property local names and their values."""
    store = ox.Store()
    load_turtle(store, [*workspace.ontology_files(), *workspace.graph_files()])
    rows: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    solutions = store.query(
        f"""SELECT ?s ?p ?o WHERE {{ ?s a <{KZ.Statistic}> ; ?p ?o .
                FILTER(STRSTARTS(STR(?p), "{KZ.NS}")) }}"""
    )
    assert isinstance(solutions, ox.QuerySolutions)
    for solution in solutions:
        subject, predicate, value = (solution[name] for name in ("s", "p", "o"))
        assert subject is not None and predicate is not None and value is not None
        rows[subject.value][predicate.value.removeprefix(KZ.NS)].append(value.value)
    return rows


def test_every_statistic_states_one_figure_or_a_range_and_how_it_is_qualified(
    statistics: dict[str, dict[str, list[str]]],
) -> None:
    assert len(statistics) > 40
    for iri, values in statistics.items():
        single = len(values["value"]) == 1 and not values["minValue"] and not values["maxValue"]
        ranged = not values["value"] and len(values["minValue"]) == len(values["maxValue"]) == 1
        assert single or ranged, iri
        if ranged:
            assert float(values["minValue"][0]) <= float(values["maxValue"][0]), iri
        (qualifier,) = values["valueQualifier"]
        assert qualifier.startswith(KZ.NS), iri


def _figures(number: str) -> list[str]:
    """How the source may write a figure: 5000 as "5000" or "5,000"."""
    value = float(number)
    if value != int(value):
        return [number]
    return sorted({str(int(value)), f"{int(value):,}"})


def test_a_figure_the_source_qualifies_carries_that_qualifier(
    statistics: dict[str, dict[str, list[str]]],
) -> None:
    words = "|".join(sorted(map(re.escape, QUALIFYING_WORDS), key=len, reverse=True))
    checked = 0
    for iri, values in statistics.items():
        qualifier = values["valueQualifier"][0].removeprefix(KZ.NS)
        for number in values["value"] + values["minValue"]:
            for figure in _figures(number):
                pattern = rf"\b({words})\s+{re.escape(figure)}(?![\d,.])"
                found = {
                    m.group(1).lower() for q in values["quote"] for m in re.finditer(pattern, q)
                }
                for word in found:
                    checked += 1
                    assert QUALIFYING_WORDS[word] == qualifier, (iri, word, figure)
    assert checked >= 4, "the source's qualified figures (more than 55 percent, ...) were found"


PREFIXES = """@prefix kz: <https://w3id.org/kazkg/ontology#> .
@prefix kzid: <https://w3id.org/kazkg/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
kzid:doc a kz:SourceDocument ; rdfs:label "Doc"@en ; kz:quote "alpha" ; dcterms:identifier "doc.txt" ;
    kz:sha256 "0000000000000000000000000000000000000000000000000000000000000000" ;
    prov:wasDerivedFrom kzid:doc .
kzid:land a kz:State ; rdfs:label "Land"@en ; kz:quote "alpha" ; prov:wasDerivedFrom kzid:doc .
kzid:city a kz:City ; rdfs:label "City"@en ; kz:quote "alpha" ; prov:wasDerivedFrom kzid:doc .
kzid:group a kz:ExtremistOrganization ; rdfs:label "Group"@en ; kz:quote "alpha" ;
    prov:wasDerivedFrom kzid:doc .
"""


def _violations(tmp_path: Path, turtle: str) -> set[tuple[str, str | None]]:
    """The (focus local name, path local name) pairs SHACL reports for a small graph."""
    graph = tmp_path / "graph"
    graph.mkdir()
    (graph / "data.ttl").write_text(PREFIXES + turtle, encoding="utf-8")
    workspace = Workspace(ontology=ontology_dir(), graph=graph, store=tmp_path / "store")
    try:
        build(workspace)
    except ValidationError as error:
        return {
            (v.focus.rsplit("/", 1)[-1], v.path.rsplit("#", 1)[-1] if v.path else None)
            for v in error.violations
        }
    return set()


STATISTIC = """kzid:stat-x a kz:Statistic ; rdfs:label "X"@en ; kz:quote "alpha" ;
    prov:wasDerivedFrom kzid:doc ; kz:statisticSubject kzid:land ; kz:unit "people" ;
"""


def test_a_range_with_a_qualifier_and_an_area_is_a_valid_statistic(tmp_path: Path) -> None:
    turtle = STATISTIC + (
        "kz:minValue 2000 ; kz:maxValue 3000 ; kz:valueQualifier kz:About ; kz:refArea kzid:land ;"
        ' kz:startDate "2004"^^xsd:gYear ; kz:endDate "2013"^^xsd:gYear .'
    )
    assert _violations(tmp_path, turtle) == set()


@pytest.mark.parametrize(
    ("figures", "path"),
    [
        ("kz:value 3 ; kz:minValue 2 ; kz:maxValue 4", None),
        ("kz:minValue 2", None),
        ("kz:minValue 5 ; kz:maxValue 2", "minValue"),
        ("kz:value 3 ; kz:valueQualifier kzid:land", "valueQualifier"),
        ("kz:value 3 ; kz:refArea kzid:group", "refArea"),
        ('kz:value 3 ; kz:date "2001"^^xsd:gYear ; kz:startDate "2001"^^xsd:gYear', None),
    ],
)
def test_a_malformed_statistic_is_a_violation(
    tmp_path: Path, figures: str, path: str | None
) -> None:
    assert ("stat-x", path) in _violations(tmp_path, STATISTIC + figures + " .")


@pytest.mark.parametrize(
    ("role", "value", "valid"),
    [
        ("kz:suspect", "kzid:group", True),
        ("kz:suspect", "kzid:city", False),
        ("kz:responsibilityClaimedBy", "kzid:group", True),
        ("kz:perpetrator", "kzid:land", False),
        ("kz:host", "kzid:land", True),
        ("kz:host", "kzid:city", False),
        ("kz:place", "kzid:group", False),
    ],
)
def test_an_event_role_takes_entities_of_its_kind(
    tmp_path: Path, role: str, value: str, valid: bool
) -> None:
    turtle = (
        'kzid:attack a kz:Attack ; rdfs:label "Attack"@en ; kz:quote "alpha" ;'
        f" prov:wasDerivedFrom kzid:doc ; {role} {value} ."
    )
    expected = set() if valid else {("attack", role.removeprefix("kz:"))}
    assert _violations(tmp_path, turtle) == expected
