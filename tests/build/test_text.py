"""The build refuses control characters in the graph's text: the source has none, and a
terminal would run them.  A quote may break a line (the source breaks names across paragraphs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kazkg.build import build
from kazkg.errors import ValidationError
from kazkg.resources import Workspace, ontology_dir
from kazkg.vocab import KZ, RDFS

PREFIXES = """@prefix kz: <https://w3id.org/kazkg/ontology#> .
@prefix kzid: <https://w3id.org/kazkg/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix schema: <https://schema.org/> .
"""


def graph(tmp_path: Path, label: str, quote: str, description: str = "A body.") -> Workspace:
    """A one-entity graph with this label, quote and description (Turtle escapes allowed)."""
    folder = tmp_path / "graph"
    folder.mkdir()
    (folder / "data.ttl").write_text(
        PREFIXES
        + f"""
kzid:doc a kz:SourceDocument ; rdfs:label "Doc"@en ; dcterms:identifier "doc.txt" ;
    kz:quote "alpha" ; prov:wasDerivedFrom kzid:doc .
kzid:a a kz:StateBody ; rdfs:label "{label}"@en ; kz:quote "{quote}" ;
    schema:description "{description}" ; prov:wasDerivedFrom kzid:doc .
""",
        encoding="utf-8",
    )
    return Workspace(ontology_dir(), folder, tmp_path / "store")


@pytest.mark.parametrize(
    ("label", "quote", "description", "where", "character"),
    [
        ("Body \\u001B[31mA", "alpha", "A body.", RDFS + "label", "U+001B"),
        ("Body A", "alpha\\rbeta", "A body.", KZ.quote, "U+000D"),
        ("Body A", "alpha\\u0000", "A body.", KZ.quote, "U+0000"),
        ("Body A", "alpha\\u009Bbeta", "A body.", KZ.quote, "U+009B"),
        ("Body A", "alpha\\tbeta", "A body.", KZ.quote, "U+0009"),
        ("Body\\nA", "alpha", "A body.", RDFS + "label", "U+000A"),
        ("Body A", "alpha", "A\\nbody.", "https://schema.org/description", "U+000A"),
    ],
)
def test_control_characters_are_refused(
    tmp_path: Path, label: str, quote: str, description: str, where: str, character: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        build(graph(tmp_path, label, quote, description), validate=False)
    found = [(v.focus, v.path) for v in refused.value.violations]
    assert ("https://w3id.org/kazkg/id/a", where) in found
    assert character in str(refused.value)
    assert not (tmp_path / "store").exists()


def test_a_quote_may_break_a_line(tmp_path: Path) -> None:
    report = build(graph(tmp_path, "Body A", "alpha\\n\\nbeta"), validate=False)
    assert report.manifest.triples > 0
