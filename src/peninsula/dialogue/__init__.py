"""The dialogue workspace: elicitation domain, aggregation and disclosure control (Chatham House Rule).

Answers go in through ``Workspace``; anything shown comes out of ``disclose`` as a ``Report``.
"""

from __future__ import annotations

from peninsula.dialogue._db import DialogueError, alembic_config, connect, default_url, upgrade
from peninsula.dialogue._disclosure import Report, disclose
from peninsula.dialogue._render import export_frame, render_text
from peninsula.dialogue._spec import DialogueSpec, example_path, load_spec
from peninsula.dialogue._workspace import DialogueData, Invitation, Receipt, Workspace, validate_value

__all__ = [
    "DialogueData",
    "DialogueError",
    "DialogueSpec",
    "Invitation",
    "Receipt",
    "Report",
    "Workspace",
    "alembic_config",
    "connect",
    "default_url",
    "disclose",
    "example_path",
    "export_frame",
    "load_spec",
    "render_text",
    "upgrade",
    "validate_value",
]
