"""The explorer in a real browser: headless Chromium on a served explorer, every other request
blocked.  The flows a researcher follows, hostile labels, and no console error on any page."""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kazkg.query.backends import Backend
from kazkg.query.describe import description
from kazkg.vocab import KZID
from tests.views.conftest import HOSTILE_LABEL, HOSTILE_QUOTE, Visit, poll
from tests.views.serving import Served

pytestmark = [pytest.mark.browser, pytest.mark.server]

ARA = KZID.term("agency-for-religious-affairs")
Visitor = Callable[[str], Visit]


def pick(visit: Visit, selector: str, typed: str, label_start: str) -> None:
    """Type ``typed`` into ``selector``, then click the suggestion whose label starts so."""
    visit.page.click(selector)
    visit.page.keyboard.type(typed, delay=30)
    option = visit.page.locator(
        "ul.suggestions li", has=visit.page.locator(f"span.s-label:text-matches('^{label_start}')")
    ).first
    option.wait_for(state="visible")
    option.dispatch_event("mousedown")


def test_search_a_partial_name_land_on_the_entity_and_follow_a_neighbour(
    served: Served, visit: Visitor, oxigraph_backend: Backend, artifacts: Path
) -> None:
    tab = visit(served.base)
    tab.go("/")
    pick(tab, "#search", "Agency for Rel", "Agency for Religious Affairs")
    tab.page.wait_for_url("**/entity/agency-for-religious-affairs")
    about = description(oxigraph_backend, ARA)
    assert tab.page.text_content("h1") == about.label
    shown = tab.page.locator(".statements .quote-text").all_text_contents()
    assert about.statements[0].quotes[0] in " ".join(shown)
    assert tab.wait_drawn("#ego") > 2
    tab.page.screenshot(path=str(artifacts / "explorer-entity.png"))

    successor = KZID.term("committee-on-religious-affairs-2014")
    tab.page.click(".statements a[href='/entity/committee-on-religious-affairs-2014']")
    tab.page.wait_for_url("**/entity/committee-on-religious-affairs-2014")
    assert tab.page.text_content("h1") == description(oxigraph_backend, successor).label
    tab.assert_clean()


def test_the_ego_network_goes_two_relations_deep_and_opens_a_neighbour(
    served: Served, visit: Visitor
) -> None:
    tab = visit(served.base)
    tab.go("/entity/agency-for-religious-affairs")
    first = tab.wait_drawn("#ego")
    assert tab.page.evaluate("window.kazkgNetworks[0].physics.options.enabled") is False
    tab.page.click("button[data-depth='2']")
    assert tab.wait_drawn("#ego", other_than=str(first)) > first
    tab.page.click("button.physics")
    assert tab.page.evaluate("window.kazkgNetworks[0].physics.options.enabled") is True
    tab.assert_clean()


def test_run_a_named_query_with_an_entity_parameter_and_follow_a_result(
    served: Served, visit: Visitor, artifacts: Path
) -> None:
    tab = visit(served.base)
    tab.go("/queries")
    tab.page.click(".catalogue a[href='/queries?name=members-of']")
    tab.page.wait_for_url("**/queries?name=members-of")
    tab.page.fill("#param-organisation", "")
    tab.page.fill("#param-role", "")
    pick(tab, "#param-organisation", "Shanghai Coop", "Shanghai Cooperation Organization")
    assert tab.page.input_value("#param-organisation") == "Shanghai Cooperation Organization"
    tab.page.click("form.params button[type=submit]")
    tab.page.wait_for_selector("table.results tbody tr")
    tab.page.screenshot(path=str(artifacts / "explorer-workbench.png"))
    tab.page.click("#tab-network")
    assert tab.wait_drawn("#result-network") > 2
    tab.page.click("#tab-table")
    tab.page.click("table.results a[href='/entity/kazakhstan']")
    tab.page.wait_for_url("**/entity/kazakhstan")
    assert tab.page.text_content("h1") == "Republic of Kazakhstan"
    tab.assert_clean()


def test_a_quote_opens_in_its_place_in_the_source(
    served: Served, visit: Visitor, source_path: Path, artifacts: Path
) -> None:
    tab = visit(served.base)
    tab.go("/entity/agency-for-religious-affairs")
    link = tab.page.locator(".statements blockquote.quote").first
    quote = link.locator(".quote-text").text_content().strip("“”")
    link.locator("a.in-context").click()
    tab.page.wait_for_url("**/source/trofimov-radicalization-of-islam-in-kazakhstan#q-*")
    current = tab.page.locator("#source-text mark.current")
    current.first.wait_for(state="visible")
    assert (
        quote.startswith(current.first.text_content()[:20]) or current.first.text_content() in quote
    )
    assert quote in tab.page.text_content("#source-panel")
    assert tab.page.locator("#source-panel a").count() > 0
    tab.page.screenshot(path=str(artifacts / "explorer-source.png"))
    tab.assert_clean()


def test_hostile_labels_stay_literal_everywhere(
    hostile_served: Served, visit: Visitor, artifacts: Path
) -> None:
    tab = visit(hostile_served.base)
    tab.go("/")
    tab.page.click("#search")
    tab.page.keyboard.type("<img", delay=30)
    tab.page.locator("ul.suggestions li").first.wait_for(state="visible")
    assert HOSTILE_LABEL in tab.page.text_content("ul.suggestions")
    tab.go("/entity/hostile-body")
    assert tab.page.text_content("h1") == HOSTILE_LABEL
    assert HOSTILE_QUOTE in tab.page.text_content(".statements")
    tab.wait_drawn("#ego")
    for path in ("/entity/hostile-body", "/search?q=" + urllib.parse.quote("<img"), "/graph"):
        tab.go(path)
        assert tab.page.evaluate("document.querySelectorAll('img, b').length") == 0
    tab.page.screenshot(path=str(artifacts / "explorer-hostile.png"))
    tab.assert_clean()


PAGES = [
    "/",
    "/search?q=Agency",
    "/entity/agency-for-religious-affairs",
    "/entity/kazakhstan",
    "/entity/fact-succession-2011-committee-to-agency",
    "/source/trofimov-radicalization-of-islam-in-kazakhstan",
    "/sources",
    "/queries",
    "/queries?name=lineage&agency=Agency+for+Religious+Affairs&run=1",
    "/queries?name=acts-adopted&from=2005&to=2015&run=1",
    "/queries/sparql?query=" + urllib.parse.quote("ASK { ?s a kz:Ministry }"),
    "/schema",
    "/class/StateBody",
    "/graph?focus=ATC&depth=2",
]


@pytest.mark.parametrize("path", PAGES)
def test_no_page_logs_an_error(served: Served, visit: Visitor, path: str) -> None:
    tab = visit(served.base)
    response = tab.go(path)
    assert response.status == 200
    if tab.page.locator(".network[data-network]:not([data-lazy])").count():
        tab.wait_drawn(".network[data-network]:not([data-lazy])")
    tab.page.wait_for_timeout(200)
    tab.assert_clean()


def test_the_served_network_page_links_entities_to_their_pages(
    served: Served, visit: Visitor
) -> None:
    tab = visit(served.base)
    tab.go("/graph?focus=Agency+for+Religious+Affairs&depth=1")
    poll(tab.page, "window.kazkgStabilized === true", "the network settling")
    tab.page.evaluate("window.kazkg.search('Agency for Religious Affairs of the Republic')")
    link = tab.page.locator("#kazkg-details a.kz-page-link")
    assert link.get_attribute("href") == "/entity/agency-for-religious-affairs"
    assert tab.page.locator("#kazkg-details .kz-facts blockquote").count() > 0
    link.click()
    tab.page.wait_for_url("**/entity/agency-for-religious-affairs")
    tab.assert_clean()


def test_a_rendered_page_shows_an_entitys_facts_with_quotes_on_click(
    real: Any, open_page: Callable[[Path], Any], tmp_path: Path
) -> None:
    from kazkg.views.network_page import render_html

    path = tmp_path / "graph.html"
    path.write_text(render_html(real.network, real.schema), encoding="utf-8")
    opened = open_page(path)
    opened.page.mouse.click(*opened.screen_position(ARA))
    details = opened.page.locator("#kazkg-details")
    details.wait_for(state="visible")
    quotes = {e.quote for e in real.network.edges if ARA in (e.source, e.target)}
    text = details.text_content()
    assert quotes and all(q in text for q in quotes)
    assert opened.page.locator("#kazkg-details a.kz-page-link").count() == 0
    opened.assert_clean()
