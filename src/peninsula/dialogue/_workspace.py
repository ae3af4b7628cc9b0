"""The organizer's and participants' operations on a dialogue; every write is one transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import secrets
from dataclasses import dataclass, fields
from typing import Any

import pandas as pd
from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as OrmSession

from peninsula.dialogue._db import DialogueError, connect, session_scope, upgrade
from peninsula.dialogue._models import (
    AgendaSession,
    AuditEntry,
    Delegation,
    Dialogue,
    Participant,
    Question,
    QuestionKind,
    Response,
    ResponseRevision,
    Review,
    Role,
    Round,
    RoundStatus,
    utcnow,
)
from peninsula.dialogue._spec import DialogueSpec

MAX_TEXT = 2000  # characters in a free-text answer


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Invitation:
    """A new participant and the token they respond with (shown once; only its hash is stored)."""

    name: str
    role: str
    delegation: str | None
    token: str


@dataclass(frozen=True)
class Receipt:
    question: str
    round: int
    revision: int


@dataclass(frozen=True)
class QuestionInfo:
    key: str
    kind: str
    text: str
    session: str | None
    agenda_question: int | None
    event: str | None
    resolves_on: dt.date | None
    resolution: str | None
    scale: tuple[str, ...] | None
    options: tuple[str, ...] | None


@dataclass(frozen=True)
class DialogueAbout:
    """What a dialogue is: its title, place and date, k, the consent flag, source, aims and agenda."""

    slug: str
    title: str
    place: str | None
    held_on: dt.date | None
    k: int
    delegation_views: bool
    source: str | None
    aims: tuple[str, ...]
    agenda_questions: tuple[str, ...]

    def about(self) -> dict[str, Any]:
        """These fields alone, to build another view of the same dialogue."""
        return {f.name: getattr(self, f.name) for f in fields(DialogueAbout)}


@dataclass(frozen=True)
class DialogueData(DialogueAbout):
    """Everything disclosure control needs, read in one transaction. Never shown as it is."""

    salt: str
    delegations: tuple[tuple[str, str], ...]  # (code, name)
    questions: tuple[QuestionInfo, ...]
    rounds: tuple[tuple[int, str], ...]  # (number, status)
    invited: int  # participants who may answer
    responses: pd.DataFrame  # respondent, delegation, round, question, value, review, text


class Workspace:
    """A dialogue database: SQLite by default, PostgreSQL by URL; migrated to the newest schema on open."""

    def __init__(self, url: str | None = None, *, engine: Engine | None = None, create: bool = True) -> None:
        self.engine = engine or connect(url, create=create)
        upgrade(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading -----------------------------------------------------------------------------------

    def dialogues(self) -> list[str]:
        """The slugs of the dialogues in the database."""
        with session_scope(self.engine) as s:
            return list(s.scalars(select(Dialogue.slug).order_by(Dialogue.id)))

    def _dialogue(self, s: OrmSession, slug: str | None) -> Dialogue:
        if slug is None:
            found = list(s.scalars(select(Dialogue).order_by(Dialogue.id)))
            if len(found) != 1:
                raise DialogueError("name the dialogue with --dialogue: the database holds "
                                    f"{len(found)} dialogues")
            return found[0]
        dialogue = s.scalar(select(Dialogue).where(Dialogue.slug == slug))
        if dialogue is None:
            raise DialogueError(f"no dialogue {slug!r} in the database")
        return dialogue

    def _organizer(self, s: OrmSession, d: Dialogue, actor: str | None) -> str:
        organizers = [p.name for p in d.participants if p.role == Role.ORGANIZER]
        if actor is None:
            if not organizers:
                raise DialogueError(f"dialogue {d.slug!r} has no organizer")
            return organizers[0]
        if actor not in organizers:
            raise DialogueError(f"{actor!r} is not an organizer of {d.slug!r}")
        return actor

    def _audit(self, s: OrmSession, d: Dialogue, actor: str, action: str, **detail: Any) -> None:
        s.add(AuditEntry(dialogue_id=d.id, actor=actor, action=action, detail=detail))

    def audit_log(self, slug: str | None = None) -> list[dict[str, Any]]:
        """The organizer actions on a dialogue, oldest first."""
        with session_scope(self.engine) as s:
            d = self._dialogue(s, slug)
            rows = s.scalars(select(AuditEntry).where(AuditEntry.dialogue_id == d.id).order_by(AuditEntry.id))
            return [{"at": r.at.isoformat(), "actor": r.actor, "action": r.action, "detail": r.detail}
                    for r in rows]

    # -- organizer actions -------------------------------------------------------------------------

    def create(self, spec: DialogueSpec, *, organizer: str) -> Invitation:
        """Create the dialogue from its spec with round 1 open; returns the organizer's invitation."""
        info = spec.dialogue
        token = secrets.token_urlsafe(16)
        try:
            with session_scope(self.engine) as s:
                if s.scalar(select(Dialogue.id).where(Dialogue.slug == info.slug)) is not None:
                    raise DialogueError(f"a dialogue {info.slug!r} already exists in the database")
                d = Dialogue(slug=info.slug, title=info.title, place=info.place, held_on=info.held_on,
                             k=info.k, delegation_views=info.delegation_views, salt=secrets.token_hex(16),
                             source=info.source, aims=list(info.aims),
                             agenda_questions=list(info.agenda_questions))
                s.add(d)
                s.flush()
                for spec_d in spec.delegations:
                    s.add(Delegation(dialogue_id=d.id, code=spec_d.code, name=spec_d.name))
                sessions = {}
                for i, spec_s in enumerate(spec.sessions):
                    row = AgendaSession(dialogue_id=d.id, key=spec_s.key, position=i, title=spec_s.title,
                                        aim=spec_s.aim, held_on=spec_s.held_on)
                    s.add(row)
                    sessions[spec_s.key] = row
                s.flush()
                for i, q in enumerate(spec.questions):
                    s.add(Question(dialogue_id=d.id, session_id=sessions[q.session].id if q.session else None,
                                   key=q.key, position=i, kind=QuestionKind(q.kind), text=q.text,
                                   agenda_question=q.agenda_question, event=q.event, resolves_on=q.resolves_on,
                                   resolution=q.resolution, scale=q.scale, options=q.options))
                s.add(Round(dialogue_id=d.id, number=1, status=RoundStatus.OPEN))
                s.add(Participant(dialogue_id=d.id, name=organizer, role=Role.ORGANIZER,
                                  token_hash=_hash(token)))
                self._audit(s, d, organizer, "create", questions=len(spec.questions),
                            delegations=len(spec.delegations), k=info.k,
                            delegation_views=info.delegation_views)
        except IntegrityError as exc:
            raise DialogueError(f"could not create {info.slug!r}: {exc.orig}") from exc
        return Invitation(organizer, Role.ORGANIZER.value, None, token)

    def invite(self, slug: str | None, name: str, *, role: str = "participant", delegation: str | None = None,
               actor: str | None = None) -> Invitation:
        """Add a person with a role (participants need a delegation); returns their response token."""
        try:
            kind = Role(role)
        except ValueError:
            raise DialogueError(f"unknown role {role!r}: organizer, participant or observer") from None
        if not name.strip():
            raise DialogueError("a participant needs a name")
        token = secrets.token_urlsafe(16)
        with session_scope(self.engine) as s:
            d = self._dialogue(s, slug)
            who = self._organizer(s, d, actor)
            group = None
            if delegation is not None:
                group = next((g for g in d.delegations if g.code == delegation), None)
                if group is None:
                    codes = ", ".join(g.code for g in d.delegations)
                    raise DialogueError(f"no delegation {delegation!r} in {d.slug!r} (have {codes})")
            if kind == Role.PARTICIPANT and group is None:
                raise DialogueError("a participant belongs to a delegation: give --delegation")
            if any(p.name == name for p in d.participants):
                raise DialogueError(f"{name!r} is already invited to {d.slug!r}")
            s.add(Participant(dialogue_id=d.id, delegation_id=group.id if group else None, name=name,
                              role=kind, token_hash=_hash(token)))
            # The audit log names the organizer, not the invitee's delegation: the log is not a report.
            self._audit(s, d, who, "invite", role=kind.value)
        return Invitation(name, kind.value, delegation, token)

    def _current_round(self, d: Dialogue) -> Round:
        if not d.rounds:
            raise DialogueError(f"dialogue {d.slug!r} has no rounds")
        return d.rounds[-1]

    def open_round(self, slug: str | None = None, *, actor: str | None = None) -> int:
        """Open the next Delphi round (the previous one must be closed)."""
        with session_scope(self.engine) as s:
            d = self._dialogue(s, slug)
            who = self._organizer(s, d, actor)
            last = self._current_round(d)
            if last.status == RoundStatus.OPEN:
                raise DialogueError(f"round {last.number} is still open: close it first")
            number = last.number + 1
            s.add(Round(dialogue_id=d.id, number=number, status=RoundStatus.OPEN))
            self._audit(s, d, who, "open_round", round=number)
            return number

    def _advance(self, slug: str | None, actor: str | None, *, before: RoundStatus, after: RoundStatus,
                 action: str, refusal: str) -> int:
        """Move the last round from ``before`` to ``after`` (stamped and audited); ``refusal`` otherwise."""
        with session_scope(self.engine) as s:
            d = self._dialogue(s, slug)
            who = self._organizer(s, d, actor)
            last = self._current_round(d)
            if last.status != before:
                raise DialogueError(refusal.format(number=last.number, status=last.status.value))
            last.status = after
            if after == RoundStatus.CLOSED:
                last.closed_at = utcnow()
            else:
                last.revealed_at = utcnow()
            self._audit(s, d, who, action, round=last.number)
            return last.number

    def close_round(self, slug: str | None = None, *, actor: str | None = None) -> int:
        """Close the open round: its answers become reportable and can no longer change."""
        return self._advance(slug, actor, before=RoundStatus.OPEN, after=RoundStatus.CLOSED,
                             action="close_round", refusal="round {number} is not open")

    def reveal_round(self, slug: str | None = None, *, actor: str | None = None) -> int:
        """Mark the last closed round as revealed to the participants."""
        return self._advance(slug, actor, before=RoundStatus.CLOSED, after=RoundStatus.REVEALED,
                             action="reveal_round",
                             refusal="round {number} is {status}: only a closed round can be revealed")

    def set_delegation_views(self, slug: str | None, agreed: bool, *, actor: str | None = None) -> None:
        """Record whether every delegation agreed to per-delegation views in reports."""
        with session_scope(self.engine) as s:
            d = self._dialogue(s, slug)
            who = self._organizer(s, d, actor)
            d.delegation_views = agreed
            self._audit(s, d, who, "delegation_views", agreed=agreed)

    def pending_texts(self, slug: str | None = None) -> list[dict[str, Any]]:
        """Free-text answers awaiting review, without names or delegations, in a salted order."""
        with session_scope(self.engine) as s:
            d = self._dialogue(s, slug)
            rows = s.execute(
                select(Response.id, Question.key, Round.number, Response.value)
                .join(Question, Response.question_id == Question.id)
                .join(Round, Response.round_id == Round.id)
                .where(Question.dialogue_id == d.id, Response.review == Review.PENDING)
            ).all()
            out = [{"id": r[0], "question": r[1], "round": r[2], "text": r[3]} for r in rows]
            return sorted(out, key=lambda r: _hash(f"{d.salt}:{r['id']}"))

    def review(self, slug: str | None, response_id: int, *, approve: bool, text: str | None = None,
               actor: str | None = None) -> None:
        """Approve a free-text answer (optionally reworded to remove identifying detail) or reject it."""
        with session_scope(self.engine) as s:
            d = self._dialogue(s, slug)
            who = self._organizer(s, d, actor)
            row = s.get(Response, response_id)
            if row is None or row.question.dialogue_id != d.id or row.question.kind != QuestionKind.TEXT:
                raise DialogueError(f"no free-text answer {response_id} in {d.slug!r}")
            if text is not None and not text.strip():
                raise DialogueError("the reviewed text is empty: reject the answer instead")
            row.review = Review.APPROVED if approve else Review.REJECTED
            row.reviewed_text = text if approve else None
            self._audit(s, d, who, "review", response=response_id, approved=approve, reworded=text is not None)

    # -- participants --------------------------------------------------------------------------------

    def respond(self, slug: str | None, token: str, question: str, value: Any, *,
                round_number: int | None = None) -> Receipt:
        """Record (or revise) a participant's answer in the open round; every earlier value is kept."""
        return self.respond_many(slug, [(token, question, value)], round_number=round_number)[0]

    def respond_many(self, slug: str | None, answers: list[tuple[str, str, Any]], *,
                     round_number: int | None = None) -> list[Receipt]:
        """Record many (token, question, value) answers in one transaction: all are stored or none."""
        with session_scope(self.engine) as s:
            d = self._dialogue(s, slug)
            several = len(answers) > 1
            return [self._respond(s, d, token, question, value, round_number, line if several else 0)
                    for line, (token, question, value) in enumerate(answers, start=1)]

    def _respond(self, s: OrmSession, d: Dialogue, token: str, question: str, value: Any,
                 round_number: int | None, line: int) -> Receipt:
        where = f"answer {line}: " if line else ""
        person = s.scalar(select(Participant).where(Participant.token_hash == _hash(token),
                                                    Participant.dialogue_id == d.id))
        if person is None:
            raise DialogueError(f"{where}the token is not valid for {d.slug!r}")
        if person.role != Role.PARTICIPANT:
            raise DialogueError(f"{where}{person.role.value}s do not answer questions")
        q = next((x for x in d.questions if x.key == question), None)
        if q is None:
            raise DialogueError(f"{where}no question {question!r} in {d.slug!r}")
        rnd = self._current_round(d) if round_number is None else next(
            (r for r in d.rounds if r.number == round_number), None)
        if rnd is None or rnd.status != RoundStatus.OPEN:
            label = round_number if round_number is not None else d.rounds[-1].number
            raise DialogueError(f"{where}round {label} is not open for answers")
        try:
            clean = validate_value(q, value)
        except DialogueError as exc:
            raise DialogueError(f"{where}{exc}") from None
        row = s.scalar(select(Response).where(Response.round_id == rnd.id, Response.question_id == q.id,
                                              Response.participant_id == person.id))
        if row is None:
            row = Response(round_id=rnd.id, question_id=q.id, participant_id=person.id, value=clean,
                           revision=1, review=Review.PENDING if q.kind == QuestionKind.TEXT else None)
            row.revisions.append(ResponseRevision(revision=1, value=clean))
            s.add(row)
            s.flush()
        elif row.value != clean:
            row.revision += 1
            row.value = clean
            row.updated_at = utcnow()
            row.revisions.append(ResponseRevision(revision=row.revision, value=clean))
            if q.kind == QuestionKind.TEXT:
                row.review = Review.PENDING
                row.reviewed_text = None
        return Receipt(q.key, rnd.number, row.revision)

    def revisions(self, slug: str | None, token: str, question: str, round_number: int) -> list[Any]:
        """A participant's own history of values for one answer (they hold the token)."""
        with session_scope(self.engine) as s:
            d = self._dialogue(s, slug)
            person = s.scalar(select(Participant).where(Participant.token_hash == _hash(token),
                                                        Participant.dialogue_id == d.id))
            if person is None:
                raise DialogueError(f"the token is not valid for {d.slug!r}")
            row = s.scalar(select(Response).join(Question).join(Round).where(
                Question.key == question, Round.number == round_number, Round.dialogue_id == d.id,
                Response.participant_id == person.id))
            return [] if row is None else [r.value for r in row.revisions]

    # -- the snapshot disclosure control reads -------------------------------------------------------

    def snapshot(self, slug: str | None = None) -> DialogueData:
        """The dialogue and every current answer, for ``disclose`` (which alone decides what is shown)."""
        with session_scope(self.engine) as s:
            d = self._dialogue(s, slug)
            rows = s.execute(
                select(Response.participant_id, Delegation.code, Round.number, Question.key, Response.value,
                       Response.review, Response.reviewed_text)
                .join(Participant, Response.participant_id == Participant.id)
                .outerjoin(Delegation, Participant.delegation_id == Delegation.id)
                .join(Round, Response.round_id == Round.id)
                .join(Question, Response.question_id == Question.id)
                .where(Question.dialogue_id == d.id)
                .order_by(Response.id)
            ).all()
            responses = pd.DataFrame(
                [(r[0], r[1], r[2], r[3], r[4], r[5].value if r[5] else None, r[6]) for r in rows],
                columns=["respondent", "delegation", "round", "question", "value", "review", "text"])
            responses = responses.astype({"value": object, "text": object})
            questions = tuple(
                QuestionInfo(q.key, q.kind.value, q.text, q.session.title if q.session else None,
                             q.agenda_question, q.event, q.resolves_on, q.resolution,
                             tuple(q.scale) if q.scale else None, tuple(q.options) if q.options else None)
                for q in d.questions)
            return DialogueData(
                slug=d.slug, title=d.title, place=d.place, held_on=d.held_on, k=d.k,
                delegation_views=d.delegation_views, salt=d.salt, source=d.source, aims=tuple(d.aims),
                agenda_questions=tuple(d.agenda_questions),
                delegations=tuple((g.code, g.name) for g in d.delegations), questions=questions,
                rounds=tuple((r.number, r.status.value) for r in d.rounds),
                invited=sum(p.role == Role.PARTICIPANT for p in d.participants), responses=responses)


def validate_value(q: Question | QuestionInfo, value: Any) -> Any:
    """The answer in its stored form, or a one-line error saying what this question accepts."""
    kind = q.kind.value if isinstance(q.kind, QuestionKind) else q.kind
    if kind == "probability":
        try:
            p = float(value)
        except (TypeError, ValueError):
            raise DialogueError(f"{q.key}: a probability is a number from 0 to 1, not {value!r}") from None
        if not math.isfinite(p) or not 0.0 <= p <= 1.0:
            raise DialogueError(f"{q.key}: a probability is a number from 0 to 1, not {value!r}")
        return p
    if kind == "rating":
        scale = list(q.scale or [])
        if isinstance(value, str) and value in scale:
            return scale.index(value) + 1
        try:
            r = int(str(value))
        except ValueError:
            r = 0
        if not 1 <= r <= len(scale):
            raise DialogueError(f"{q.key}: a rating is 1 to {len(scale)} ({scale[0]} to {scale[-1]}), "
                                f"not {value!r}")
        return r
    if kind == "ranking":
        options = list(q.options or [])
        if isinstance(value, str):
            items: list[Any] = value.split(",")
        elif isinstance(value, list | tuple):
            items = list(value)
        else:
            raise DialogueError(f"{q.key}: a ranking is a list of options, best first, not {value!r}")
        items = [v.strip() if isinstance(v, str) else v for v in items]
        ranked = []
        for item in items:
            if isinstance(item, int) or (isinstance(item, str) and item.isdigit()):
                idx = int(item)
                if not 1 <= idx <= len(options):
                    raise DialogueError(f"{q.key}: option number {idx} is out of range 1-{len(options)}")
                item = options[idx - 1]
            if item not in options:
                raise DialogueError(f"{q.key}: {item!r} is not an option")
            ranked.append(item)
        if not ranked or len(set(ranked)) != len(ranked):
            raise DialogueError(f"{q.key}: a ranking names each option at most once, best first")
        return ranked
    text = value.strip() if isinstance(value, str) else ""
    if not text or len(text) > MAX_TEXT:
        raise DialogueError(f"{q.key}: a text answer has 1 to {MAX_TEXT} characters")
    return text
