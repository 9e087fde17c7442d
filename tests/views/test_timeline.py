"""The succession timeline: one bar per body, spanning the dates the graph gives."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from matplotlib.patches import Rectangle

from kazkg.build.store import CompiledStore
from kazkg.errors import KazkgError
from kazkg.query.backends.oxigraph import OxigraphBackend
from kazkg.query.trace import Lineage, lineage
from kazkg.views.timeline import frac_year, timeline_figure, write_timeline
from kazkg.vocab import KZID

ARA = KZID.term("agency-for-religious-affairs")


@pytest.fixture(scope="module")
def ara_line(compiled: CompiledStore) -> Lineage:
    with OxigraphBackend.open(compiled) as backend:
        return lineage(backend, ARA)


def svg_text(path: Path) -> str:
    """All the text an SVG shows, lines joined by spaces."""
    texts = [el.text or "" for el in ET.parse(path).iter() if el.tag.endswith("text")]
    return " ".join(" ".join(texts).split())


def bars(line: Lineage) -> list[Rectangle]:
    """The bars drawn for bodies and their parents (each has an id naming what it stands for)."""
    axes = timeline_figure(line).axes[0]
    return [p for p in axes.patches if isinstance(p, Rectangle) and p.get_gid()]


def test_the_line_has_several_bodies_to_draw(ara_line: Lineage) -> None:
    assert len(ara_line.steps) >= 3
    assert ARA in [step.iri for step in ara_line.steps]


def test_there_is_one_bar_per_body_and_per_parent(ara_line: Lineage) -> None:
    expected = [f"body {s.iri}" for s in ara_line.steps]
    expected += [f"parent {s.iri} {p.iri}" for s in ara_line.steps for p in s.parents]
    assert sorted(str(bar.get_gid()) for bar in bars(ara_line)) == sorted(expected)


def test_bars_of_dated_bodies_span_their_dates(ara_line: Lineage) -> None:
    spans = {(round(b.get_x(), 3), round(b.get_x() + b.get_width(), 3)) for b in bars(ara_line)}
    dated = [s for s in ara_line.steps if s.start and s.end]
    assert dated
    for step in dated:
        assert step.start and step.end
        assert (round(frac_year(step.start), 3), round(frac_year(step.end), 3)) in spans


def test_the_svg_names_every_body_its_dates_and_each_change(
    ara_line: Lineage, tmp_path: Path
) -> None:
    path = tmp_path / "succession.svg"
    write_timeline(ara_line, path)
    text = svg_text(path)
    for step in ara_line.steps:
        assert " ".join(step.label.split()) in text
        for date in (step.start, step.end):
            assert date is None or date in text
        for change in step.events:
            assert ", ".join(w for w in (change.kind_label, change.date) if w) in text


def test_the_svg_is_the_same_every_time(ara_line: Lineage, tmp_path: Path) -> None:
    write_timeline(ara_line, tmp_path / "a.svg")
    write_timeline(ara_line, tmp_path / "b.svg")
    assert (tmp_path / "a.svg").read_bytes() == (tmp_path / "b.svg").read_bytes()


def test_png_and_pdf_are_written_too(ara_line: Lineage, tmp_path: Path) -> None:
    write_timeline(ara_line, tmp_path / "s.png")
    write_timeline(ara_line, tmp_path / "s.pdf")
    assert (tmp_path / "s.png").read_bytes().startswith(b"\x89PNG")
    assert (tmp_path / "s.pdf").read_bytes().startswith(b"%PDF")


def test_an_unknown_image_format_is_a_one_line_error(ara_line: Lineage, tmp_path: Path) -> None:
    with pytest.raises(KazkgError, match=re.escape("use .svg, .png or .pdf")):
        write_timeline(ara_line, tmp_path / "s.gif")


def test_as_of_marks_the_date_on_the_axis(compiled: CompiledStore, tmp_path: Path) -> None:
    with OxigraphBackend.open(compiled) as backend:
        line = lineage(backend, ARA, as_of="2012-06-01")
    path = tmp_path / "as-of.svg"
    write_timeline(line, path)
    assert "as of 2012-06-01" in svg_text(path)
