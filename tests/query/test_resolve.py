"""Name resolution: exact names and aliases, case and quote-insensitive names, fuzzy typos,
and errors that list the closest candidates."""

from __future__ import annotations

import shutil
import sqlite3
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from kazkg.build import build
from kazkg.build.store import CompiledStore
from kazkg.query.backends.oxigraph import OxigraphBackend
from kazkg.query.nameindex import FILE_NAME, NameIndex
from kazkg.query.resolve import (
    CONCEPTS,
    AmbiguousName,
    UnknownName,
    candidates,
    expand_iri,
    resolve,
)
from kazkg.resources import Workspace, ontology_dir
from kazkg.vocab import KZ, KZID

GRAPH = textwrap.dedent(
    """\
    @prefix kz:   <https://w3id.org/kazkg/ontology#> .
    @prefix kzid: <https://w3id.org/kazkg/id/> .
    @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    @prefix skos: <http://www.w3.org/2004/02/skos/core#> .

    kzid:committee-a a kz:StateBody ;
        rdfs:label "Committee for Religious Affairs of the Ministry of Justice"@en ;
        skos:altLabel "Religious Committee"@en , "CRA"@en .
    kzid:committee-b a kz:StateBody ;
        rdfs:label "Committee on Religious Affairs of the Ministry of Culture"@en ;
        skos:altLabel "Religious Committee"@en .
    kzid:agency a kz:StateBody ;
        rdfs:label "Agency for “Religious” Affairs"@en ;
        skos:altLabel "Agency"@en .
    kzid:ministry-of-defence a kz:Ministry ;
        rdfs:label "Ministry of Defence"@en .
    """
)


@pytest.fixture(scope="module")
def backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphBackend]:
    folder = tmp_path_factory.mktemp("resolve")
    (folder / "graph").mkdir()
    (folder / "graph" / "bodies.ttl").write_text(GRAPH, encoding="utf-8")
    report = build(
        Workspace(ontology=ontology_dir(), graph=folder / "graph", store=folder / "store"),
        validate=False,
    )
    with OxigraphBackend.open(report.store) as opened:
        yield opened


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Ministry of Defence", "ministry-of-defence"),
        ("CRA", "committee-a"),
        ("  ministry   OF defence ", "ministry-of-defence"),
        ('Agency for "Religious" Affairs', "agency"),
        ("Agency for Religious Affairs", "agency"),
        ("Ministry of Defense", "ministry-of-defence"),
        ("Committee on Religious Afairs of the Ministry of Culture", "committee-b"),
    ],
)
def test_names_aliases_and_near_misses_resolve_to_one_entity(
    backend: OxigraphBackend, name: str, slug: str
) -> None:
    assert resolve(backend, name) == KZID.term(slug)


def test_controlled_terms_resolve_by_their_label_only_when_asked_for(
    backend: OxigraphBackend,
) -> None:
    assert resolve(backend, "religious affairs", CONCEPTS) == KZ.ReligiousAffairs
    with pytest.raises(UnknownName) as raised:
        resolve(backend, "religious affairs")
    assert KZ.ReligiousAffairs not in {c.iri for c in raised.value.candidates}


def test_a_shared_alias_is_ambiguous_and_lists_both_entities(backend: OxigraphBackend) -> None:
    with pytest.raises(AmbiguousName) as raised:
        resolve(backend, "Religious Committee")
    assert {c.iri for c in raised.value.candidates} == {
        KZID.term("committee-a"),
        KZID.term("committee-b"),
    }
    assert "committee-a" in str(raised.value) and "committee-b" in str(raised.value)


def test_an_unknown_name_lists_the_closest_candidates(backend: OxigraphBackend) -> None:
    with pytest.raises(UnknownName) as raised:
        resolve(backend, "Committee")
    assert raised.value.candidates
    assert raised.value.candidates[0].iri in {KZID.term("committee-a"), KZID.term("committee-b")}
    scores = [c.score for c in raised.value.candidates]
    assert scores == sorted(scores, reverse=True)
    assert "\n" not in str(raised.value)


def test_candidates_prefer_exact_matches(backend: OxigraphBackend) -> None:
    assert [c.iri for c in candidates(backend, "Agency")] == [KZID.term("agency")]


def test_an_empty_name_is_unknown(backend: OxigraphBackend) -> None:
    with pytest.raises(UnknownName):
        resolve(backend, "   ")


@pytest.mark.parametrize(
    ("text", "iri"),
    [
        ("kzid:agency", KZID.term("agency")),
        ("kz:Ministry", KZ.Ministry),
        ("<https://example.org/a>", "https://example.org/a"),
        ("https://example.org/a", "https://example.org/a"),
        ("Agency for Religious Affairs", None),
        ("unknown:thing", None),
        ("https://example.org/a b", None),
        ("kzid:x> } ; DROP ALL ; { <y", None),
    ],
)
def test_iris_and_curies_are_recognised_and_nothing_else(text: str, iri: str | None) -> None:
    assert expand_iri(text) == iri


def test_an_iri_resolves_to_itself(backend: OxigraphBackend) -> None:
    assert resolve(backend, "kzid:anything") == KZID.term("anything")


def test_an_index_file_of_another_layout_is_not_read_but_rebuilt_in_memory(
    tmp_path: Path, backend: OxigraphBackend
) -> None:
    assert backend.compiled is not None
    folder = tmp_path / "store-version"
    shutil.copytree(backend.compiled.path, folder, symlinks=True)
    index = folder / FILE_NAME
    with sqlite3.connect(index) as older:
        older.execute("UPDATE meta SET value = '0' WHERE key = 'format'")
    assert NameIndex.open(index) is None
    with OxigraphBackend.open(CompiledStore(folder)) as reopened:
        assert resolve(reopened, "CRA") == KZID.term("committee-a")
