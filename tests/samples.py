"""Small hand-made values several tests share."""

from __future__ import annotations

from kazkg.terms import ResultTable, Term
from kazkg.vocab import KZID, XSD

KAZAKHSTAN = Term.iri(KZID.term("kazakhstan"))

MIXED_TABLE = ResultTable(
    ["entity", "note", "count"],
    [
        (
            KAZAKHSTAN,
            Term.literal('a "quoted", comma', lang="en"),
            Term.literal("3", XSD.term("integer")),
        ),
        (None, Term.literal("tab\there"), None),
    ],
)
"""An IRI, a tagged literal with a quote and a comma, a typed number, a tab and empty cells."""

RELIGIOUS_AFFAIRS_LINE = [
    KZID.term("office-of-the-commissioner-for-religious-affairs-kazakh-ssr"),
    KZID.term("ministry-of-information-and-public-accord"),
    KZID.term("committee-for-religious-affairs-2008"),
    KZID.term("agency-for-religious-affairs"),
    KZID.term("committee-on-religious-affairs-2014"),
]
"""The bodies for religious affairs since the Soviet era, in the order of their succession."""
