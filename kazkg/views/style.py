"""How each class of entity looks: a colour and a vis-network shape per family of classes.

Entities are drawn by the nearest class of theirs that has a style here (``Ministry`` and
``Court`` are drawn as ``StateBody``); the names come from the ontology, so a class added
there is drawn by its nearest styled superclass without a change here.

>>> from kazkg.query.selection import ClassInfo, Vocabulary
>>> vocabulary = Vocabulary(classes={"Ministry": ClassInfo(
...     "Ministry", "ministry", frozenset(), frozenset({"Ministry", "StateBody", "Entity"}))})
>>> family_of("Ministry", vocabulary).name
'StateBody'
>>> family_of("SomethingNew", vocabulary).name
'Entity'
"""

from __future__ import annotations

from dataclasses import dataclass

from kazkg.query.selection import Vocabulary


@dataclass(frozen=True)
class Style:
    """The look of one family of classes."""

    name: str
    """Local name of the ``kz:`` class the family is named after."""
    color: str
    shape: str
    """A vis-network shape that draws its label below it."""
    legend: str | None = None
    """Text for the legend when the class label would mislead; ``None`` for the class label."""


STYLES: tuple[Style, ...] = (
    Style("StateBody", "#2b6cb0", "dot"),
    Style("InternationalOrganization", "#0f8b8d", "hexagon"),
    Style("BannedOrganization", "#9b2c2c", "triangle"),
    Style("ExtremistOrganization", "#e53e3e", "triangle"),
    Style("Organization", "#dd6b20", "square", legend="other organisation"),
    Style("Person", "#805ad5", "star"),
    Style("Place", "#38a169", "triangleDown"),
    Style("NormativeAct", "#8b5a2b", "square"),
    Style("InternationalInstrument", "#d53f8c", "diamond"),
    Style("Event", "#d69e2e", "star"),
    Style("Statistic", "#718096", "dot"),
    Style("SourceDocument", "#1a202c", "square"),
    Style("Entity", "#a0aec0", "dot", legend="other entity"),
)
"""Families, most specific first: an entity takes the first one among its classes."""

_FALLBACK = STYLES[-1]


def family_of(kind: str, vocabulary: Vocabulary) -> Style:
    """The style of an entity whose most specific class is ``kind``."""
    info = vocabulary.classes.get(kind)
    ancestors = info.ancestors if info is not None else frozenset({kind})
    return next((style for style in STYLES if style.name in ancestors), _FALLBACK)


def legend_label(style: Style, vocabulary: Vocabulary) -> str:
    """The text naming ``style``'s family in a legend."""
    return style.legend or vocabulary.class_label(style.name)
