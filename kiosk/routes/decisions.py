"""Deciding together, always in reach from home: « J'ai une idée », the open votes, the last results and what
became of them.

As for opinions, the answers travel in the form from step to step (nothing kept on the server or in
a cookie), and the person is identified last: their prénom, then their code when the group asks for
one. The ballot itself is secret (``shared.decisions.ballots``): once committed, SQLite's log is
emptied so that it does not keep the order of the ballots.
"""

from __future__ import annotations

import re

from flask import Blueprint, abort, g, render_template, url_for

from shared import clock
from shared.decisions.ballots import AlreadyVoted, BallotRefused, cast_ballot
from shared.decisions.models import MAX_PROPOSAL_LENGTH, MIN_VOTERS, Vote
from shared.decisions.operations import DecisionError, ProposalAlreadySent, check_pictogram, submit_proposal
from shared.decisions.pictograms import PICTOGRAMS, THEMES, label_of, path_of
from shared.decisions.queries import open_votes, recent_results
from shared.decisions.results import outcome_of, results_of
from shared.kiosk.tokens import new_form_token
from shared.maintenance.storage import BALLOT, POOL, PROPOSAL
from shared.people.models import Participant

from .. import screens
from ..extensions import db
from ..forms import field, id_field, raw_field
from ..transactions import on_save_failure
from .checkin import pin_step
from .feedback import few_present

bp = Blueprint("decisions", __name__, url_prefix="/decisions")

DONT_KNOW = "0"
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
IDEA_PICTURES = [f"theme-{key}" for key in THEMES]


@bp.app_template_global()
def decision_picture(key: str | None) -> str:
    return url_for("static", filename=path_of(key))


@bp.get("")
def index():
    group_id = screens.device().group_id
    today = clock.today()
    votes = db.session.scalars(open_votes(group_id, today)).all()
    closed = []
    for vote in db.session.scalars(recent_results(group_id, today).limit(3)):
        results = results_of(db.session, vote)
        closed.append((vote, results, outcome_of(vote, results)))
    return render_template("decisions/index.html", votes=votes, closed=closed, min_voters=MIN_VOTERS)


# « J'ai une idée »

def _idea_answers() -> dict:
    token = raw_field("token")
    return {"text": field("text", MAX_PROPOSAL_LENGTH * 2), "pictogram": raw_field("pictogram")[:40],
            "signer": raw_field("signer")[:10] or "prenom", "token": token if _TOKEN.fullmatch(token) else ""}


def _idea_errors(answers: dict) -> dict:
    errors = {}
    if len(answers["text"]) > MAX_PROPOSAL_LENGTH:
        errors["text"] = f"Votre idée est trop longue : {MAX_PROPOSAL_LENGTH} caractères au plus."
    try:
        check_pictogram(answers["pictogram"], field="pictogram")
    except DecisionError as error:
        errors["pictogram"] = error.message
    if not answers["text"] and not answers["pictogram"] and not errors:
        errors["text"] = "Écrivez quelques mots, ou touchez une image."
    if not answers["token"] and not errors:
        errors["form"] = "Votre idée n'est pas encore envoyée : touchez « Envoyer » encore une fois."
    return errors


def render_idea(answers: dict, errors: dict | None = None, failed: bool = False):
    answers["token"] = answers.get("token") or new_form_token()
    return render_template("decisions/idea.html", answers=answers, errors=errors or {}, failed=failed,
                           pictures=[(key, PICTOGRAMS[key][0]) for key in IDEA_PICTURES],
                           anonymous_allowed=screens.device().group.anonymous_proposals,
                           max_length=MAX_PROPOSAL_LENGTH)


@bp.get("/idee")
def idea():
    return render_idea({"text": "", "pictogram": "", "signer": "prenom", "token": ""})


@bp.post("/idee")
def send_idea():
    answers = _idea_answers()
    if errors := _idea_errors(answers):
        return render_idea(answers, errors), 400
    if answers["signer"] == "anonyme" and screens.device().group.anonymous_proposals:
        return _save_idea(answers, participant=None)
    return render_template("checkin/people.html", letters=screens.tile_letters(), action="decisions.idea_pick",
                           hidden=answers, signing=True, question="Qui propose cette idée ? Touchez votre prénom")


@bp.post("/idee/prenom", endpoint="idea_pick", defaults={"pin_typed": False})
@bp.post("/idee/code", endpoint="idea_confirm", defaults={"pin_typed": True})
def signed_idea(pin_typed: bool):
    """A signed idea: the name tapped, then (``/idee/code``) the PIN typed where the group asks for one."""
    answers = _idea_answers()
    participant = screens.person(id_field("participant"))
    if errors := _idea_errors(answers):
        return render_idea(answers, errors), 400
    if stop := pin_step(participant, typed=pin_typed, action="decisions.idea_confirm", hidden=answers):
        return stop
    return _save_idea(answers, participant=participant)


def _save_idea(answers: dict, *, participant: Participant | None):
    on_save_failure(lambda: render_idea(answers, failed=True))
    try:
        submit_proposal(db.session, group=screens.device().group, text=answers["text"],
                        pictogram=answers["pictogram"] or None, participant=participant, today=clock.today(),
                        form_token=answers["token"])
    except ProposalAlreadySent:
        pass  # a double tap: the first send is the one stored
    except DecisionError as refusal:
        db.session.rollback()
        return render_idea(answers, {"text": refusal.message}), 400
    if participant is None:
        g.kiosk_forget_write_order = (POOL, PROPOSAL)  # kiosk.transactions: no earlier state of the ideas stays stored
    return render_template("decisions/thanks.html", title="Merci pour votre idée !", participant=participant,
                           text="L'équipe la lira et en parlera avec le groupe.", picture="theme-atelier")


# Voting

def _open_vote(vote_id: int) -> Vote:
    vote = db.session.get(Vote, vote_id)
    if vote is None or vote.group_id != screens.device().group_id:
        abort(404)
    return vote


def _ballot_answers(vote: Vote) -> tuple[dict, dict]:
    choice = raw_field("choice")[:12]
    errors = {}
    if choice != DONT_KNOW and choice not in {str(c.id) for c in vote.choices}:
        errors["choice"] = "Touchez un des choix, ou « Je ne sais pas »."
    return {"vote": str(vote.id), "choice": choice}, errors


@bp.get("/vote/<int:vote_id>")
def ballot(vote_id: int):
    vote = _open_vote(vote_id)
    if not vote.is_open(clock.today()):
        return _closed(vote)
    return render_ballot(vote)


def render_ballot(vote: Vote, errors: dict | None = None, choice: str = "", failed: bool = False):
    return render_template("decisions/ballot.html", vote=vote, errors=errors or {}, choice=choice,
                           dont_know=DONT_KNOW, failed=failed, label_of=label_of, few_present=few_present())


@bp.post("/vote/<int:vote_id>")
def send_ballot(vote_id: int):
    vote = _open_vote(vote_id)
    if not vote.is_open(clock.today()):
        return _closed(vote)
    answers, errors = _ballot_answers(vote)
    if errors:
        return render_ballot(vote, errors), 400
    return render_template("checkin/people.html", letters=screens.tile_letters(), action="decisions.ballot_pick",
                           hidden=answers, signing=True, question="Qui vote ? Touchez votre prénom",
                           picto_name="theme-atelier")


@bp.post("/vote/prenom", endpoint="ballot_pick", defaults={"pin_typed": False})
@bp.post("/vote/code", endpoint="ballot_confirm", defaults={"pin_typed": True})
def signed_ballot(pin_typed: bool):
    """A ballot: the voter's name tapped, then (``/vote/code``) the PIN typed where the group asks for one."""
    vote = _open_vote(id_field("vote"))
    participant = screens.person(id_field("participant"))
    answers, errors = _ballot_answers(vote)
    if errors:
        return render_ballot(vote, errors), 400
    if stop := pin_step(participant, typed=pin_typed, action="decisions.ballot_confirm", hidden=answers):
        return stop
    return _cast(vote, answers, participant)


def _cast(vote: Vote, answers: dict, participant: Participant):
    choice = None if answers["choice"] == DONT_KNOW else next(c for c in vote.choices if str(c.id) == answers["choice"])
    on_save_failure(lambda: render_ballot(vote, choice=answers["choice"], failed=True))
    try:
        cast_ballot(db.session, vote=vote, participant=participant, choice=choice, today=clock.today())
    except AlreadyVoted as refusal:
        db.session.rollback()
        return render_template("decisions/thanks.html", title=f"{participant.first_name}, vous avez déjà voté",
                               participant=None, text=refusal.message, picture="theme-atelier")
    except BallotRefused as refusal:
        db.session.rollback()
        return render_template("message.html", title="Vote impossible", text=refusal.message,
                               picto_name="refused"), 409
    g.kiosk_forget_write_order = (POOL, BALLOT)  # kiosk.transactions: no earlier state of the ballots stays stored
    return render_template("decisions/thanks.html", title=f"Merci, {participant.first_name} !", participant=None,
                           text="Votre vote est enregistré. Il est secret : personne ne saura ce que vous avez choisi.",
                           picture="theme-atelier")


# Results

def _closed(vote: Vote):
    return render_template("message.html", title="Ce vote est terminé",
                           text="Ce vote ne prend plus de voix. Les résultats sont sur l'écran « On décide ensemble ».",
                           picto_name="refused"), 409


@bp.get("/resultats/<int:vote_id>")
def results(vote_id: int):
    vote = _open_vote(vote_id)
    if not vote.is_closed(clock.today()):
        abort(404)
    return render_template("decisions/results.html", vote=vote, results=results_of(db.session, vote),
                           min_voters=MIN_VOTERS)
