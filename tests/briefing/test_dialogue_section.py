"""Section "Views of the delegations": present only with a dialogue, disclosure-controlled, as_of-safe."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from peninsula.briefing import brief
from peninsula.dialogue import Workspace, example_path, load_spec
from peninsula.events import EventStore
from tests.briefing.test_briefing import DIALOGUE_DAY, dates_after

pytestmark = pytest.mark.timeout(300)
NAMES = [f"Delegate {code} {i}" for code in ("USA", "KOR", "CHN") for i in range(4)]


@pytest.fixture(scope="module")
def dialogue_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The shipped Seoul example answered by 12 invented delegates, round 1 closed, views agreed."""
    url = f"sqlite:///{tmp_path_factory.mktemp('dlg') / 'd.sqlite'}"
    spec = load_spec(example_path())
    rng = random.Random(7)
    with Workspace(url) as ws:
        ws.create(spec, organizer="Org")
        answers = []
        for name in NAMES:
            token = ws.invite(None, name, delegation=name.split()[1]).token
            for q in spec.questions:
                if q.kind == "probability":
                    answers.append((token, q.key, round(rng.uniform(0.05, 0.6), 3)))
                elif q.kind == "rating":
                    answers.append((token, q.key, rng.randint(1, len(q.scale or []))))
                elif q.kind == "ranking":
                    answers.append((token, q.key, rng.sample(q.options or [], len(q.options or []))))
                else:
                    answers.append((token, q.key, f"comment by {name}"))
        ws.respond_many(None, answers)
        for i, item in enumerate(ws.pending_texts()):
            ws.review(None, item["id"], approve=i % 4 != 0, text=f"reviewed comment {i}" if i % 4 else None)
        ws.close_round()
        ws.set_delegation_views(None, True)
    return url


@pytest.fixture(scope="module")
def html(shipped_store: Path, dialogue_url: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("brief")
    with EventStore(shipped_store, read_only=True) as es:
        result = brief(es, out, as_of=DIALOGUE_DAY, dialogue_url=dialogue_url)
    assert "dialogue" in result.sections
    return result.html_path.read_text(encoding="utf-8")


def test_section_shows_disclosed_views(html: str) -> None:
    section = html[html.index("Views of the delegations"):]
    assert "pooled" in section and "Borda" in section
    assert "<figure>" in section and "<svg" in section
    for code in ("USA", "KOR", "CHN"):  # each delegation has 4 >= k = 3 respondents and agreed
        assert f"{code} (4)" in section
    assert "reviewed comment" in section


def test_no_name_and_no_unreviewed_text(html: str) -> None:
    for name in NAMES:
        assert name not in html
    assert "comment by" not in html  # every approved text was reworded; the rest were rejected


def test_nothing_after_as_of_outside_forward_looking_blocks(html: str) -> None:
    assert dates_after(html, DIALOGUE_DAY) == []


def test_section_absent_without_a_dialogue(shipped_store: Path, tmp_path: Path) -> None:
    from peninsula.briefing import Context, render_sections

    with EventStore(shipped_store, read_only=True) as es:
        ctx = Context(store=es, as_of=DIALOGUE_DAY, since=DIALOGUE_DAY.replace(year=1990))
        keys = [s.key for s in render_sections(ctx, keys=["dialogue", "method"])]
    assert keys == ["method"]
