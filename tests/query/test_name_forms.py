"""Names a researcher types, on the real graph: article numbers in every common form, acronyms
and short names, case, diacritic, quote and hyphen variants, partial names; suggestions; and a
class or controlled term never answering for an entity."""

from __future__ import annotations

import pytest

from kazkg.errors import ParameterError
from kazkg.query import named as queries
from kazkg.query.backends.base import Backend
from kazkg.query.resolve import (
    CONCEPTS,
    AmbiguousName,
    UnknownName,
    article_reference,
    candidates,
    resolve,
    search,
)
from kazkg.vocab import KZ, KZID

NAME_FORMS = [
    # article numbers, in any common form, with the code's year or name
    ("233-3", "criminal-code-1997-art-233-3"),
    ("233–3", "criminal-code-1997-art-233-3"),
    ("Art. 233-3", "criminal-code-1997-art-233-3"),
    ("art 233-3 criminal code", "criminal-code-1997-art-233-3"),
    ("Article 233-3", "criminal-code-1997-art-233-3"),
    ("Art. 179", "criminal-code-2014-art-179"),
    ("art 179 2014", "criminal-code-2014-art-179"),
    ("Article 179 of the Criminal Code as of 2014", "criminal-code-2014-art-179"),
    ("Article 337-1", "criminal-code-1997-art-337-1"),
    ("article 337 1", "criminal-code-1997-art-337-1"),
    ("337", "criminal-code-1997-art-337"),
    ("art 164 1997", "criminal-code-1997-art-164"),
    ("374-1", "code-of-administrative-offences-art-374-1"),
    (
        "Article 374-1 of the Code of Administrative Offences",
        "code-of-administrative-offences-art-374-1",
    ),
    ("art. 374-1 administrative offences", "code-of-administrative-offences-art-374-1"),
    # acronyms and short names
    ("ATC", "anti-terrorism-center-kazakhstan"),
    ("SCO", "shanghai-cooperation-organization"),
    ("CSTO", "collective-security-treaty-organization"),
    ("CIS", "commonwealth-of-independent-states"),
    ("RATS", "regional-anti-terrorist-structure-sco"),
    ("KNB", "national-security-committee"),
    ("MIA", "ministry-of-internal-affairs"),
    ("Egmont", "egmont-group"),
    ("Criminal Code", "criminal-code-1997"),
    ("2014 Criminal Code", "criminal-code-2014"),
    ("regional units", "regional-units-of-the-agency-for-religious-affairs"),
    ("Nazarbayev", "nursultan-nazarbayev"),
    ("Tablighi", "tablighi-jamaat"),
    ("Shanghai Convention", "shanghai-convention-on-combating-terrorism-separatism-and-extremism"),
    ("the Agency", "agency-for-religious-affairs"),
    # case, diacritics, quotation marks, hyphens, apostrophes, a leading "the"
    ("HIZB UT TAHRIR", "hizb-ut-tahrir"),
    ("hizb-ut-tahrir", "hizb-ut-tahrir"),
    ("Almatý", "almaty"),
    ("“E-Islam”", "e-islam"),
    ("e islam", "e-islam"),
    ("Caspian Antiterror 2005", "caspian-antiterror-2005"),
    ("General Prosecutor’s Office", "general-prosecutors-office"),
    ("prosecutors office", "general-prosecutors-office"),
    ("The Agency for Religious Affairs", "agency-for-religious-affairs"),
    ("jund al khalifa", "jund-al-khalifa"),
    # partial names (every word of one entity's name) and typing errors
    ("CICMA summit 2002", "cicma-summit-almaty-2002"),
    ("National Security law 2012", "law-on-national-security-2012"),
    ("Saryarka court", "saryarka-district-court-of-astana"),
    ("Atyrau bombings", "atyrau-bombings-2011"),
    ("Ministry of Defense", "ministry-of-defence"),
    ("Comittee on Religious Affairs", "committee-on-religious-affairs-2014"),
    ("Agency for Religous Affairs", "agency-for-religious-affairs"),
]


@pytest.mark.parametrize(("name", "slug"), NAME_FORMS)
def test_a_name_form_resolves_to_its_entity(
    oxigraph_backend: Backend, name: str, slug: str
) -> None:
    assert resolve(oxigraph_backend, name) == KZID.term(slug)


def test_the_table_covers_forty_forms() -> None:
    assert len(NAME_FORMS) >= 40


@pytest.mark.parametrize(
    ("text", "reference"),
    [
        ("233-3", ("233 3", (), None)),
        ("Art. 179 of the Criminal Code, 2014", ("179", ("criminal", "code"), "2014")),
        ("Article 337-1", ("337 1", (), None)),
        ("art 179 2014", ("179", (), "2014")),
        ("Agency for Religious Affairs", None),
    ],
)
def test_article_references_are_read_in_any_common_form(
    text: str, reference: tuple[str, tuple[str, ...], str | None] | None
) -> None:
    assert article_reference(text) == reference


@pytest.mark.parametrize(
    ("name", "slugs"),
    [
        (
            "Law on National Security",
            {"law-on-national-security-1998", "law-on-national-security-2012"},
        ),
        ("CICMA summit in Almaty", {"cicma-summit-almaty-2002", "cicma-summit-almaty-2006"}),
    ],
)
def test_a_name_two_entities_share_is_ambiguous(
    oxigraph_backend: Backend, name: str, slugs: set[str]
) -> None:
    with pytest.raises(AmbiguousName) as raised:
        resolve(oxigraph_backend, name)
    assert {c.iri for c in raised.value.candidates} == {KZID.term(s) for s in slugs}


def test_an_article_number_no_article_has_is_unknown_not_another_article(
    oxigraph_backend: Backend,
) -> None:
    with pytest.raises(UnknownName):
        resolve(oxigraph_backend, "Art. 999")


def test_a_different_year_is_not_a_typing_error(oxigraph_backend: Backend) -> None:
    with pytest.raises(UnknownName) as raised:
        resolve(oxigraph_backend, "Don-Antiterror-2013")
    assert raised.value.candidates[0].iri == KZID.term("don-antiterror-2012")


def test_the_candidates_of_a_partial_name_contain_every_exact_partial_match(
    oxigraph_backend: Backend,
) -> None:
    with pytest.raises(UnknownName) as raised:
        resolve(oxigraph_backend, "Terrorism")
    listed = [c.iri for c in raised.value.candidates]
    assert KZID.term("criminal-code-1997-art-233-3") in listed
    assert KZ.NS not in "".join(listed)
    found = candidates(oxigraph_backend, "Religious Committee")
    assert {
        KZID.term("committee-for-religious-affairs-2008"),
        KZID.term("committee-on-religious-affairs-2014"),
    } <= {c.iri for c in found}


def test_a_controlled_term_answers_only_when_one_is_asked_for(oxigraph_backend: Backend) -> None:
    assert resolve(oxigraph_backend, "founding member", CONCEPTS) == KZ.NS.term("FoundingMember")
    with pytest.raises(UnknownName):
        resolve(oxigraph_backend, "founding member")


def test_an_article_parameter_resolves_to_an_article_or_fails_with_candidates(
    oxigraph_backend: Backend,
) -> None:
    table = queries.run(oxigraph_backend, "criminal-code-concordance", {"article": "Terrorism"})
    assert [row["article1997"] for row in table.dicts()] == [
        KZID.term("criminal-code-1997-art-233-3")
    ]
    with pytest.raises(ParameterError, match="no code article is named 'Jund al-Khalifa'"):
        queries.run(oxigraph_backend, "criminal-code-concordance", {"article": "Jund al-Khalifa"})


def test_suggestions_rank_whole_names_then_beginnings_then_words(
    oxigraph_backend: Backend,
) -> None:
    found = search(oxigraph_backend, "Agency", 5)
    assert found[0].iri == KZID.term("agency-for-religious-affairs")
    assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)
    assert all(s.label and s.class_label and s.description for s in found)
    typed = search(oxigraph_backend, "Shangh", 5)
    assert KZID.term("shanghai-cooperation-organization") in {s.iri for s in typed}
    assert all(
        s.matched.lower().startswith("shangh") or "shangh" in s.matched.lower() for s in typed
    )
    assert search(oxigraph_backend, "art 179", 3)[0].iri == KZID.term("criminal-code-2014-art-179")
    misspelt = search(oxigraph_backend, "Nazarbaev", 3)
    assert misspelt[0].iri == KZID.term("nursultan-nazarbayev")
    assert set(misspelt[0].to_json()) == {
        "iri",
        "label",
        "class",
        "class_label",
        "description",
        "score",
        "matched",
    }
