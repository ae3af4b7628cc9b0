"""The ``peninsula`` command line: a thin layer that parses, calls the library and renders."""

from __future__ import annotations

import sys

from peninsula.cli._app import app, run

__all__ = ["app", "main"]


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: errors become one line on stderr and a non-zero exit."""
    sys.exit(run(argv))
