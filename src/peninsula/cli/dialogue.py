"""``peninsula dialogue``: set up a dialogue, invite, collect answers, run rounds, report under the rules."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from peninsula.cli.events import JSON_OPTION

if TYPE_CHECKING:
    from peninsula.dialogue import Workspace

app = typer.Typer(help="Structured, non-attributed elicitation for a Track 1.5 dialogue (Chatham House "
                       "Rule): answers in, only disclosure-controlled aggregates out.", no_args_is_help=True)
round_app = typer.Typer(help="Open, close and reveal Delphi rounds.", no_args_is_help=True)
app.add_typer(round_app, name="round")

URL = typer.Option(None, "--database-url", envvar="PENINSULA_DIALOGUE_URL",
                   help="SQLAlchemy URL, e.g. sqlite:///dialogue.sqlite or postgresql://user@host/db "
                        "(default: dialogue.sqlite in the data directory).")
DIALOGUE = typer.Option(None, "--dialogue", help="Dialogue slug (needed when the database holds several).")
ORGANIZER = typer.Option(None, "--organizer", help="The organizer acting, for the audit log "
                                                   "(default: the dialogue's first organizer).")


@contextmanager
def _workspace(url: str | None, *, create: bool = False) -> Iterator[Workspace]:
    """Open the database (only ``init`` creates one); database errors become one readable line."""
    from sqlalchemy.exc import SQLAlchemyError

    from peninsula.dialogue import DialogueError, Workspace

    try:
        with Workspace(url, create=create) as ws:
            yield ws
    except SQLAlchemyError as exc:
        detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        raise DialogueError(f"database error: {detail[0] if detail else type(exc).__name__}") from None


def _echo_json(value: Any) -> None:
    typer.echo(json.dumps(value, ensure_ascii=False))


@app.command("init")
def init(
    file: Path | None = typer.Argument(None, help="Dialogue TOML file (see the shipped example)."),
    example: bool = typer.Option(False, "--example", help="Use the shipped example: the US-ROK-China "
                                                          "meeting in Seoul, 19 January 2011."),
    organizer: str = typer.Option("Organizer", "--organizer", help="Name of the organizer creating it."),
    url: str | None = URL,
    as_json: bool = JSON_OPTION,
) -> None:
    """Create a dialogue from a TOML file, with round 1 open; prints the organizer's token."""
    from peninsula.dialogue import DialogueError, example_path, load_spec

    if (file is None) == (not example):
        raise DialogueError("give a dialogue TOML file or --example (one of them)")
    spec = load_spec(example_path() if example else file)  # type: ignore[arg-type]
    with _workspace(url, create=True) as ws:
        inv = ws.create(spec, organizer=organizer)
    if as_json:
        _echo_json({"dialogue": spec.dialogue.slug, "organizer": inv.name, "token": inv.token,
                    "questions": len(spec.questions)})
        return
    typer.echo(f"created {spec.dialogue.slug}: {len(spec.questions)} questions, "
               f"{len(spec.delegations)} delegations, round 1 open")
    typer.echo(f"organizer {inv.name} token: {inv.token}")


@app.command("list")
def list_dialogues(url: str | None = URL, as_json: bool = JSON_OPTION) -> None:
    """The dialogues in the database."""
    with _workspace(url) as ws:
        slugs = ws.dialogues()
    if as_json:
        _echo_json(slugs)
        return
    for slug in slugs:
        typer.echo(slug)


@app.command("invite")
def invite(
    name: str = typer.Argument(..., help="The person's name (never shown in any report)."),
    delegation: str | None = typer.Option(None, "--delegation", help="Delegation code, e.g. USA."),
    role: str = typer.Option("participant", "--role", help="participant, observer or organizer."),
    dialogue: str | None = DIALOGUE,
    organizer: str | None = ORGANIZER,
    url: str | None = URL,
    as_json: bool = JSON_OPTION,
) -> None:
    """Invite a person; prints the token they answer with (only its hash is stored)."""
    with _workspace(url) as ws:
        inv = ws.invite(dialogue, name, role=role, delegation=delegation, actor=organizer)
    if as_json:
        _echo_json({"name": inv.name, "role": inv.role, "delegation": inv.delegation, "token": inv.token})
        return
    typer.echo(f"invited {inv.name} ({inv.role}{', ' + inv.delegation if inv.delegation else ''}); "
               f"token: {inv.token}")


def _read_answers(path: Path) -> list[tuple[str, str, Any]]:
    """token,question,value rows from a CSV file with a header."""
    from peninsula.dialogue import DialogueError

    try:
        with path.open(newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            missing = {"token", "question", "value"} - set(reader.fieldnames or [])
            if missing:
                raise DialogueError(f"{path}: needs columns token, question, value (missing "
                                    f"{', '.join(sorted(missing))})")
            return [(row["token"] or "", row["question"] or "", row["value"]) for row in reader]
    except UnicodeDecodeError:
        raise DialogueError(f"{path}: not UTF-8 text") from None
    except csv.Error as exc:
        raise DialogueError(f"{path}: not a readable CSV file ({exc})") from None


@app.command("respond")
def respond(
    token: str | None = typer.Option(None, "--token", help="The participant's token."),
    question: str | None = typer.Option(None, "--question", help="Question key."),
    value: str | None = typer.Option(None, "--value", help="Probability 0-1; rating number or label; "
                                                          "ranking as options or numbers, best first, "
                                                          "comma-separated; or text."),
    file: Path | None = typer.Option(None, "--file", help="CSV of token,question,value rows, stored in "
                                                          "one transaction (all or none)."),
    round_number: int | None = typer.Option(None, "--round", help="Round (default: the open one)."),
    dialogue: str | None = DIALOGUE,
    url: str | None = URL,
    as_json: bool = JSON_OPTION,
) -> None:
    """Record answers for scripted or offline collection; a revised answer keeps its history."""
    from peninsula.dialogue import DialogueError

    if file is not None:
        if token or question or value is not None:
            raise DialogueError("give either --file or --token/--question/--value, not both")
        answers = _read_answers(file)
    elif token and question and value is not None:
        answers = [(token, question, value)]
    else:
        raise DialogueError("give --token, --question and --value, or --file")
    with _workspace(url) as ws:
        receipts = ws.respond_many(dialogue, answers, round_number=round_number)
    if as_json:
        _echo_json([{"question": r.question, "round": r.round, "revision": r.revision} for r in receipts])
        return
    revised = sum(r.revision > 1 for r in receipts)
    noun = "answer" if len(receipts) == 1 else "answers"
    typer.echo(f"recorded {len(receipts)} {noun} ({revised} revising an earlier answer)")


def _round(action: str, dialogue: str | None, organizer: str | None, url: str | None) -> None:
    with _workspace(url) as ws:
        number = getattr(ws, f"{action}_round")(dialogue, actor=organizer)
    typer.echo(f"round {number} {'opened' if action == 'open' else action + 'd'}")


@round_app.command("open")
def round_open(dialogue: str | None = DIALOGUE, organizer: str | None = ORGANIZER,
               url: str | None = URL) -> None:
    """Open the next round (after the previous one closed)."""
    _round("open", dialogue, organizer, url)


@round_app.command("close")
def round_close(dialogue: str | None = DIALOGUE, organizer: str | None = ORGANIZER,
                url: str | None = URL) -> None:
    """Close the open round: its answers become reportable and final."""
    _round("close", dialogue, organizer, url)


@round_app.command("reveal")
def round_reveal(dialogue: str | None = DIALOGUE, organizer: str | None = ORGANIZER,
                 url: str | None = URL) -> None:
    """Mark the closed round as revealed to the participants."""
    _round("reveal", dialogue, organizer, url)


@app.command("views")
def views(
    agreed: bool = typer.Option(..., "--agreed/--not-agreed", help="Whether every delegation agreed to "
                                                                   "per-delegation views."),
    dialogue: str | None = DIALOGUE,
    organizer: str | None = ORGANIZER,
    url: str | None = URL,
) -> None:
    """Record whether every delegation agreed to per-delegation aggregates in reports."""
    with _workspace(url) as ws:
        ws.set_delegation_views(dialogue, agreed, actor=organizer)
    typer.echo("per-delegation views " + ("allowed (each still needs k respondents)" if agreed
                                          else "withheld"))


@app.command("review")
def review(
    approve: int | None = typer.Option(None, "--approve", help="Approve the free-text answer with this id."),
    reject: int | None = typer.Option(None, "--reject", help="Reject the free-text answer with this id."),
    text: str | None = typer.Option(None, "--text", help="With --approve: the wording to show instead, "
                                                         "with identifying detail removed."),
    dialogue: str | None = DIALOGUE,
    organizer: str | None = ORGANIZER,
    url: str | None = URL,
    as_json: bool = JSON_OPTION,
) -> None:
    """List free-text answers awaiting review (no names), or approve or reject one."""
    from peninsula.dialogue import DialogueError

    if approve is not None and reject is not None:
        raise DialogueError("give --approve or --reject, not both")
    if text is not None and approve is None:
        raise DialogueError("--text goes with --approve")
    with _workspace(url) as ws:
        if approve is None and reject is None:
            pending = ws.pending_texts(dialogue)
            if as_json:
                _echo_json(pending)
                return
            for p in pending:
                typer.echo(f"[{p['id']}] {p['question']} (round {p['round']}): {p['text']}")
            typer.echo(f"{len(pending)} {'answer awaits' if len(pending) == 1 else 'answers await'} review",
                       err=True)
            return
        target = approve if approve is not None else reject
        ws.review(dialogue, int(target), approve=approve is not None, text=text,  # type: ignore[arg-type]
                  actor=organizer)
    typer.echo(f"answer {target} {'approved' if approve is not None else 'rejected'}")


@app.command("report")
def report(
    dialogue: str | None = DIALOGUE,
    url: str | None = URL,
    seed: int = typer.Option(0, "--seed", help="Seed for permutation tests and opinion groups."),
    as_json: bool = JSON_OPTION,
) -> None:
    """The report of the closed rounds, under disclosure control (no names; delegations only by consent)."""
    from peninsula.dialogue import disclose, render_text

    with _workspace(url) as ws:
        shown = disclose(ws.snapshot(dialogue), seed=seed)
    if as_json:
        _echo_json(shown.to_dict())
        return
    typer.echo(render_text(shown), nl=False)


@app.command("export")
def export(
    out: Path = typer.Option(..., "--out", help="File to write."),
    fmt: str = typer.Option("json", "--format", help="json (the whole report) or csv (one row per "
                                                    "shown number)."),
    dialogue: str | None = DIALOGUE,
    url: str | None = URL,
    seed: int = typer.Option(0, "--seed", help="Seed for permutation tests and opinion groups."),
) -> None:
    """Write the disclosed report to a file; the same rules as the report apply."""
    from peninsula.dialogue import DialogueError, disclose, export_frame

    if fmt not in ("json", "csv"):
        raise DialogueError(f"--format is json or csv, not {fmt!r}")
    with _workspace(url) as ws:
        shown = disclose(ws.snapshot(dialogue), seed=seed)
    if fmt == "json":
        out.write_text(json.dumps(shown.to_dict(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    else:
        export_frame(shown).to_csv(out, index=False)
    typer.echo(f"wrote {out}", err=True)


@app.command("audit")
def audit(dialogue: str | None = DIALOGUE, url: str | None = URL, as_json: bool = JSON_OPTION) -> None:
    """The organizer actions on the dialogue, oldest first."""
    with _workspace(url) as ws:
        rows = ws.audit_log(dialogue)
    if as_json:
        _echo_json(rows)
        return
    for r in rows:
        detail = ", ".join(f"{k}={v}" for k, v in r["detail"].items())
        typer.echo(f"{r['at']}  {r['actor']}  {r['action']}  {detail}")
