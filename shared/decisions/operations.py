"""Proposals from the tablet, votes opened and closed by staff, the winner carried into a session."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as DbSession

from shared.anonymity.batches import ballot_pool, flush, idea_pool, is_due, lock
from shared.anonymity.pool import add_to_pool, in_pool
from shared.db import unused_random_id
from shared.decisions.models import (MAX_CHOICE_LENGTH, MAX_CHOICES, MAX_PROPOSAL_LENGTH, MAX_QUESTION_LENGTH,
                                     MIN_CHOICES, Proposal, ProposalStatus, Vote, VoteChoice)
from shared.decisions.pictograms import PICTOGRAMS
from shared.decisions.results import results_of
from shared.errors import DomainError
from shared.groups.models import Group
from shared.kiosk.tokens import digest
from shared.people.models import Participant
from shared.sessions.models import Session
from shared.staff.models import StaffMember
from shared.text import clean_text
from shared.writes import operation


class DecisionError(DomainError):
    pass


class ProposalAlreadySent(DecisionError):
    """The same form was sent twice (a double tap): the idea is stored once."""


@dataclass
class ChoiceInput:
    label: str
    pictogram: str
    proposal: Proposal | None = None


def check_pictogram(key: str | None, *, field: str) -> str | None:
    if key in (None, ""):
        return None
    if key not in PICTOGRAMS:
        raise DecisionError("Choisissez une image dans la liste.", field=field)
    return key


@operation
def submit_proposal(db: DbSession, *, group: Group, text: str | None, pictogram: str | None,
                    participant: Participant | None, today: dt.date, form_token: str | None = None) -> Proposal:
    """An idea from the tablet: a few words, or a picture only. Anonymous only where the group allows it."""
    if participant is None and not group.anonymous_proposals:
        raise DecisionError("Dans ce groupe, une idée se propose avec son prénom.", field="participant")
    if participant is not None and participant.group_id != group.id:
        raise DecisionError("Cette personne n'est pas inscrite dans ce groupe.", field="participant")
    words = clean_text(text, limit=MAX_PROPOSAL_LENGTH, field="text", label="l'idée")
    picture = check_pictogram(pictogram, field="pictogram")
    if words is None and picture is None:
        raise DecisionError("Écrivez quelques mots, ou touchez une image.", field="text")
    token = digest(form_token) if form_token else None
    if token is not None and db.scalar(select(Proposal.id).where(Proposal.form_token == token)) is not None:
        raise ProposalAlreadySent("Votre idée est déjà enregistrée.")
    proposal = Proposal(id=unused_random_id(db, Proposal), group_id=group.id, text=words, pictogram=picture, proposed_on=today,
                        participant_id=participant.id if participant else None, form_token=token,
                        status=ProposalStatus.NEW, supporters=1)
    try:
        with db.begin_nested():
            if participant is None:
                _pool_anonymous_idea(db, proposal, form_token, today)
            else:
                db.add(proposal)
                db.flush()
    except IntegrityError:
        raise ProposalAlreadySent("Votre idée est déjà enregistrée.") from None
    return db.get(Proposal, proposal.id) if participant is None else proposal


def _pool_anonymous_idea(db: DbSession, proposal: Proposal, form_token: str | None, today: dt.date) -> None:
    """An anonymous idea waits sealed in the group's pool of the day (``shared.anonymity``), and is written
    with at least two others, or once the day is over."""
    pool = idea_pool(proposal.group_id, proposal.proposed_on)
    lock(db, pool)
    if form_token and in_pool(db, form_token):
        raise ProposalAlreadySent("Votre idée est déjà enregistrée.")
    add_to_pool(db, pool, dict(id=proposal.id, text=proposal.text, pictogram=proposal.pictogram,
                               form_token=proposal.form_token), form_token=form_token)
    flush(db, pool, due=is_due(db, pool, today))


@operation
def merge_proposals(db: DbSession, *, keep: Proposal, duplicates: Sequence[Proposal],
                    actor: StaffMember | None) -> Proposal:
    """The same idea said several times becomes one, which counts everyone who proposed it."""
    for duplicate in duplicates:
        if duplicate.id == keep.id:
            continue
        if duplicate.group_id != keep.group_id:
            raise DecisionError("On ne regroupe que des idées du même groupe.")
        if duplicate.status is not ProposalStatus.NEW:
            raise DecisionError(f"L'idée « {duplicate} » est déjà regroupée ou mise au vote.")
        duplicate.status = ProposalStatus.MERGED
        duplicate.merged_into_id = keep.id
        keep.supporters += duplicate.supporters
        if keep.pictogram is None:
            keep.pictogram = duplicate.pictogram
    return keep


@operation
def open_vote(db: DbSession, *, group: Group, question: str, choices: Sequence[ChoiceInput], opens_on: dt.date,
              closes_on: dt.date, actor: StaffMember | None) -> Vote:
    """A question with 2 to 6 choices, each with a picture, open from ``opens_on`` to ``closes_on`` included."""
    text = _vote_question(question)
    _check_vote_days(opens_on, closes_on)
    cleaned = _vote_choices(choices)
    vote = Vote(group_id=group.id, question=text, opens_on=opens_on, closes_on=closes_on, closed_early=False)
    for position, (label, picture, proposal) in enumerate(cleaned):
        vote.choices.append(VoteChoice(position=position, label=label, pictogram=picture,
                                       proposal_id=proposal.id if proposal else None))
        if proposal is not None:
            if proposal.group_id != group.id:
                raise DecisionError("Cette idée vient d'un autre groupe.", field="choices")
            proposal.status = ProposalStatus.PUT_TO_VOTE
    db.add(vote)
    return vote


def vote_refusals(question: str, choices: Sequence[ChoiceInput], *, opens_on: dt.date,
                  closes_on: dt.date | None) -> dict[str, str]:
    """What ``open_vote`` would refuse, by field (question, closes_on, choices), every field at once: a form
    says all that is wrong in one answer. ``closes_on`` None: the day was not readable (said by the form)."""
    checks = {"question": lambda: _vote_question(question), "choices": lambda: _vote_choices(choices)}
    if closes_on is not None:
        checks["closes_on"] = lambda: _check_vote_days(opens_on, closes_on)
    found = {}
    for field, check in checks.items():
        try:
            check()
        except DomainError as error:
            found[field] = error.message
    return found


def _vote_question(question: str) -> str:
    return clean_text(question, limit=MAX_QUESTION_LENGTH, field="question", label="la question", required=True)


def _check_vote_days(opens_on: dt.date, closes_on: dt.date) -> None:
    if closes_on < opens_on:
        raise DecisionError("Le vote doit se terminer le jour de son ouverture ou après.", field="closes_on")


def _vote_choices(choices: Sequence[ChoiceInput]) -> list[tuple]:
    cleaned = []
    for index, choice in enumerate(choices):
        label = clean_text(choice.label, limit=MAX_CHOICE_LENGTH, field="choices", label=f"le choix {index + 1}")
        if label is None:
            continue
        picture = check_pictogram(choice.pictogram, field="choices")
        if picture is None:
            raise DecisionError(f"Choisissez une image pour « {label} ».", field="choices")
        cleaned.append((label, picture, choice.proposal))
    if not MIN_CHOICES <= len(cleaned) <= MAX_CHOICES:
        raise DecisionError(f"Un vote propose de {MIN_CHOICES} à {MAX_CHOICES} choix ({len(cleaned)} saisis).",
                            field="choices")
    if len({label.casefold() for label, _, _ in cleaned}) < len(cleaned):
        raise DecisionError("Deux choix portent le même nom.", field="choices")
    return cleaned


@operation
def close_vote(db: DbSession, vote: Vote, *, actor: StaffMember | None) -> Vote:
    """End a vote before its date: it takes no more ballots, its pool is written, and its results show."""
    vote.closed_early = True
    db.flush()
    pool = ballot_pool(vote.id)
    lock(db, pool)
    flush(db, pool, due=True)
    return vote


def check_adoptable(db: DbSession, vote: Vote, choice: VoteChoice, today: dt.date) -> None:
    """Raise ``DecisionError`` unless ``choice`` may become a session's title: the vote is over, with enough
    voters, and the choice came first (the back-office checks it before showing what would change)."""
    if not vote.is_closed(today):
        raise DecisionError("Le vote n'est pas terminé : attendez sa fin pour retenir un choix.")
    results = results_of(db, vote)
    if not results.shown:
        raise DecisionError("Pas assez de votes pour retenir un choix.")
    if choice.id not in {row.choice.id for row in results.winners}:
        raise DecisionError("Seul un choix arrivé en tête peut être retenu.")


@operation
def adopt_choice(db: DbSession, vote: Vote, *, choice: VoteChoice, session: Session, today: dt.date,
                 actor: StaffMember | None) -> Session:
    """The group's choice becomes the title of a coming session: what it decided comes true."""
    if vote.is_closed(today):  # ballots still waiting count too (the apps write them at each request already)
        pool = ballot_pool(vote.id)
        lock(db, pool)
        flush(db, pool, due=True)
    check_adoptable(db, vote, choice, today)
    if session.group_id != vote.group_id or session.held_on < today or session.cancelled:
        raise DecisionError("Choisissez une séance à venir de ce groupe.", field="session")
    session.title = choice.label
    vote.adopted_session_id = session.id
    return session


@operation
def set_anonymous_proposals(db: DbSession, group: Group, allowed: bool, *, actor: StaffMember | None) -> Group:
    """The group's setting « propositions anonymes permises » (a choice its facilitators make with it)."""
    group.anonymous_proposals = bool(allowed)
    return group
