"""The root Typer app and the error boundary every command runs inside."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer

from peninsula import __version__
from peninsula.cli import crisis as crisis_cmd
from peninsula.cli import dialogue as dialogue_cmd
from peninsula.cli import events as events_cmd
from peninsula.cli import forecast as forecast_cmd
from peninsula.cli import indicators as indicators_cmd
from peninsula.cli import institutions as institutions_cmd
from peninsula.cli import nuclear as nuclear_cmd

app = typer.Typer(
    name="peninsula",
    help="Decision support for risk reduction and confidence building on the Korean Peninsula.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.add_typer(events_cmd.app, name="events")
app.add_typer(indicators_cmd.app, name="indicators")
app.add_typer(institutions_cmd.app, name="institutions")
app.add_typer(institutions_cmd.crises_app, name="crises")
app.add_typer(nuclear_cmd.app, name="nuclear")
app.add_typer(crisis_cmd.app, name="crisis")
app.add_typer(forecast_cmd.app, name="forecast")
app.add_typer(dialogue_cmd.app, name="dialogue")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"peninsula {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Decision support for risk reduction and confidence building on the Korean Peninsula."""


@app.command("brief")
def brief(
    store: str | None = events_cmd.STORE_OPTION,
    out: Path = typer.Option(Path("brief"), "--out", help="Folder for index.html (and the PDF)."),
    pdf: bool = typer.Option(False, "--pdf", help="Also write briefing.pdf."),
    since: str | None = typer.Option(None, "--since", help="First date shown, YYYY-MM-DD "
                                     "(default 1990-01-01)."),
    as_of: str | None = typer.Option(None, "--as-of", help="Data date: only what was known by "
                                     "then is used (default: the last event in the store)."),
    seed: int = typer.Option(0, "--seed", help="Seed for sections that simulate."),
    dialogue_url: str | None = typer.Option(None, "--dialogue", help="Database URL of a dialogue: adds "
                                            "\"Views of the delegations\" under disclosure control."),
    dialogue_slug: str | None = typer.Option(None, "--dialogue-slug", help="Which dialogue, when the "
                                             "database holds several."),
) -> None:
    """Write the briefing (one self-contained HTML file; a PDF with --pdf) from the event store."""
    from peninsula.briefing import DEFAULT_SINCE
    from peninsula.briefing import brief as write

    first = events_cmd.parse_date(since, "--since") or DEFAULT_SINCE
    day = events_cmd.parse_date(as_of, "--as-of")
    with events_cmd.open_store(store) as es:
        result = write(es, out, as_of=day, since=first, pdf=pdf, seed=seed,
                       dialogue_url=dialogue_url, dialogue=dialogue_slug)
    print(f"wrote {result.html_path}" + (f" and {result.pdf_path}" if result.pdf_path else "")
          + f" (data through {result.as_of})", file=sys.stderr)


def run(argv: list[str] | None = None) -> int:
    """Run the CLI and return an exit code; never lets a traceback reach the user."""
    from peninsula.cli._errors import USER_ERRORS

    command = typer.main.get_command(app)
    try:
        result: Any = command.main(args=argv, prog_name="peninsula", standalone_mode=False)
    except USER_ERRORS as exc:
        lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()  # one line, even from drivers
        print(f"error: {lines[0] if lines else type(exc).__name__}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # click/typer usage errors and exits
        code = getattr(exc, "exit_code", None)
        if hasattr(exc, "format_message"):
            print(f"error: {exc.format_message()}", file=sys.stderr)
            return int(code) if isinstance(code, int) and code else 2
        if type(exc).__name__ in ("Exit", "Abort"):
            return int(code) if isinstance(code, int) else 1
        print(f"error: unexpected {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    return int(result) if isinstance(result, int) else 0
