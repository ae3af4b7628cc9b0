"""SQLAlchemy 2 models of a dialogue: delegations, people, sessions, questions, rounds, responses, audit."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Stable constraint names, so migrations can alter them on SQLite (batch mode) and PostgreSQL alike.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    """The current time in UTC (timezone-aware)."""
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Role(enum.StrEnum):
    ORGANIZER = "organizer"
    PARTICIPANT = "participant"
    OBSERVER = "observer"


class QuestionKind(enum.StrEnum):
    PROBABILITY = "probability"
    RATING = "rating"
    RANKING = "ranking"
    TEXT = "text"


class RoundStatus(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    REVEALED = "revealed"


class Review(enum.StrEnum):
    """The organizer's review of a free-text answer for identifying detail."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


def _enum(kind: type[enum.StrEnum], name: str) -> Enum:
    return Enum(kind, name=name, native_enum=False, create_constraint=True, length=16,
                values_callable=lambda members: [m.value for m in members])


class Dialogue(Base):
    """One dialogue: its k threshold and whether every delegation agreed to per-delegation views."""

    __tablename__ = "dialogues"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(Text)
    place: Mapped[str | None] = mapped_column(String(120))
    held_on: Mapped[dt.date | None] = mapped_column(Date)
    k: Mapped[int] = mapped_column(Integer)
    delegation_views: Mapped[bool] = mapped_column(Boolean, default=False)
    salt: Mapped[str] = mapped_column(String(64))  # secret: orders free text, never shown
    source: Mapped[str | None] = mapped_column(Text)
    aims: Mapped[list[str]] = mapped_column(JSON, default=list)
    agenda_questions: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    delegations: Mapped[list[Delegation]] = relationship(back_populates="dialogue", order_by="Delegation.id")
    sessions: Mapped[list[AgendaSession]] = relationship(back_populates="dialogue",
                                                         order_by="AgendaSession.position")
    questions: Mapped[list[Question]] = relationship(back_populates="dialogue", order_by="Question.position")
    rounds: Mapped[list[Round]] = relationship(back_populates="dialogue", order_by="Round.number")
    participants: Mapped[list[Participant]] = relationship(back_populates="dialogue",
                                                           order_by="Participant.id")


class Delegation(Base):
    __tablename__ = "delegations"
    __table_args__ = (UniqueConstraint("dialogue_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dialogue_id: Mapped[int] = mapped_column(ForeignKey("dialogues.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(120))

    dialogue: Mapped[Dialogue] = relationship(back_populates="delegations")


class Participant(Base):
    """A person invited to a dialogue, with a role; only a hash of their response token is kept."""

    __tablename__ = "participants"
    __table_args__ = (UniqueConstraint("dialogue_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dialogue_id: Mapped[int] = mapped_column(ForeignKey("dialogues.id", ondelete="CASCADE"), index=True)
    delegation_id: Mapped[int | None] = mapped_column(ForeignKey("delegations.id", ondelete="RESTRICT"),
                                                      index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(_enum(Role, "role"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    dialogue: Mapped[Dialogue] = relationship(back_populates="participants")
    delegation: Mapped[Delegation | None] = relationship()


class AgendaSession(Base):
    """A session of the meeting, serving one of the dialogue's aims."""

    __tablename__ = "sessions"
    __table_args__ = (UniqueConstraint("dialogue_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dialogue_id: Mapped[int] = mapped_column(ForeignKey("dialogues.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    aim: Mapped[int | None] = mapped_column(Integer)  # 1-based index into the dialogue's aims
    held_on: Mapped[dt.date | None] = mapped_column(Date)

    dialogue: Mapped[Dialogue] = relationship(back_populates="sessions")


class Question(Base):
    """A question of one of four kinds; probability questions carry a resolution rule for scoring."""

    __tablename__ = "questions"
    __table_args__ = (UniqueConstraint("dialogue_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dialogue_id: Mapped[int] = mapped_column(ForeignKey("dialogues.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("sessions.id", ondelete="SET NULL"))
    key: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[QuestionKind] = mapped_column(_enum(QuestionKind, "question_kind"))
    text: Mapped[str] = mapped_column(Text)
    agenda_question: Mapped[int | None] = mapped_column(Integer)
    event: Mapped[str | None] = mapped_column(Text)
    resolves_on: Mapped[dt.date | None] = mapped_column(Date)
    resolution: Mapped[str | None] = mapped_column(Text)
    scale: Mapped[list[str] | None] = mapped_column(JSON)    # rating labels, low to high
    options: Mapped[list[str] | None] = mapped_column(JSON)  # ranking options

    dialogue: Mapped[Dialogue] = relationship(back_populates="questions")
    session: Mapped[AgendaSession | None] = relationship()


class Round(Base):
    """A Delphi round: open for answers, closed, then revealed to the participants."""

    __tablename__ = "rounds"
    __table_args__ = (UniqueConstraint("dialogue_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dialogue_id: Mapped[int] = mapped_column(ForeignKey("dialogues.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    status: Mapped[RoundStatus] = mapped_column(_enum(RoundStatus, "round_status"))
    opened_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    revealed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    dialogue: Mapped[Dialogue] = relationship(back_populates="rounds")


class Response(Base):
    """A participant's current answer to a question in a round; earlier values are in its revisions."""

    __tablename__ = "responses"
    __table_args__ = (UniqueConstraint("round_id", "question_id", "participant_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"),
                                                index=True)
    value: Mapped[Any] = mapped_column(JSON)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    review: Mapped[Review | None] = mapped_column(_enum(Review, "review"))  # free text only
    reviewed_text: Mapped[str | None] = mapped_column(Text)  # the organizer's redacted wording
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    revisions: Mapped[list[ResponseRevision]] = relationship(back_populates="response",
                                                             order_by="ResponseRevision.revision",
                                                             cascade="all, delete-orphan")
    question: Mapped[Question] = relationship()
    round: Mapped[Round] = relationship()
    participant: Mapped[Participant] = relationship()


class ResponseRevision(Base):
    """Every value a response has held, in order."""

    __tablename__ = "response_revisions"
    __table_args__ = (UniqueConstraint("response_id", "revision"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id", ondelete="CASCADE"), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    value: Mapped[Any] = mapped_column(JSON)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    response: Mapped[Response] = relationship(back_populates="revisions")


class AuditEntry(Base):
    """An organizer action: who did what to which dialogue, and when."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dialogue_id: Mapped[int] = mapped_column(ForeignKey("dialogues.id", ondelete="CASCADE"), index=True)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(64))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
