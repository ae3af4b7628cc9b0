"""The briefing in a real browser with the network blocked."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, Route

from peninsula.briefing import Briefing

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
HEADINGS = ["Headline judgments", "Security environment", "Institutions and channels",
            "Method and data"]


@pytest.mark.parametrize("which", ["dialogue_briefing", "latest_briefing"])
def test_page_renders_offline(page: Page, which: str, request: pytest.FixtureRequest) -> None:
    briefing: Briefing = request.getfixturevalue(which)
    errors: list[str] = []
    failed: list[str] = []
    blocked: list[str] = []

    def block(route: Route) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.route("**/*", block)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.goto(briefing.html_path.as_uri())
    page.wait_for_load_state("load")
    assert errors == [] and failed == [] and blocked == []
    headings = page.locator("h2").all_inner_texts()
    for heading in HEADINGS:
        assert heading in headings
    figures = page.locator("figure")
    assert figures.count() >= 4
    for i in range(figures.count()):
        fig = figures.nth(i)
        box = fig.locator("svg").first.bounding_box()
        assert box and box["width"] > 200 and box["height"] > 100
        assert fig.locator("svg path, svg text").count() > 10
        assert fig.locator("figcaption").inner_text().strip()
    hangul = page.locator("table.names [lang=ko]").first
    assert hangul.inner_text().strip()
    shots = ROOT / "build"
    shots.mkdir(exist_ok=True)
    page.screenshot(path=str(shots / f"briefing-{which}.png"), full_page=True)
