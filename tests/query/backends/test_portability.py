"""The named queries, and the library's own queries, keep the portability rules of
``docs/querying.md``, which the equivalence suite shows necessary: each rule stands for an engine
that answers differently without it."""

from __future__ import annotations

import re

import pytest

from kazkg.query import internal
from kazkg.query import named as queries
from kazkg.query.sparql import mask

NAMED = queries.catalogue()
EVERY = [*NAMED, *internal.all_queries()]


def _syntax(query: queries.NamedQuery) -> str:
    return mask(query.text)


@pytest.mark.parametrize("query", EVERY, ids=[q.path.name for q in EVERY])
def test_min_and_max_take_a_string_computed_where_the_value_is_found(
    query: queries.NamedQuery,
) -> None:
    """Virtuoso's MIN over stored literals picks another value or none; rdflib's MIN(STR(?x))
    over an unbound ?x gives the text 'None'."""
    text = _syntax(query)
    for variable in re.findall(r"\b(?:MIN|MAX)\(\s*\?(\w+)\s*\)", text, re.IGNORECASE):
        assert re.search(rf"BIND\(\s*STR\(.*\bAS\s+\?{variable}\s*\)", text, re.IGNORECASE), (
            f"MIN/MAX over ?{variable}, which no BIND(STR(...) AS ?{variable}) computes"
        )
    assert not re.search(r"\b(?:MIN|MAX)\(\s*STR\(", text, re.IGNORECASE)


@pytest.mark.parametrize("query", NAMED, ids=[q.name for q in NAMED])
def test_no_values_block_no_datatype_and_a_fixed_order(query: queries.NamedQuery) -> None:
    """Parameters are bound with BIND (Virtuoso misreads a property path started by VALUES);
    DATATYPE of a language-tagged literal is unbound on Virtuoso; without ORDER BY each engine
    returns its own order."""
    text = _syntax(query)
    assert not re.search(r"\bVALUES\b", text, re.IGNORECASE)
    assert not re.search(r"\bDATATYPE\s*\(", text, re.IGNORECASE)
    if query.form == "SELECT":
        assert re.search(r"\bORDER\s+BY\b", text[text.rfind("}") :], re.IGNORECASE)


@pytest.mark.parametrize("query", EVERY, ids=[q.path.name for q in EVERY])
def test_no_datatype_of_a_literal_that_may_carry_a_language(query: queries.NamedQuery) -> None:
    """DATATYPE of a language-tagged literal is unbound on Virtuoso."""
    assert not re.search(r"\bDATATYPE\s*\(", _syntax(query), re.IGNORECASE)
