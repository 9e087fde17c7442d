"""The graph's text is shown in terminals and pages: the build refuses control characters in it.

The source document has none, so a literal holding one (an ANSI escape, a carriage return, a
NUL) was not copied from it.  A quote may break lines, where the source breaks a name across a
paragraph; no other text may.
"""

from __future__ import annotations

import pyoxigraph as ox

from kazkg.errors import Violation
from kazkg.limits import shown
from kazkg.query import internal
from kazkg.query.backends.oxigraph import OxigraphBackend


def _first_control(text: str) -> str:
    """The first control character of ``text``, as ``U+XXXX``."""
    for ch in text:
        if ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F:
            return f"U+{ord(ch):04X}"
    return "a line break"


def check_text(store: ox.Store) -> list[Violation]:
    """A violation for each literal of ``store`` that holds a control character (a line feed is
    allowed in a ``kz:quote`` only)."""
    table = internal.select(OxigraphBackend(store), "control-characters")
    violations = []
    for node, prop, text in table.rows:
        if node is None or prop is None or text is None:
            continue
        violations.append(
            Violation(
                node.value,
                prop.value,
                f"control character {_first_control(text.value)} in the text {shown(text.value)}",
            )
        )
    return violations
