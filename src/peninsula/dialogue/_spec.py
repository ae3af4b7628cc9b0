"""A dialogue written as TOML: its aims, delegations, sessions and questions, validated before any write."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from peninsula._paths import package_data
from peninsula.dialogue._db import DialogueError

Slug = str
EXAMPLE = "seoul-2011"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DialogueInfo(_Strict):
    slug: Slug = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")
    title: str = Field(min_length=1)
    place: str | None = None
    held_on: dt.date | None = None
    k: int = Field(3, ge=2, le=50, description="smallest group whose aggregate may be shown")
    delegation_views: bool = False
    source: str | None = None
    aims: list[str] = Field(default_factory=list)
    agenda_questions: list[str] = Field(default_factory=list)


class DelegationSpec(_Strict):
    code: str = Field(pattern=r"^[A-Z0-9-]{2,16}$")
    name: str = Field(min_length=1)


class SessionSpec(_Strict):
    key: Slug = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")
    title: str = Field(min_length=1)
    aim: int | None = Field(None, ge=1)
    held_on: dt.date | None = None


class QuestionSpec(_Strict):
    key: Slug = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")
    kind: Literal["probability", "rating", "ranking", "text"]
    text: str = Field(min_length=1)
    session: str | None = None
    agenda_question: int | None = Field(None, ge=1)
    event: str | None = None
    resolves_on: dt.date | None = None
    resolution: str | None = None
    scale: list[str] | None = None
    options: list[str] | None = None

    @model_validator(mode="after")
    def _fits_kind(self) -> QuestionSpec:
        if self.kind == "probability" and not (self.event and self.resolves_on and self.resolution):
            raise ValueError(f"probability question {self.key!r} needs event, resolves_on and resolution")
        if self.kind == "rating" and (self.scale is None or len(self.scale) < 2
                                      or len(set(self.scale)) != len(self.scale)):
            raise ValueError(f"rating question {self.key!r} needs a scale of at least 2 distinct labels")
        if self.kind == "ranking" and (self.options is None or len(self.options) < 2
                                       or len(set(self.options)) != len(self.options)):
            raise ValueError(f"ranking question {self.key!r} needs at least 2 distinct options")
        if self.kind != "rating" and self.scale is not None:
            raise ValueError(f"question {self.key!r}: only rating questions take a scale")
        if self.kind != "ranking" and self.options is not None:
            raise ValueError(f"question {self.key!r}: only ranking questions take options")
        return self


class DialogueSpec(_Strict):
    dialogue: DialogueInfo
    delegations: list[DelegationSpec] = Field(min_length=1)
    sessions: list[SessionSpec] = Field(default_factory=list)
    questions: list[QuestionSpec] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> DialogueSpec:
        for label, keys in (("delegation code", [d.code for d in self.delegations]),
                            ("session key", [s.key for s in self.sessions]),
                            ("question key", [q.key for q in self.questions])):
            dupes = sorted({k for k in keys if keys.count(k) > 1})
            if dupes:
                raise ValueError(f"duplicate {label}: {', '.join(dupes)}")
        sessions = {s.key for s in self.sessions}
        for q in self.questions:
            if q.session is not None and q.session not in sessions:
                raise ValueError(f"question {q.key!r} names an unknown session {q.session!r}")
            if q.agenda_question is not None and q.agenda_question > len(self.dialogue.agenda_questions):
                raise ValueError(f"question {q.key!r}: agenda_question {q.agenda_question} is out of range")
        for s in self.sessions:
            if s.aim is not None and s.aim > len(self.dialogue.aims):
                raise ValueError(f"session {s.key!r}: aim {s.aim} is out of range")
        return self


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"])
    message = str(err["msg"]).removeprefix("Value error, ")
    return f"{where}: {message}" if where else message


def load_spec(path: Path | str) -> DialogueSpec:
    """Read and validate a dialogue TOML file; errors name the field in one line."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise DialogueError(f"{path}: not valid TOML ({exc})") from exc
    except UnicodeDecodeError as exc:
        raise DialogueError(f"{path}: not UTF-8 text") from exc
    try:
        return DialogueSpec.model_validate(raw)
    except ValidationError as exc:
        raise DialogueError(f"{path}: {_first_error(exc)}") from exc


def example_path() -> Path:
    """The shipped example: the January 2011 Seoul trilateral meeting's agenda as answerable items."""
    return package_data("dialogue", f"{EXAMPLE}.toml")
