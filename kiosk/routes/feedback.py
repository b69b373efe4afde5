"""Feedback: for me or for the group, four faces, optional text, anonymous (default) or signed.

The answers travel in the form itself from step to step (nothing kept on the server or in a
cookie), so the idle reset forgets them. An anonymous item stores no person, no address, no time.
Each form carries a one-time token: the same form sent twice (a double tap) is stored once, and
another person's opinion, however soon after, is never refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import Blueprint, g, render_template

from shared.feedback.models import MAX_FEEDBACK_LENGTH, FeedbackScope, Mood
from shared.feedback.operations import FeedbackAlreadySent, FeedbackError, clean_text, submit_feedback
from shared.feedback.queries import MIN_PRESENT_FOR_ANONYMITY, present_at
from shared.kiosk.tokens import new_form_token
from shared.maintenance.storage import FEEDBACK, POOL
from shared.people.models import Participant

from .. import screens
from ..extensions import db
from ..forms import id_field, raw_field
from ..transactions import on_save_failure
from .checkin import pin_step

bp = Blueprint("feedback", __name__, url_prefix="/avis")

SIGNED = "prenom"
ANONYMOUS = "anonyme"
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")


@dataclass
class Answers:
    scope: str = ""
    mood: str = ""
    text: str = ""
    signer: str = ANONYMOUS
    token: str = ""  # the form's one-time token (shared.kiosk.tokens.new_form_token)

    @classmethod
    def from_form(cls) -> Answers:
        # Keep a little more than allowed so "too long" is said, not silently cut.
        token = raw_field("token")
        return cls(raw_field("scope")[:20], raw_field("mood")[:2], raw_field("text")[: MAX_FEEDBACK_LENGTH * 2],
                   raw_field("signer")[:10] or ANONYMOUS, token if _TOKEN.fullmatch(token) else "")

    def hidden(self) -> dict:
        return {"scope": self.scope, "mood": self.mood, "text": self.text, "signer": self.signer,
                "token": self.token}

    def errors(self) -> dict[str, str]:
        found = {}
        if self.scope not in {s.value for s in FeedbackScope}:
            found["scope"] = "Choisissez : pour moi, ou pour le groupe."
        if self.mood not in {m.value for m in Mood}:
            found["mood"] = "Touchez le visage qui vous ressemble aujourd'hui."
        try:
            clean_text(self.text)
        except FeedbackError as error:
            found["text"] = error.message
        if self.signer not in {ANONYMOUS, SIGNED}:
            found["signer"] = "Choisissez : anonyme, ou avec mon prénom."
        if not self.token and not found:
            # Not a form of this kiosk (or a damaged one): the person sees their answers and sends again.
            found["form"] = "Votre avis n'est pas encore envoyé : touchez « Envoyer » encore une fois."
        return found


@bp.get("")
def form():
    if screens.open_session_or_none() is None:
        return screens.no_session_screen("opinion")
    return render_form(Answers())


@bp.post("")
def send():
    answers = Answers.from_form()
    session = screens.open_session_or_none()
    if session is None:
        return screens.no_session_screen("opinion")
    if errors := answers.errors():
        return render_form(answers, errors), 400
    if answers.signer == SIGNED:
        return render_template("checkin/people.html", letters=screens.tile_letters(session), action="feedback.pick",
                               hidden=answers.hidden(), signing=True)
    return _save(answers, participant=None)


@bp.post("/prenom", endpoint="pick", defaults={"pin_typed": False})
@bp.post("/code", endpoint="confirm", defaults={"pin_typed": True})
def signed(pin_typed: bool):
    """A signed opinion: the name tapped, then (``/code``) the PIN typed where the group asks for one."""
    answers = Answers.from_form()
    participant = screens.person(id_field("participant"), screens.open_session_or_none())
    if errors := answers.errors():
        return render_form(answers, errors), 400
    if stop := pin_step(participant, typed=pin_typed, action="feedback.confirm", hidden=answers.hidden()):
        return stop
    return _save(answers, participant=participant)


def render_form(answers: Answers, errors: dict | None = None, failed: bool = False):
    if not answers.token:
        answers.token = new_form_token()
    return render_template("feedback/form.html", answers=answers, errors=errors or {}, failed=failed,
                           scopes=list(FeedbackScope), moods=list(Mood), max_length=MAX_FEEDBACK_LENGTH,
                           few_present=few_present())


def few_present() -> bool:
    """Fewer than 3 people signed in today: an anonymous item could be recognised, and the screen says so."""
    session = screens.open_session_or_none()
    return session is not None and db.session.scalar(present_at(session.id)) < MIN_PRESENT_FOR_ANONYMITY


def _save(answers: Answers, *, participant: Participant | None):
    session = screens.open_session_or_none()
    if session is None:
        return screens.no_session_screen("opinion")
    on_save_failure(lambda: render_form(answers, failed=True))
    try:
        submit_feedback(db.session, session=session, scope=FeedbackScope(answers.scope), mood=Mood(answers.mood),
                        text=answers.text, participant=participant, form_token=answers.token)
    except FeedbackAlreadySent:
        # A double tap: the first send is the one stored; the person sees the same thanks.
        return render_template("feedback/thanks.html", participant=participant)
    except FeedbackError as refusal:
        db.session.rollback()
        return render_form(answers, {"text": refusal.message}), 400
    if participant is None:
        g.kiosk_forget_write_order = (POOL, FEEDBACK)  # kiosk.transactions: no earlier state of the opinions stays stored
    return render_template("feedback/thanks.html", participant=participant)
