"""The briefing's contract: as_of honoured by every section, judgments, figures, determinism."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from peninsula.briefing import Context, brief, registered_sections, render_html, render_sections
from peninsula.events import EventStore

DIALOGUE_DAY = dt.date(2011, 1, 19)  # a US-ROK-China dialogue met in Seoul that day
OPTIONAL_SECTIONS = {"dialogue"}  # "Views of the delegations": only with --dialogue (test_dialogue_section)
MONTHS = "January February March April May June July August September October November December"
_MONTH = "|".join(MONTHS.split())
_STAMP = re.compile(r'<time data-role="generated"[^>]*>.*?</time>', re.S)
# Projections name future years by design; their inputs are checked as of the date elsewhere.
_PROJECTION = re.compile(r'<div data-role="projection">.*?</div>', re.S)


def visible_text(html: str) -> str:
    """Text a reader sees, chart text included, without the generation stamp."""
    html = _STAMP.sub("", html)
    return re.sub(r"<[^>]+>", " ", html)


def dates_after(html: str, as_of: dt.date) -> list[str]:
    """Every date or year in the page later than ``as_of``, outside projection blocks."""
    text = visible_text(_PROJECTION.sub("", html))
    late = []
    for m in re.finditer(r"\b(\d{4})-(\d{2})-(\d{2})\b", text):
        if dt.date(int(m[1]), int(m[2]), int(m[3])) > as_of:
            late.append(m[0])
    for m in re.finditer(rf"\b(?:(\d{{1,2}}) )?({_MONTH}) (\d{{4}})\b", text):
        month = MONTHS.split().index(m[2]) + 1
        first = dt.date(int(m[3]), month, int(m[1]) if m[1] else 1)
        if first > as_of:
            late.append(m[0])
    late += [m[0] for m in re.finditer(r"\b(19[5-9]\d|20\d\d)\b", text) if int(m[0]) > as_of.year]
    return late


@pytest.fixture(scope="module")
def dialogue_html(shipped_store: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("brief")
    with EventStore(shipped_store, read_only=True) as es:
        result = brief(es, out, as_of=DIALOGUE_DAY)
    return result.html_path.read_text(encoding="utf-8")


def test_nothing_after_as_of_appears(dialogue_html: str) -> None:
    assert dates_after(dialogue_html, DIALOGUE_DAY) == []
    assert "Data through <strong>19 January 2011</strong>" in dialogue_html


def test_judgments_name_the_events_of_2010(dialogue_html: str) -> None:
    judgments = dialogue_html[dialogue_html.index('<section id="judgments">'):]
    judgments = judgments[:judgments.index("</section>")]
    for needle in ("Cheonan", "Yeonpyeong", "enrichment", "Kim Jong Un"):
        assert needle in judgments, needle
    assert "Contested:" in judgments  # contested attributions are stated as such


def test_registered_sections_survive_importing_the_sections_package() -> None:
    """Importing ``peninsula.briefing.sections`` once bound the subpackage over the function of
    the same name on ``peninsula.briefing``, so a second call failed; the function has its own name."""
    import subprocess
    import sys

    code = ("import peninsula.briefing as b; first = [r.key for r in b.registered_sections()]; "
            "import peninsula.briefing.sections; "
            "assert [r.key for r in b.registered_sections()] == first and 'nuclear' in first")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr


def test_every_registered_section_honours_as_of(shipped_store: Path) -> None:
    """Later sections inherit this: rendered alone at the dialogue date, none leaks a later date."""
    with EventStore(shipped_store, read_only=True) as es:
        ctx = Context(es, DIALOGUE_DAY, dt.date(1990, 1, 1))
        for reg in registered_sections():
            section = reg.render(ctx)
            if section is None:  # shown only when given its input; checked in its own test
                assert reg.key in OPTIONAL_SECTIONS
                continue
            assert section.key == reg.key
            html = section.html + " ".join(section.judgments)
            assert dates_after(html, DIALOGUE_DAY) == [], reg.key


def test_figures_have_charts_and_captions(dialogue_html: str) -> None:
    figures = re.findall(r"<figure>(.*?)</figure>", dialogue_html, re.S)
    assert len(figures) >= 4
    for body in figures:
        assert "<svg" in body and "<figcaption>" in body
        caption = re.search(r"<figcaption>(.*?)</figcaption>", body, re.S)
        assert caption and caption.group(1).strip()
    ids = re.findall(r'\bid="([^"]+)"', dialogue_html)
    assert len(ids) == len(set(ids)), "element ids must be unique on the page"


def test_same_inputs_same_html(shipped_store: Path) -> None:
    with EventStore(shipped_store, read_only=True) as es:
        first = render_html(Context(es, DIALOGUE_DAY, dt.date(1990, 1, 1)),
                            render_sections(Context(es, DIALOGUE_DAY, dt.date(1990, 1, 1))))
        second = render_html(Context(es, DIALOGUE_DAY, dt.date(1990, 1, 1)),
                             render_sections(Context(es, DIALOGUE_DAY, dt.date(1990, 1, 1))))
    assert first != "" and _STAMP.sub("", first) == _STAMP.sub("", second)
    assert len(_STAMP.findall(first)) == 1


def test_page_is_self_contained(dialogue_html: str) -> None:
    assert not re.search(r'<(script|link)\b', dialogue_html)
    assert not re.search(r'(src|href)="(https?:)?//', dialogue_html)
    assert '<section id="judgments">' in dialogue_html
