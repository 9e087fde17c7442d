"""One model of time: every command and every date-taking query gives the same answer to "did
this body exist on D?" and "did it hold its line's function on D?", for every state body and
every year from 1985 to 2020."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kazkg.build.store import CompiledStore
from kazkg.query import named
from kazkg.query.backends import Backend, open_backend
from kazkg.query.projection import Network, load_network
from kazkg.query.selection import Selection, select
from kazkg.query.trace import Lineage, lineage
from kazkg.schema import default_schema
from kazkg.time import Span, existed_on, held_function_on
from kazkg.vocab import KZ, KZID

YEARS = [str(year) for year in range(1985, 2021)]
RELIGIOUS_AFFAIRS_LINE = KZID.term("agency-for-religious-affairs")


@pytest.fixture(scope="module")
def backend(compiled: CompiledStore) -> Iterator[Backend]:
    with open_backend("oxigraph", compiled) as opened:
        yield opened


@pytest.fixture(scope="module")
def network(backend: Backend) -> Network:
    return load_network(backend)


@pytest.fixture(scope="module")
def bodies(network: Network) -> list[str]:
    schema = default_schema()
    return sorted(iri for iri, node in network.nodes.items() if schema.is_a(node.cls, KZ.StateBody))


@pytest.fixture(scope="module")
def lineages(backend: Backend, bodies: list[str]) -> dict[tuple[str, str], Lineage]:
    return {(body, year): lineage(backend, body, year) for body in bodies for year in YEARS}


@pytest.fixture(scope="module")
def stored_spans(backend: Backend) -> dict[str, tuple[Span, Span | None]]:
    """The existence and function spans the build wrote, read back with plain SPARQL."""
    table = named.execute(
        backend,
        """SELECT ?b ?from ?until ?ffrom ?funtil WHERE {
            ?b a kz:StateBody .
            OPTIONAL { ?b kz:existedFrom ?from } OPTIONAL { ?b kz:existedUntil ?until }
            OPTIONAL { ?b kz:heldFunctionFrom ?ffrom } OPTIONAL { ?b kz:heldFunctionUntil ?funtil }
            OPTIONAL { ?b kz:succeededBy|kz:precededBy ?other } BIND(BOUND(?other) AS ?inLine)
        }""",
    )
    assert not isinstance(table, bool | bytes)
    found: dict[str, tuple[Span, Span | None]] = {}
    for body, start, end, fstart, fend in table.rows:
        assert body is not None
        value = [None if t is None else t.value for t in (start, end, fstart, fend)]
        function = Span(value[2], value[3]) if fstart is not None or fend is not None else None
        found[body.value] = (Span(value[0], value[1]), function)
    return found


def test_the_graph_has_the_religious_affairs_line_and_dozens_of_bodies(bodies: list[str]) -> None:
    assert RELIGIOUS_AFFAIRS_LINE in bodies and len(bodies) >= 40


@pytest.mark.parametrize("year", YEARS)
def test_trace_render_and_the_stored_span_agree_on_who_existed(
    year: str,
    network: Network,
    bodies: list[str],
    lineages: dict[tuple[str, str], Lineage],
    stored_spans: dict[str, tuple[Span, Span | None]],
) -> None:
    drawn = select(network, default_schema(), Selection(as_of=year)).nodes
    for body in bodies:
        existence = stored_spans[body][0]
        by_model = existed_on(existence, year)
        step = lineages[body, year].step(body)
        assert step.existed is by_model, (body, year)
        assert (body in drawn) is by_model, (body, year)


@pytest.mark.parametrize("year", YEARS)
def test_trace_and_the_responsibility_query_agree_on_who_held_the_function(
    year: str,
    backend: Backend,
    lineages: dict[tuple[str, str], Lineage],
    stored_spans: dict[str, tuple[Span, Span | None]],
) -> None:
    responsible = named.run(backend, "responsible-on-date", {"date": year})
    answered = {t.value for t in responsible.column("body") if t is not None}
    line = lineages[RELIGIOUS_AFFAIRS_LINE, year]
    for step in line.steps:
        function = stored_spans[step.iri][1]
        assert function is not None
        assert step.current is held_function_on(function, year), (step.iri, year)
        assert (step.iri in answered) is step.current, (step.iri, year)


@pytest.mark.parametrize("year", YEARS)
def test_the_parent_query_and_the_network_agree_on_parents(
    year: str, backend: Backend, network: Network, bodies: list[str]
) -> None:
    kept = select(network, default_schema(), Selection(as_of=year))
    for body in bodies:
        rows = named.run(backend, "parent-on-date", {"agency": body, "date": year})
        by_query = {t.value for t in rows.column("parent") if t is not None}
        by_network = {
            e.target for e in kept.edges if e.source == body and e.relation == KZ.subOrganizationOf
        }
        assert by_query == by_network, (body, year)


def test_the_soviet_office_is_not_responsible_after_the_collapse_of_the_ussr(
    backend: Backend,
) -> None:
    soviet = KZID.term("office-of-the-commissioner-for-religious-affairs-kazakh-ssr")
    for year in ("1995", "2000", "2008"):
        rows = named.run(backend, "responsible-on-date", {"date": year})
        assert soviet not in {t.value for t in rows.column("body") if t is not None}
    ministry = KZID.term("ministry-of-information-and-public-accord")
    rows = named.run(backend, "responsible-on-date", {"date": "1995"})
    assert ministry in {t.value for t in rows.column("body") if t is not None}
