"""The explorer's pages on a phone (390×844) in a real Chromium (issue 15): nothing wider than the screen,
the navigation behind 'Menü', the skip link first for a keyboard. Screenshots land in tests/artifacts/."""

from __future__ import annotations


PAGES = {"start": "/", "kommunen": "/kommunen", "landkreis": "/id/kreis/16065",
         "analyse": "/analyse", "befunde": "/befunde", "abfragen": "/abfragen", "ueber-die-daten": "/ueber-die-daten"}


def test_no_page_is_wider_than_a_phone(explorer, browser_page, screenshot):
    server, _ = explorer
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    wide = {}
    for name, path in PAGES.items():
        # /analyse computes its measures on its first call (the study's network, not the base layer's places)
        assert page.goto(server.url + path, timeout=120_000).status == 200
        page.wait_for_load_state("networkidle")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            wide[name] = width
        screenshot(page, "telefon-" + name)
    assert not wide
    assert page.locator("#hauptnavigation").is_hidden()
    page.click("#menu-knopf")
    assert page.locator("#hauptnavigation a", has_text="Kommunen").is_visible()
    assert not page.console_errors


def test_the_skip_link_is_the_first_stop_and_leads_to_the_content(explorer, browser_page):
    server, _ = explorer
    page = browser_page
    page.goto(server.url + "/kommunen")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Zum Inhalt springen"
    assert page.locator(".skip-link").bounding_box()["y"] >= 0            # shown when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhalt"
    assert not page.console_errors
