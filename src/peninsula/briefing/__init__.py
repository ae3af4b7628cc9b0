"""The briefing: every registered section rendered into one self-contained HTML file (and a PDF).

The registered sections are ``registered_sections()``: the name ``sections`` here is the subpackage
that holds them, which Python binds on the package when it is first imported.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from peninsula.briefing.context import Context, last_event_date, store_hash
from peninsula.briefing.registry import Section, register
from peninsula.briefing.registry import sections as registered_sections
from peninsula.briefing.render import Briefing, render_html, render_sections, write_briefing
from peninsula.events import EventStore

DEFAULT_SINCE = dt.date(1990, 1, 1)


def brief(store: EventStore, out_dir: Path, *, as_of: dt.date | None = None,
          since: dt.date = DEFAULT_SINCE, pdf: bool = False, seed: int = 0,
          dialogue_url: str | None = None, dialogue: str | None = None) -> Briefing:
    """Write the briefing for ``store`` as of ``as_of`` (default: the last event's date).

    With ``dialogue_url``, a section "Views of the delegations" shows that dialogue's answers under the
    same disclosure control as ``peninsula dialogue report``.
    """
    day = as_of or last_event_date(store)
    if since >= day:
        raise ValueError(f"--since {since} must be before the data date {day}")
    report = None
    if dialogue_url is not None:
        from peninsula.dialogue import Workspace, disclose

        with Workspace(dialogue_url, create=False) as ws:
            report = disclose(ws.snapshot(dialogue), seed=seed)
    ctx = Context(store=store, as_of=day, since=since, seed=seed, dialogue=report)
    return write_briefing(ctx, out_dir, pdf=pdf)


__all__ = [
    "Briefing",
    "Context",
    "Section",
    "brief",
    "last_event_date",
    "register",
    "registered_sections",
    "render_html",
    "render_sections",
    "store_hash",
    "write_briefing",
]
