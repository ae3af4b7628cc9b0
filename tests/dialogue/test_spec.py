"""Dialogue specs in TOML: the shipped Seoul 2011 example, and one-line errors for bad files."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from peninsula.dialogue import DialogueError, DialogueSpec, example_path, load_spec

pytestmark = pytest.mark.timeout(120)

MEETING = dt.date(2011, 1, 19)
YEAR = re.compile(r"\b(1[89]\d\d|2\d\d\d)\b")


@pytest.fixture(scope="module")
def example() -> DialogueSpec:
    return load_spec(example_path())


def test_the_example_is_the_seoul_meeting(example: DialogueSpec) -> None:
    assert example_path().name == "seoul-2011.toml" and example_path().is_file()
    info = example.dialogue
    assert (info.slug, info.place, info.held_on, info.k) == ("seoul-2011", "Seoul", MEETING, 3)
    assert info.delegation_views is False  # consent is recorded at the meeting, not assumed
    assert len(info.aims) == 4 and len(info.agenda_questions) == 5
    assert [d.code for d in example.delegations] == ["USA", "KOR", "CHN"]
    assert len(example.questions) == 12
    kinds = [q.kind for q in example.questions]
    assert set(kinds) == {"probability", "rating", "ranking", "text"}
    keys = [q.key for q in example.questions]
    assert len(set(keys)) == len(keys)


def test_probability_questions_can_be_scored(example: DialogueSpec) -> None:
    probability = [q for q in example.questions if q.kind == "probability"]
    assert len(probability) >= 3
    for q in probability:
        assert q.event and q.resolution and q.resolves_on is not None, q.key
        assert MEETING < q.resolves_on <= dt.date(2012, 12, 31), q.key
        assert "Resolves yes if" in q.resolution and "Otherwise resolves no" in q.resolution, q.key


def test_every_agenda_question_and_aim_is_used(example: DialogueSpec) -> None:
    used = {q.agenda_question for q in example.questions}
    assert None not in used
    assert used == set(range(1, len(example.dialogue.agenda_questions) + 1))
    assert {s.aim for s in example.sessions} == set(range(1, len(example.dialogue.aims) + 1))
    sessions = {s.key for s in example.sessions}
    assert {q.session for q in example.questions} == sessions


def test_no_question_looks_past_2012(example: DialogueSpec) -> None:
    """A January 2011 meeting: nothing it asks may mention a later year than its horizon."""
    for q in example.questions:
        words = [q.text, q.event or "", q.resolution or "", *(q.scale or []), *(q.options or [])]
        years = {int(y) for w in words for y in YEAR.findall(w)}
        assert all(y <= 2012 for y in years), (q.key, sorted(years))
    assert all(s.held_on in (None, MEETING) for s in example.sessions)


def test_rating_and_ranking_questions_are_well_formed(example: DialogueSpec) -> None:
    for q in example.questions:
        if q.kind == "rating":
            assert q.scale is not None and len(q.scale) >= 2 and len(set(q.scale)) == len(q.scale), q.key
        if q.kind == "ranking":
            assert q.options is not None and len(set(q.options)) == len(q.options) >= 2, q.key
            # answers name options in comma-separated lists: no option may hold a comma
            assert not [o for o in q.options if "," in o], q.key


# --- bad files ------------------------------------------------------------------------------------

HEAD = """
[dialogue]
slug = "mini"
title = "A small dialogue"
aims = ["Lower the risk of incidents"]
agenda_questions = ["What first?", "What next?"]

[[delegations]]
code = "USA"
name = "United States"

[[delegations]]
code = "KOR"
name = "Republic of Korea"

[[sessions]]
key = "one"
title = "Session one"
aim = 1
"""

GOOD = """
[[questions]]
key = "p1"
kind = "probability"
text = "Will it happen?"
session = "one"
agenda_question = 2
event = "It happens."
resolves_on = 2012-01-19
resolution = "Resolves yes if it happens."

[[questions]]
key = "r1"
kind = "rating"
text = "How much?"
scale = ["Low", "High"]

[[questions]]
key = "k1"
kind = "ranking"
text = "Which first?"
options = ["A", "B", "C"]

[[questions]]
key = "t1"
kind = "text"
text = "Why?"
"""


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "dialogue.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_a_small_spec_loads(tmp_path: Path) -> None:
    spec = load_spec(_write(tmp_path, HEAD + GOOD))
    assert spec.dialogue.slug == "mini" and spec.dialogue.k == 3  # k defaults to 3
    assert [q.key for q in spec.questions] == ["p1", "r1", "k1", "t1"]
    assert spec.questions[0].resolves_on == dt.date(2012, 1, 19)


BAD = {
    "syntax": (HEAD + GOOD + "\n[[questions]\nkey = 'broken'\n", "not valid TOML"),
    "unknown field": (HEAD + GOOD.replace('text = "Why?"', 'text = "Why?"\ncolour = "red"'),
                      "questions.3.colour: Extra inputs are not permitted"),
    "unknown section": (HEAD + GOOD + "\n[venue]\nname = 'Seoul'\n", "venue: Extra inputs"),
    "duplicate key": (HEAD + GOOD.replace('key = "t1"', 'key = "p1"'), "duplicate question key: p1"),
    "rating without scale": (HEAD + GOOD.replace('scale = ["Low", "High"]', ""), "needs a scale"),
    "rating with one label": (HEAD + GOOD.replace('scale = ["Low", "High"]', 'scale = ["Low"]'),
                              "needs a scale"),
    "rating with a repeated label": (HEAD + GOOD.replace('scale = ["Low", "High"]', 'scale = ["Low", "Low"]'),
                                    "distinct labels"),
    "ranking duplicate options": (HEAD + GOOD.replace('options = ["A", "B", "C"]', 'options = ["A", "B", "A"]'),
                                  "distinct options"),
    "unknown session": (HEAD + GOOD.replace('session = "one"', 'session = "nowhere"'),
                        "unknown session 'nowhere'"),
    "agenda question out of range": (HEAD + GOOD.replace("agenda_question = 2", "agenda_question = 3"),
                                     "agenda_question 3 is out of range"),
    "aim out of range": (HEAD.replace("aim = 1", "aim = 2") + GOOD, "aim 2 is out of range"),
    "probability without resolution": (HEAD + GOOD.replace('resolution = "Resolves yes if it happens."', ""),
                                       "needs event, resolves_on and resolution"),
    "scale on a text question": (HEAD + GOOD.replace('text = "Why?"', 'text = "Why?"\nscale = ["a", "b"]'),
                                 "only rating questions take a scale"),
    "bad kind": (HEAD + GOOD.replace('kind = "text"', 'kind = "essay"'), "questions.3.kind"),
    "bad slug": (HEAD.replace('slug = "mini"', 'slug = "Mini Dialogue"') + GOOD, "dialogue.slug"),
    "no questions": (HEAD, "questions: Field required"),
    "k too small": (HEAD.replace('title = "A small dialogue"', 'title = "A small dialogue"\nk = 1') + GOOD,
                    "dialogue.k: Input should be greater than or equal to 2"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_specs_fail_in_one_line(tmp_path: Path, case: str) -> None:
    body, needle = BAD[case]
    path = _write(tmp_path, body)
    with pytest.raises(DialogueError) as info:
        load_spec(path)
    message = str(info.value)
    assert needle in message, message
    assert "\n" not in message
    assert message.startswith(str(path))


def test_a_file_that_is_not_utf8_fails_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes((HEAD + GOOD).replace("Why?", "Pourquoi pas là?").encode("latin-1"))
    with pytest.raises(DialogueError, match="not UTF-8"):
        load_spec(path)
