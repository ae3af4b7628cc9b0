"""The dialogue workspace on SQLite and on a real PostgreSQL: migrations, setup, answers, rounds, review,
audit, and that every write is one transaction."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest
from alembic import command
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from peninsula.dialogue import DialogueError, Workspace, alembic_config, example_path, load_spec

pytestmark = pytest.mark.timeout(120)

ORGANIZER = "Convenor Ashworth"
# Distinctive names, so finding one anywhere it must not be is not a coincidence.
NAMES = {"USA": "Harriet Quillfeather", "KOR": "Baek Soohyun", "CHN": "Zhuge Wenbo"}
PROB = "lethal-clash-12m"
RATING = "incident-risk-vs-2009"  # Much lower, Lower, About the same, Higher, Much higher
RANKING = "cbm-ranking"
TEXT = "security-structure-element"


@pytest.fixture
def ws(database_url: str) -> Iterator[Workspace]:
    with Workspace(database_url) as workspace:
        yield workspace


@pytest.fixture
def seoul(ws: Workspace) -> dict[str, str]:
    """The shipped example with one participant per delegation; their tokens by delegation code."""
    ws.create(load_spec(example_path()), organizer=ORGANIZER)
    return {code: ws.invite("seoul-2011", name, delegation=code).token for code, name in NAMES.items()}


def _count(ws: Workspace, table: str) -> int:
    with ws.engine.connect() as conn:
        return int(conn.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one())


def _all_rows(ws: Workspace) -> str:
    """Every row of every table, as one string."""
    with ws.engine.connect() as conn:
        tables = inspect(conn).get_table_names()
        return "\n".join(repr(list(row)) for t in tables for row in conn.execute(text(f"SELECT * FROM {t}")))


def _reviews(ws: Workspace) -> dict[str, tuple[str | None, str | None]]:
    """Each current answer's review and reviewed wording (missing as None), by its value."""
    frame = ws.snapshot().responses

    def plain(x: Any) -> Any:
        return None if x is None or (isinstance(x, float) and pd.isna(x)) else x

    return {str(v): (plain(r), plain(t)) for v, r, t in zip(frame["value"].tolist(), frame["review"].tolist(),
                                                            frame["text"].tolist(), strict=True)}


# --- schema ---------------------------------------------------------------------------------------


def test_schema_is_at_head_without_drift(ws: Workspace) -> None:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    with ws.engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == head
        command.check(alembic_config(conn))  # raises if the models and the migrations disagree
        tables = set(inspect(conn).get_table_names())
    assert {"dialogues", "delegations", "participants", "sessions", "questions", "rounds", "responses",
            "response_revisions", "audit_log", "alembic_version"} <= tables


def test_reopening_upgrades_idempotently_and_keeps_data(database_url: str) -> None:
    with Workspace(database_url) as first:
        first.create(load_spec(example_path()), organizer=ORGANIZER)
        token = first.invite(None, NAMES["USA"], delegation="USA").token
        first.respond(None, token, PROB, 0.25)
    with Workspace(database_url) as second, Workspace(database_url) as third:
        assert second.dialogues() == third.dialogues() == ["seoul-2011"]
        assert second.revisions(None, token, PROB, 1) == [0.25]
        assert _count(second, "alembic_version") == 1
        with second.engine.connect() as conn:
            command.check(alembic_config(conn))


# --- creating a dialogue --------------------------------------------------------------------------


def test_create_from_the_shipped_example(ws: Workspace) -> None:
    inv = ws.create(load_spec(example_path()), organizer=ORGANIZER)
    assert inv.name == ORGANIZER and inv.role == "organizer" and inv.delegation is None and inv.token
    assert ws.dialogues() == ["seoul-2011"]
    data = ws.snapshot()
    assert data.slug == "seoul-2011" and data.k == 3 and data.delegation_views is False
    assert len(data.questions) == 12
    assert {q.kind for q in data.questions} == {"probability", "rating", "ranking", "text"}
    assert [code for code, _ in data.delegations] == ["USA", "KOR", "CHN"]
    assert data.rounds == ((1, "open"),)
    assert data.invited == 0 and data.responses.empty
    assert len(data.aims) == 4 and len(data.agenda_questions) == 5


def test_creating_twice_fails_and_keeps_one_dialogue(ws: Workspace) -> None:
    spec = load_spec(example_path())
    ws.create(spec, organizer=ORGANIZER)
    with pytest.raises(DialogueError, match="already exists"):
        ws.create(spec, organizer="Someone Else")
    assert ws.dialogues() == ["seoul-2011"]
    assert _count(ws, "dialogues") == 1
    assert _count(ws, "questions") == 12 and _count(ws, "delegations") == 3
    assert _count(ws, "participants") == 1


# --- invitations ----------------------------------------------------------------------------------


def test_invite_rules(ws: Workspace) -> None:
    ws.create(load_spec(example_path()), organizer=ORGANIZER)
    with pytest.raises(DialogueError, match="delegation"):
        ws.invite(None, "No Delegation")  # a participant needs one
    with pytest.raises(DialogueError, match="no delegation 'PRK'"):
        ws.invite(None, "Wrong Delegation", delegation="PRK")
    with pytest.raises(DialogueError, match="unknown role 'spy'"):
        ws.invite(None, "Bad Role", role="spy", delegation="USA")
    with pytest.raises(DialogueError, match="name"):
        ws.invite(None, "   ", delegation="USA")
    inv = ws.invite(None, NAMES["USA"], delegation="USA")
    assert (inv.name, inv.role, inv.delegation) == (NAMES["USA"], "participant", "USA")
    with pytest.raises(DialogueError, match="already invited"):
        ws.invite(None, NAMES["USA"], delegation="KOR")
    observer = ws.invite(None, "Observer Pemberton", role="observer")  # observers need no delegation
    assert observer.role == "observer" and observer.delegation is None
    assert _count(ws, "participants") == 3  # organizer, participant, observer
    assert ws.snapshot().invited == 1  # only participants answer


def test_tokens_are_stored_only_as_hashes(ws: Workspace) -> None:
    organizer = ws.create(load_spec(example_path()), organizer=ORGANIZER)
    invitations = [organizer] + [ws.invite(None, name, delegation=code) for code, name in NAMES.items()]
    tokens = [inv.token for inv in invitations]
    assert len(set(tokens)) == len(tokens) and all(len(t) >= 16 for t in tokens)
    dump = _all_rows(ws)
    assert not [t for t in tokens if t in dump]
    with ws.engine.connect() as conn:
        stored = {r[0]: r[1] for r in conn.execute(text("SELECT name, token_hash FROM participants"))}
    assert stored == {inv.name: hashlib.sha256(inv.token.encode()).hexdigest() for inv in invitations}


def test_failed_invite_leaves_the_store_as_it_was(ws: Workspace) -> None:
    ws.create(load_spec(example_path()), organizer=ORGANIZER)
    before = (_count(ws, "participants"), _count(ws, "audit_log"))
    with pytest.raises(DialogueError):
        ws.invite(None, NAMES["KOR"], delegation="XYZ")
    with pytest.raises(DialogueError):
        ws.invite(None, NAMES["KOR"], delegation="KOR", actor="Not An Organizer")
    assert (_count(ws, "participants"), _count(ws, "audit_log")) == before
    ws.invite(None, NAMES["KOR"], delegation="KOR")  # the name was not taken by the failed attempts
    assert _count(ws, "participants") == before[0] + 1


# --- answers --------------------------------------------------------------------------------------


@pytest.mark.parametrize("value,stored", [(0, 0.0), (1, 1.0), ("0.25", 0.25), (0.7, 0.7)])
def test_probability_accepts_0_to_1(ws: Workspace, seoul: dict[str, str], value: Any, stored: float) -> None:
    ws.respond(None, seoul["USA"], PROB, value)
    assert ws.revisions(None, seoul["USA"], PROB, 1) == [stored]


def test_answer_validation(ws: Workspace, seoul: dict[str, str]) -> None:
    token = seoul["USA"]
    bad: list[tuple[str, Any, str]] = [
        (PROB, -0.01, "0 to 1"), (PROB, 1.01, "0 to 1"), (PROB, "nan", "0 to 1"), (PROB, "inf", "0 to 1"),
        (PROB, "likely", "0 to 1"), (PROB, None, "0 to 1"),
        (RATING, 0, "1 to 5"), (RATING, 6, "1 to 5"), (RATING, "2.5", "1 to 5"), (RATING, "Huge", "1 to 5"),
        (RANKING, "1,1", "at most once"), (RANKING, ["3", 3], "at most once"), (RANKING, "7", "out of range"),
        (RANKING, "0", "out of range"), (RANKING, "Sanctions", "not an option"), (RANKING, "", "not an option"),
        (RANKING, [], "at most once"),
        (TEXT, "", "1 to 2000"), (TEXT, "   ", "1 to 2000"), (TEXT, "x" * 2001, "1 to 2000"),
        ("no-such-question", 0.5, "no question"),
    ]
    for question, value, needle in bad:
        with pytest.raises(DialogueError, match=needle) as info:
            ws.respond(None, token, question, value)
        assert "\n" not in str(info.value)
    assert ws.snapshot().responses.empty


def test_stored_forms(ws: Workspace, seoul: dict[str, str]) -> None:
    options = next(q.options for q in ws.snapshot().questions if q.key == RANKING)
    assert options is not None
    a, b, c = seoul["USA"], seoul["KOR"], seoul["CHN"]
    ws.respond(None, a, RATING, "Higher")  # by label
    ws.respond(None, b, RATING, "2")  # by number
    ws.respond(None, c, RATING, 5)
    ws.respond(None, a, RANKING, "1, 3,2")  # numbers, comma-separated
    ws.respond(None, b, RANKING, [options[5], options[0]])  # names, as a list
    ws.respond(None, c, RANKING, [2, options[3]])  # numbers and names mixed, as a list
    ws.respond(None, a, TEXT, "  " + "y" * 2000 + "  ")  # 2000 characters once trimmed
    assert ws.revisions(None, a, RATING, 1) == [4]
    assert ws.revisions(None, b, RATING, 1) == [2]
    assert ws.revisions(None, c, RATING, 1) == [5]
    assert ws.revisions(None, a, RANKING, 1) == [[options[0], options[2], options[1]]]
    assert ws.revisions(None, b, RANKING, 1) == [[options[5], options[0]]]
    assert ws.revisions(None, c, RANKING, 1) == [[options[1], options[3]]]
    assert ws.revisions(None, a, TEXT, 1) == ["y" * 2000]


def test_ranking_rejects_a_value_that_is_neither_text_nor_a_list(ws: Workspace, seoul: dict[str, str]) -> None:
    # validate_value promises "the answer in its stored form, or a one-line error": never a TypeError.
    for value in (None, 3, 2.5):
        with pytest.raises(DialogueError):
            ws.respond(None, seoul["USA"], RANKING, value)


def test_text_answer_of_none_is_rejected(ws: Workspace, seoul: dict[str, str]) -> None:
    # A missing answer is not the four-letter text "None".
    with pytest.raises(DialogueError):
        ws.respond(None, seoul["USA"], TEXT, None)
    assert ws.snapshot().responses.empty


def test_only_participants_with_a_valid_token_answer(ws: Workspace, seoul: dict[str, str]) -> None:
    observer = ws.invite(None, "Observer Pemberton", role="observer").token
    co_organizer = ws.invite(None, "Deputy Organizer", role="organizer").token
    with pytest.raises(DialogueError, match="observers do not answer"):
        ws.respond(None, observer, PROB, 0.5)
    with pytest.raises(DialogueError, match="organizers do not answer"):
        ws.respond(None, co_organizer, PROB, 0.5)
    with pytest.raises(DialogueError, match="token is not valid"):
        ws.respond(None, "not-a-token", PROB, 0.5)
    with pytest.raises(DialogueError, match="token is not valid"):
        ws.revisions(None, "not-a-token", PROB, 1)
    assert ws.snapshot().responses.empty
    assert ws.respond(None, seoul["KOR"], PROB, 0.5).revision == 1


def test_revisions_keep_every_value_in_order(ws: Workspace, seoul: dict[str, str]) -> None:
    token = seoul["USA"]
    receipts = [ws.respond(None, token, PROB, v) for v in (0.2, 0.35, 0.35, 0.1)]
    assert [r.revision for r in receipts] == [1, 2, 2, 3]  # the unchanged value adds no revision
    assert all(r.question == PROB and r.round == 1 for r in receipts)
    assert ws.revisions(None, token, PROB, 1) == [0.2, 0.35, 0.1]
    assert ws.revisions(None, seoul["KOR"], PROB, 1) == []  # another participant's history is their own
    current = ws.snapshot().responses
    assert len(current) == 1 and current["value"].iloc[0] == 0.1
    assert _count(ws, "response_revisions") == 3


def test_a_revised_text_answer_returns_to_review(ws: Workspace, seoul: dict[str, str]) -> None:
    token = seoul["USA"]
    ws.respond(None, token, TEXT, "A standing trilateral military hotline.")
    [pending] = ws.pending_texts()
    ws.review(None, pending["id"], approve=True, text="A standing hotline.")
    assert ws.pending_texts() == []
    again = ws.respond(None, token, TEXT, "A standing trilateral military hotline.")  # unchanged
    assert again.revision == 1 and ws.pending_texts() == []
    revised = ws.respond(None, token, TEXT, "A regional incidents-at-sea agreement.")
    assert revised.revision == 2
    [back] = ws.pending_texts()
    assert back["id"] == pending["id"] and back["text"] == "A regional incidents-at-sea agreement."
    row = ws.snapshot().responses.iloc[0]
    assert row["review"] == "pending" and pd.isna(row["text"])  # the old reworded text is dropped


def test_respond_many_is_all_or_nothing(ws: Workspace, seoul: dict[str, str]) -> None:
    a, b = seoul["USA"], seoul["KOR"]
    ws.respond(None, a, PROB, 0.4)
    before = ws.snapshot().responses
    batch: list[tuple[str, str, Any]] = [(a, PROB, 0.6), (b, PROB, 0.3), (b, RATING, "Sideways"),
                                         (b, TEXT, "An agreed crisis line.")]
    with pytest.raises(DialogueError, match="answer 3") as info:
        ws.respond_many(None, batch)
    assert "incident-risk-vs-2009" in str(info.value)
    pd.testing.assert_frame_equal(ws.snapshot().responses, before)
    assert ws.revisions(None, a, PROB, 1) == [0.4]  # answer 1's revision was rolled back too
    assert ws.pending_texts() == []
    receipts = ws.respond_many(None, [(a, PROB, 0.6), (b, PROB, 0.3), (b, RATING, "Lower")])
    assert [(r.question, r.revision) for r in receipts] == [(PROB, 2), (PROB, 1), (RATING, 1)]
    assert len(ws.snapshot().responses) == 3


# --- rounds ---------------------------------------------------------------------------------------


def test_round_lifecycle(ws: Workspace, seoul: dict[str, str]) -> None:
    token = seoul["USA"]
    ws.respond(None, token, PROB, 0.3)
    with pytest.raises(DialogueError, match="still open"):
        ws.open_round()
    with pytest.raises(DialogueError, match="only a closed round"):
        ws.reveal_round()
    assert ws.close_round() == 1
    with pytest.raises(DialogueError, match="not open"):
        ws.respond(None, token, PROB, 0.9)
    with pytest.raises(DialogueError, match="not open"):
        ws.close_round()
    assert ws.open_round() == 2  # after close, without reveal
    receipt = ws.respond(None, token, PROB, 0.6)
    assert (receipt.round, receipt.revision) == (2, 1)
    with pytest.raises(DialogueError, match="round 1 is not open"):
        ws.respond(None, token, PROB, 0.9, round_number=1)
    with pytest.raises(DialogueError, match="round 7 is not open"):
        ws.respond(None, token, PROB, 0.9, round_number=7)
    assert ws.revisions(None, token, PROB, 1) == [0.3]
    assert ws.revisions(None, token, PROB, 2) == [0.6]
    data = ws.snapshot()
    assert data.rounds == ((1, "closed"), (2, "open"))
    assert sorted(zip(data.responses["round"], data.responses["value"], strict=True)) == [(1, 0.3), (2, 0.6)]


def test_reveal_only_after_close(ws: Workspace, seoul: dict[str, str]) -> None:
    ws.respond(None, seoul["CHN"], RATING, "Higher")
    assert ws.close_round() == 1
    assert ws.reveal_round() == 1
    with pytest.raises(DialogueError, match="revealed"):
        ws.reveal_round()
    assert ws.snapshot().rounds == ((1, "revealed"),)
    assert ws.open_round() == 2
    assert ws.respond(None, seoul["CHN"], RATING, "Lower").round == 2
    assert ws.snapshot().rounds == ((1, "revealed"), (2, "open"))
    assert ws.revisions(None, seoul["CHN"], RATING, 1) == [4]


# --- review ---------------------------------------------------------------------------------------


def test_review_of_free_text(ws: Workspace, seoul: dict[str, str]) -> None:
    texts = {"USA": "Our delegation's idea: a trilateral hotline.", "KOR": "An incidents-at-sea agreement.",
             "CHN": "A six-party security forum."}
    for code, answer in texts.items():
        ws.respond(None, seoul[code], TEXT, answer)
    ws.respond(None, seoul["USA"], PROB, 0.5)
    pending = ws.pending_texts()
    assert sorted(p["text"] for p in pending) == sorted(texts.values())
    assert all(set(p) == {"id", "question", "round", "text"} for p in pending)
    assert all(p["question"] == TEXT and p["round"] == 1 for p in pending)
    shown = repr(pending)
    assert not [n for n in [*NAMES.values(), *NAMES] if n in shown]  # no names, no delegations
    by_text = {p["text"]: p["id"] for p in pending}

    ws.review(None, by_text[texts["USA"]], approve=True, text="A trilateral hotline.")
    ws.review(None, by_text[texts["KOR"]], approve=True)
    ws.review(None, by_text[texts["CHN"]], approve=False)
    assert ws.pending_texts() == []
    assert _reviews(ws) == {texts["USA"]: ("approved", "A trilateral hotline."),
                            texts["KOR"]: ("approved", None), texts["CHN"]: ("rejected", None),
                            "0.5": (None, None)}

    audit_before = len(ws.audit_log())
    with ws.engine.connect() as conn:
        prob_id = conn.execute(text("SELECT r.id FROM responses r JOIN questions q ON r.question_id = q.id "
                                    "WHERE q.kind = 'probability'")).scalar_one()
    with pytest.raises(DialogueError, match=f"no free-text answer {prob_id}"):
        ws.review(None, prob_id, approve=True)
    with pytest.raises(DialogueError, match="no free-text answer 99999"):
        ws.review(None, 99999, approve=False)
    with pytest.raises(DialogueError, match="empty"):
        ws.review(None, by_text[texts["KOR"]], approve=True, text="  ")
    assert len(ws.audit_log()) == audit_before
    assert _reviews(ws)[texts["KOR"]] == ("approved", None)


# --- audit ----------------------------------------------------------------------------------------


def test_audit_log_names_the_organizer_in_order(ws: Workspace) -> None:
    ws.create(load_spec(example_path()), organizer=ORGANIZER)
    tokens = {code: ws.invite(None, name, delegation=code).token for code, name in NAMES.items()}
    ws.invite(None, "Deputy Organizer", role="organizer")
    ws.respond(None, tokens["USA"], TEXT, "A trilateral hotline.")
    ws.close_round()
    [pending] = ws.pending_texts()
    ws.review(None, pending["id"], approve=True, actor="Deputy Organizer")
    ws.set_delegation_views(None, True)
    ws.reveal_round()
    ws.open_round()
    log = ws.audit_log()
    assert [e["action"] for e in log] == ["create", "invite", "invite", "invite", "invite", "close_round",
                                          "review", "delegation_views", "reveal_round", "open_round"]
    assert [e["actor"] for e in log] == [ORGANIZER] * 6 + ["Deputy Organizer"] + [ORGANIZER] * 3
    assert [e["at"] for e in log] == sorted(e["at"] for e in log)
    assert log[0]["detail"]["questions"] == 12 and log[7]["detail"] == {"agreed": True}
    assert log[6]["detail"]["response"] == pending["id"]
    shown = repr(log)
    assert not [n for n in NAMES.values() if n in shown] and not [t for t in tokens.values() if t in shown]
    assert ws.snapshot().delegation_views is True


def test_only_an_organizer_acts(ws: Workspace, seoul: dict[str, str]) -> None:
    before = ws.audit_log()
    for actor in (NAMES["USA"], "Nobody At All"):
        with pytest.raises(DialogueError, match="not an organizer"):
            ws.close_round(actor=actor)
        with pytest.raises(DialogueError, match="not an organizer"):
            ws.set_delegation_views(None, True, actor=actor)
        with pytest.raises(DialogueError, match="not an organizer"):
            ws.invite(None, "Late Arrival", delegation="USA", actor=actor)
    assert ws.audit_log() == before
    data = ws.snapshot()
    assert data.rounds == ((1, "open"),) and data.delegation_views is False and data.invited == 3


def test_several_dialogues_need_a_slug(ws: Workspace) -> None:
    spec = load_spec(example_path())
    ws.create(spec, organizer=ORGANIZER)
    other = spec.model_copy(update={"dialogue": spec.dialogue.model_copy(update={"slug": "beijing-2012"})})
    ws.create(other, organizer=ORGANIZER)
    assert ws.dialogues() == ["seoul-2011", "beijing-2012"]
    with pytest.raises(DialogueError, match="--dialogue"):
        ws.invite(None, NAMES["USA"], delegation="USA")
    with pytest.raises(DialogueError, match="no dialogue 'tokyo'"):
        ws.snapshot("tokyo")
    token = ws.invite("beijing-2012", NAMES["USA"], delegation="USA").token
    with pytest.raises(DialogueError, match="token is not valid for 'seoul-2011'"):
        ws.respond("seoul-2011", token, PROB, 0.5)
    ws.respond("beijing-2012", token, PROB, 0.5)
    assert ws.snapshot("seoul-2011").responses.empty and len(ws.snapshot("beijing-2012").responses) == 1


# --- snapshot -------------------------------------------------------------------------------------


def test_snapshot_has_no_names(ws: Workspace, seoul: dict[str, str]) -> None:
    for code, token in seoul.items():
        ws.respond_many(None, [(token, PROB, 0.5), (token, RATING, "Lower"), (token, RANKING, "2,1"),
                               (token, TEXT, f"An answer from the {code} side.")])
    data = ws.snapshot()
    frame = data.responses
    assert list(frame.columns) == ["respondent", "delegation", "round", "question", "value", "review", "text"]
    assert len(frame) == 12 and set(frame["delegation"]) == set(NAMES)
    assert frame["respondent"].nunique() == 3
    assert all(isinstance(r, int) for r in frame["respondent"].tolist())
    dump = frame.to_csv() + repr(data)
    assert not [n for n in [*NAMES.values(), ORGANIZER] if n in dump]
