"""`peninsula dialogue`: a whole meeting through the command line, --help everywhere, one-line errors.

The long flow runs the CLI in this process (``run``, the same error boundary as the console script) to stay
fast; the errors run as real processes, so a stray traceback or warning on stderr would show.
"""

from __future__ import annotations

import csv
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from peninsula.cli import app
from peninsula.cli._app import run
from peninsula.dialogue import example_path, load_spec

from .helpers import assert_one_line_error, cli

pytestmark = pytest.mark.timeout(120)

ORGANIZER = "Convenor Ashworth"
PEOPLE = {
    "USA": ["Harriet Quillfeather", "Desmond Okonkwo-Hale", "Marguerite Vantassel"],
    "KOR": ["Baek Soohyun", "Gwak Minjae", "Yeom Dahye"],
    "CHN": ["Qiu Lianhua", "Zhuge Wenbo", "Ouyang Meixi"],
}
NAMES = [name for names in PEOPLE.values() for name in names]
NAME_WORDS = sorted({w for name in NAMES for w in name.replace("-", " ").split()})
TEXT_Q = "security-structure-element"
PROB_Q = "lethal-clash-12m"

# One free-text answer per participant, in NAMES order: what review does with each.
REWORDED = "A standing trilateral military hotline, tested daily."
TEXTS = [
    "ORIGINAL-WORDING: the hotline our general proposed at the Pentagon last week.",  # approved, reworded
    "Approved one: an incidents-at-sea agreement for the West Sea.",
    "Approved two: an annual trilateral defence dialogue at vice-minister level.",
    "Approved three: a standing Northeast Asian security forum with a secretariat.",
    "REJECTED-TEXT: as I said to the minister at dinner, only a grand bargain works.",
    *(f"Pending {i}: more work on verification." for i in range(4)),
]
APPROVED = [REWORDED, *TEXTS[1:4]]


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> subprocess.CompletedProcess[str]:
    """``peninsula ARGS`` in this process: exit code, stdout and stderr, as ``cli`` gives them."""
    capsys.readouterr()
    code = run(list(args))
    out = capsys.readouterr()
    return subprocess.CompletedProcess(list(args), code, out.out, out.err)


def _ok(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    proc = _run(capsys, *args)
    assert proc.returncode == 0, (args, proc.stderr)
    return proc.stdout


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    return json.loads(_ok(capsys, *args, "--json"))


def _write_answers(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["token", "question", "value"])
        writer.writerows(rows)
    return path


def _no_names(text: str) -> list[str]:
    """The participants' names, or parts of them, found in ``text`` (should be none)."""
    return [w for w in NAME_WORDS if w in text]


def test_a_whole_dialogue_through_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = ("--database-url", f"sqlite:///{tmp_path}/d.sqlite")
    spec = load_spec(example_path())

    created = _json(capsys, "dialogue", "init", "--example", "--organizer", ORGANIZER, *url)
    assert created["dialogue"] == "seoul-2011" and created["questions"] == 12
    assert created["organizer"] == ORGANIZER and len(created["token"]) >= 16
    assert _json(capsys, "dialogue", "list", *url) == ["seoul-2011"]

    tokens: dict[str, str] = {}
    for code, names in PEOPLE.items():
        for name in names:
            inv = _json(capsys, "dialogue", "invite", name, "--delegation", code, *url)
            assert (inv["name"], inv["role"], inv["delegation"]) == (name, "participant", code)
            tokens[name] = inv["token"]
    assert len(set(tokens.values())) == 9

    rows: list[tuple[str, str, str]] = []
    for i, name in enumerate(NAMES):
        for j, q in enumerate(spec.questions):
            if q.kind == "probability":
                value = f"{0.05 + 0.1 * i + 0.01 * j:.2f}"
            elif q.kind == "rating":
                assert q.scale is not None
                value = q.scale[(i + j) % len(q.scale)]  # by label
            elif q.kind == "ranking":
                value = ",".join(str(1 + (i + d) % 6) for d in range(3))  # by number, best first
            else:
                value = TEXTS[i]
            rows.append((tokens[name], q.key, value))
    answers = _write_answers(tmp_path / "answers.csv", rows)
    assert "recorded 108 answers (0 revising" in _ok(capsys, "dialogue", "respond", "--file", str(answers), *url)
    revised = _json(capsys, "dialogue", "respond", "--token", tokens[NAMES[0]], "--question", PROB_Q,
                    "--value", "0.5", *url)
    assert revised == [{"question": PROB_Q, "round": 1, "revision": 2}]

    pending = _json(capsys, "dialogue", "review", *url)
    assert sorted(p["text"] for p in pending) == sorted(TEXTS)
    assert not _no_names(json.dumps(pending))
    ids = {p["text"]: p["id"] for p in pending}
    assert "approved" in _ok(capsys, "dialogue", "review", "--approve", str(ids[TEXTS[0]]), "--text", REWORDED,
                             *url)
    for t in TEXTS[1:4]:
        _ok(capsys, "dialogue", "review", "--approve", str(ids[t]), *url)
    assert "rejected" in _ok(capsys, "dialogue", "review", "--reject", str(ids[TEXTS[4]]), *url)
    assert sorted(p["text"] for p in _json(capsys, "dialogue", "review", *url)) == sorted(TEXTS[5:])

    assert _ok(capsys, "dialogue", "round", "close", *url).strip() == "round 1 closed"
    assert "allowed" in _ok(capsys, "dialogue", "views", "--agreed", *url)

    text = _ok(capsys, "dialogue", "report", *url)
    report = _json(capsys, "dialogue", "report", *url)
    csv_path, json_path = tmp_path / "report.csv", tmp_path / "report.json"
    _ok(capsys, "dialogue", "export", "--format", "csv", "--out", str(csv_path), *url)
    _ok(capsys, "dialogue", "export", "--format", "json", "--out", str(json_path), *url)
    audit = _json(capsys, "dialogue", "audit", *url)
    exported_csv = csv_path.read_text(encoding="utf-8")
    exported_json = json_path.read_text(encoding="utf-8")

    # nothing names a participant; the rejected, unreviewed and replaced wording never appears
    for output in (text, json.dumps(report, ensure_ascii=False), exported_csv, exported_json, json.dumps(audit)):
        assert not _no_names(output)
        assert not [t for t in TEXTS if t in output and t not in APPROVED]
        assert "REJECTED-TEXT" not in output and "ORIGINAL-WORDING" not in output
        assert not [t for t in tokens.values() if t in output]

    # the text report
    assert "Per-delegation views: agreed by every delegation" in text
    assert text.count("Round 1 (9 answered)") == 12
    assert all(t in text for t in APPROVED)

    # the JSON report, and the JSON export is the same report
    assert json.loads(exported_json) == report
    assert [q["key"] for q in report["questions"]] == [q.key for q in spec.questions]
    assert report["delegation_views"] is True and report["k"] == 3 and report["invited"] == 9
    assert report["reported_rounds"] == [1]
    questions = {q["key"]: q for q in report["questions"]}
    for q in spec.questions:
        [view] = questions[q.key]["rounds"]
        assert view["respondents"] == 9
        if q.kind == "probability":
            assert view["overall"]["n"] == 9 and 0 < view["overall"]["values"]["pooled"] < 1
            shown = {d["population"]: d["n"] for d in view["delegations"]}
            assert shown == {"USA": 3, "KOR": 3, "CHN": 3}
            assert min(shown.values()) >= report["k"]
    assert sorted(questions[TEXT_Q]["rounds"][0]["texts"]) == sorted(APPROVED)

    # the CSV export: one row per shown number
    lines = exported_csv.splitlines()
    assert lines[0] == "question,round,population,n,statistic,value"
    exported = list(csv.DictReader(lines))
    assert {r["population"] for r in exported if r["question"] == PROB_Q} >= {"all respondents", "USA", "KOR",
                                                                             "CHN"}
    assert {r["question"] for r in exported} >= {q.key for q in spec.questions if q.kind != "text"}

    # the audit log: the organizer's actions, in order, and nobody else's name
    assert [e["action"] for e in audit] == (["create"] + ["invite"] * 9 + ["review"] * 5
                                            + ["close_round", "delegation_views"])
    assert {e["actor"] for e in audit} == {ORGANIZER}


def test_a_bad_row_stores_nothing_from_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = ("--database-url", f"sqlite:///{tmp_path}/d.sqlite")
    _ok(capsys, "dialogue", "init", "--example", *url)
    token = _json(capsys, "dialogue", "invite", NAMES[0], "--delegation", "USA", *url)["token"]
    answers = _write_answers(tmp_path / "answers.csv", [
        (token, PROB_Q, "0.3"), (token, "incident-risk-vs-2009", "Higher"),
        (token, "nuclear-test-12m", "1.7"), (token, "cbm-ranking", "1,2")])
    assert_one_line_error(cli("dialogue", "respond", "--file", str(answers), *url), "answer 3: nuclear-test-12m")
    _ok(capsys, "dialogue", "round", "close", *url)
    report = _json(capsys, "dialogue", "report", *url)
    assert [q["rounds"][0]["respondents"] for q in report["questions"]] == [0] * 12
    assert _ok(capsys, "dialogue", "report", *url).count("Round 1 (0 answered)") == 12


@pytest.mark.parametrize("question", [TEXT_Q, "cbm-ranking"])
def test_a_row_without_a_value_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           question: str) -> None:
    """A short CSV row has no value (csv gives None): it must not be stored, e.g. as the text "None"."""
    url = ("--database-url", f"sqlite:///{tmp_path}/d.sqlite")
    _ok(capsys, "dialogue", "init", "--example", *url)
    token = _json(capsys, "dialogue", "invite", NAMES[0], "--delegation", "USA", *url)["token"]
    path = tmp_path / "answers.csv"
    path.write_text(f"token,question,value\n{token},{PROB_Q},0.3\n{token},{question}\n", encoding="utf-8")
    assert_one_line_error(_run(capsys, "dialogue", "respond", "--file", str(path), *url), question)
    assert _json(capsys, "dialogue", "review", *url) == []


# --- errors: the ones that reach the database as real processes, the rest in this process -------------


@pytest.fixture
def initialized(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """A SQLite URL holding the example, with one invited participant."""
    url = f"sqlite:///{tmp_path}/d.sqlite"
    _ok(capsys, "dialogue", "init", "--example", "--database-url", url)
    _ok(capsys, "dialogue", "invite", NAMES[0], "--delegation", "USA", "--database-url", url)
    return url


@pytest.mark.parametrize("args,needle", [
    (["init", "--example"], "already exists"),
    (["invite", "Late Arrival", "--delegation", "PRK"], "no delegation 'PRK'"),
    (["respond", "--token", "not-a-token", "--question", PROB_Q, "--value", "0.5"], "token is not valid"),
], ids=["init-twice", "invite-unknown-delegation", "respond-bad-token"])
def test_errors_are_one_line(initialized: str, args: list[str], needle: str) -> None:
    assert_one_line_error(cli("dialogue", *args, "--database-url", initialized), needle)


@pytest.mark.parametrize("url,needle", [
    ("postgresql://nobody@127.0.0.1:1/x", "database error"),
    ("not a url", "not a database URL"),
], ids=["unreachable-postgresql", "not-a-url"])
def test_bad_database_urls_are_one_line(url: str, needle: str) -> None:
    assert_one_line_error(cli("dialogue", "list", "--database-url", url), needle)


@pytest.mark.parametrize("args,needle", [
    (["init"], "give a dialogue TOML file or --example"),
    (["export", "--format", "xml", "--out", "report.xml"], "--format is json or csv, not 'xml'"),
    (["init", str(example_path()), "--example"], "one of them"),
    (["init", "missing.toml"], "missing.toml"),
    (["respond", "--question", PROB_Q], "give --token, --question and --value, or --file"),
    (["respond", "--file", "a.csv", "--token", "t"], "not both"),
    (["review", "--approve", "1", "--reject", "2"], "not both"),
    (["review", "--text", "Reworded."], "--text goes with --approve"),
    (["review", "--approve", "999"], "no free-text answer 999"),
    (["round", "reveal"], "only a closed round can be revealed"),
    (["round", "open"], "still open"),
    (["invite", "Late Arrival", "--delegation", "USA", "--organizer", NAMES[0]], "is not an organizer"),
    (["report", "--dialogue", "tokyo"], "no dialogue 'tokyo'"),
])
def test_more_errors_are_one_line(initialized: str, capsys: pytest.CaptureFixture[str], args: list[str],
                                  needle: str) -> None:
    assert_one_line_error(_run(capsys, "dialogue", *args, "--database-url", initialized), needle)


def test_a_file_with_the_wrong_columns(tmp_path: Path, initialized: str,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "answers.csv"
    path.write_text("who,what\nx,y\n", encoding="utf-8")
    proc = _run(capsys, "dialogue", "respond", "--file", str(path), "--database-url", initialized)
    assert_one_line_error(proc, "missing question, token, value")


# --- help -----------------------------------------------------------------------------------------

COMMANDS = [["dialogue"], ["dialogue", "init"], ["dialogue", "list"], ["dialogue", "invite"],
            ["dialogue", "respond"], ["dialogue", "round"], ["dialogue", "round", "open"],
            ["dialogue", "round", "close"], ["dialogue", "round", "reveal"], ["dialogue", "views"],
            ["dialogue", "review"], ["dialogue", "report"], ["dialogue", "export"], ["dialogue", "audit"]]


@pytest.mark.parametrize("cmd", COMMANDS, ids=" ".join)
def test_help(cmd: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert run([*cmd, "--help"]) == 0
    out = capsys.readouterr().out
    assert "Usage:" in out
    if len(cmd) > 1 and cmd[-1] != "round":
        assert "--database-url" in out


def test_every_dialogue_command_takes_a_database_url() -> None:
    import typer.main

    group: Any = typer.main.get_command(app).commands["dialogue"]  # type: ignore[attr-defined]
    leaves: dict[str, Any] = {}
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            leaves.update({f"{name} {sub}": c for sub, c in command.commands.items()})
        else:
            leaves[name] = command
    assert set(leaves) == {"init", "list", "invite", "respond", "round open", "round close", "round reveal",
                           "views", "review", "report", "export", "audit"}
    for name, command in leaves.items():
        options = {o for p in command.params for o in getattr(p, "opts", [])}
        assert "--database-url" in options, name


def test_reading_a_missing_sqlite_file_creates_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "typo.sqlite"
    for cmd in (["dialogue", "report"], ["dialogue", "list"], ["dialogue", "audit"]):
        assert run([*cmd, "--database-url", f"sqlite:///{missing}"]) == 1
        err = capsys.readouterr().err.strip()
        assert err.startswith("error: no dialogue database at") and "\n" not in err
    assert not missing.exists()
