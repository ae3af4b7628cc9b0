"""Where a dialogue lives: a database URL (SQLite by default, PostgreSQL by URL), migrated by Alembic."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import sessionmaker

from peninsula._paths import data_dir

MIGRATIONS = Path(__file__).with_name("migrations")


class DialogueError(ValueError):
    """Bad input to the dialogue workspace: shown to the user as one line."""


def default_url() -> str:
    """The default database: ``dialogue.sqlite`` in the user's data directory."""
    return f"sqlite:///{data_dir() / 'dialogue.sqlite'}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def connect(url: str | None = None, *, create: bool = True) -> Engine:
    """An engine for ``url`` (default: the user's SQLite file); SQLite gets foreign keys and WAL.

    With ``create=False`` a SQLite file that does not exist is an error rather than a new database.
    """
    text = url or default_url()
    try:
        parsed = make_url(text)
    except ArgumentError as exc:
        raise DialogueError(f"not a database URL: {text!r}") from exc
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            if not create and not Path(parsed.database).is_file():
                raise DialogueError(f"no dialogue database at {parsed.database} (create one with "
                                    "`peninsula dialogue init`)")
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() != "postgresql":
        raise DialogueError(f"unsupported database {parsed.get_backend_name()!r}: use sqlite or postgresql")
    return create_engine(parsed, pool_pre_ping=True)


def alembic_config(connection: Any | None = None) -> Any:
    """An Alembic configuration for the shipped migrations, bound to ``connection`` if given."""
    from alembic.config import Config

    # Alembic's default stdout is bound when alembic is first imported; the library never prints.
    cfg = Config(stdout=io.StringIO())
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest schema (idempotent)."""
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")


def is_initialized(engine: Engine) -> bool:
    """Whether the database holds the dialogue tables."""
    return inspect(engine).has_table("dialogues")


@contextmanager
def session_scope(engine: Engine) -> Iterator[OrmSession]:
    """One transaction: committed on success, rolled back (store unchanged) on any error."""
    factory = sessionmaker(engine, expire_on_commit=False)
    with factory() as session, session.begin():
        yield session
