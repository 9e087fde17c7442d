"""Result tables for the terminal."""

from __future__ import annotations

from kazkg.formats.terminal import curie, rich_table
from kazkg.terms import ResultTable, Term
from kazkg.vocab import KZID

KAZAKHSTAN = Term.iri(KZID.term("kazakhstan"))


def test_a_terminal_table_escapes_markup_in_values() -> None:
    from rich.console import Console

    table = ResultTable(["x"], [(Term.literal("[bold]not markup[/bold]"),)])
    console = Console(record=True, width=80)
    console.print(rich_table(table))
    assert "[bold]not markup[/bold]" in console.export_text()


def test_curies_use_the_standard_prefixes() -> None:
    assert curie(KAZAKHSTAN.value) == "kzid:kazakhstan"
    assert curie("https://example.org/x") == "https://example.org/x"
