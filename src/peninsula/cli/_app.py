"""The root Typer app and the error boundary every command runs inside."""

from __future__ import annotations

import sys
from typing import Any

import typer

from peninsula import __version__
from peninsula.cli import events as events_cmd

app = typer.Typer(
    name="peninsula",
    help="Decision support for risk reduction and confidence building on the Korean Peninsula.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.add_typer(events_cmd.app, name="events")


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
) -> None:
    """Write the briefing. Until the briefing lands, print the event summary of the store."""
    events_cmd.stats(store=store, as_json=False)


def run(argv: list[str] | None = None) -> int:
    """Run the CLI and return an exit code; never lets a traceback reach the user."""
    from peninsula.cli._errors import USER_ERRORS

    command = typer.main.get_command(app)
    try:
        result: Any = command.main(args=argv, prog_name="peninsula", standalone_mode=False)
    except USER_ERRORS as exc:
        print(f"error: {exc}", file=sys.stderr)
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
