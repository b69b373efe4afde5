"""Proposals, votes, their choices, and secret ballots.

The ballot is secret by construction: ``VoteParticipation`` says that a person voted (the day only),
``Ballot`` holds a choice with a random key and nothing else: no person, no time, no order. SQLite
keeps both tables without rowid (rows sit in key order); each new ballot rewrites its vote's ballots
in key order (``shared.decisions.ballots``), as anonymous opinions do.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.db import Base
from shared.labels import LabelledEnum, enum_column

MAX_PROPOSAL_LENGTH = 200
MAX_QUESTION_LENGTH = 200
MAX_CHOICE_LENGTH = 80
MIN_CHOICES, MAX_CHOICES = 2, 6
MIN_VOTERS = 3  # below this, results would tell who chose what: « pas assez de votes »


class ProposalStatus(LabelledEnum):
    NEW = ("new", "Nouvelle")
    MERGED = ("merged", "Regroupée avec une autre")
    PUT_TO_VOTE = ("put_to_vote", "Mise au vote")


class Proposal(Base):
    """An idea for the group (an activity, a rule): a few words, or only a theme pictogram."""

    __tablename__ = "proposal"
    __table_args__ = (
        CheckConstraint("text IS NOT NULL OR pictogram IS NOT NULL", name="words_or_picture"),
        Index("ix_proposal_form_token", "form_token", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("group.id", ondelete="CASCADE"), index=True)
    text: Mapped[str | None] = mapped_column(String(MAX_PROPOSAL_LENGTH))
    pictogram: Mapped[str | None] = mapped_column(String(40))
    proposed_on: Mapped[dt.date] = mapped_column(Date)  # the day, never finer
    # None when the group allows anonymous proposals and the person did not sign.
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id", ondelete="SET NULL"), index=True)
    status: Mapped[ProposalStatus] = mapped_column(enum_column(ProposalStatus), default=ProposalStatus.NEW)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("proposal.id", ondelete="SET NULL"))
    supporters: Mapped[int] = mapped_column(Integer, default=1)  # itself plus the duplicates merged into it
    form_token: Mapped[str | None] = mapped_column(String(64))  # digest: the same form is stored once

    group: Mapped["Group"] = relationship()  # noqa: F821
    participant: Mapped["Participant | None"] = relationship()  # noqa: F821

    def __str__(self) -> str:
        return self.text or f"Idée en image ({self.pictogram})"


class Vote(Base):
    """A question put to a group, open from ``opens_on`` to ``closes_on`` included."""

    __tablename__ = "vote"
    __table_args__ = (CheckConstraint("closes_on >= opens_on", name="dates_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("group.id", ondelete="CASCADE"), index=True)
    question: Mapped[str] = mapped_column(String(MAX_QUESTION_LENGTH))
    opens_on: Mapped[dt.date] = mapped_column(Date)
    closes_on: Mapped[dt.date] = mapped_column(Date, index=True)
    closed_early: Mapped[bool] = mapped_column(Boolean, default=False)
    adopted_session_id: Mapped[int | None] = mapped_column(ForeignKey("session.id", ondelete="SET NULL"))

    group: Mapped["Group"] = relationship()  # noqa: F821
    choices: Mapped[list["VoteChoice"]] = relationship(
        back_populates="vote", cascade="all, delete-orphan", order_by="VoteChoice.position",
    )
    adopted_session: Mapped["Session | None"] = relationship()  # noqa: F821

    def is_open(self, today: dt.date) -> bool:
        return not self.closed_early and self.opens_on <= today <= self.closes_on

    def is_closed(self, today: dt.date) -> bool:
        return self.closed_early or today > self.closes_on

    def __str__(self) -> str:
        return self.question


class VoteChoice(Base):
    __tablename__ = "vote_choice"

    id: Mapped[int] = mapped_column(primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("vote.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(MAX_CHOICE_LENGTH))
    pictogram: Mapped[str] = mapped_column(String(40))
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposal.id", ondelete="SET NULL"))

    vote: Mapped[Vote] = relationship(back_populates="choices")

    def __str__(self) -> str:
        return self.label


class VoteParticipation(Base):
    """That a person voted on a question, on a day. One row per person and question: the key says so."""

    __tablename__ = "vote_participation"
    __table_args__ = ({"sqlite_with_rowid": False},)

    vote_id: Mapped[int] = mapped_column(ForeignKey("vote.id", ondelete="CASCADE"), primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), primary_key=True,
                                                index=True)
    voted_on: Mapped[dt.date] = mapped_column(Date)


class Ballot(Base):
    """A choice, and nothing that says whose it is or when it came. ``choice_id`` None: « je ne sais pas »."""

    __tablename__ = "ballot"
    __table_args__ = ({"sqlite_with_rowid": False},)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    vote_id: Mapped[int] = mapped_column(ForeignKey("vote.id", ondelete="CASCADE"), index=True)
    choice_id: Mapped[int | None] = mapped_column(ForeignKey("vote_choice.id", ondelete="CASCADE"))
