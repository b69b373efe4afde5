"""What the messages say, in plain French: short sentences, the date in words, the place, what to bring.

SMS stay short (one or two SMS) and keep ordinary spaces, the records' no-break spaces included (``plain_spacing``);
e-mails say the same and end with an unsubscribe link.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from shared import clock
from shared.dates import fr_long
from shared.messaging.models import Channel, MessageKind
from shared.messaging.tokens import base_url, unsubscribe_token
from shared.text import of_name, plain_spacing

STOP_LINE = "Pour ne plus recevoir ces SMS, répondez STOP."
UNSUBSCRIBE_LEAD = "Pour ne plus les recevoir : "


@dataclass
class Text:
    subject: str | None
    body: str


def _hour(time) -> str:
    return f"{time.hour}h{time.minute:02d}" if time.minute else f"{time.hour}h"


def _what(session) -> str:
    return session.title or (session.theme.name if session.theme else "atelier")


def _place(session) -> str:
    """The partner's address when the session is held there (``Session.venue``), else the place or the centre."""
    return session.venue or session.group.location


def _with(session) -> list[str]:
    """Who else is there: the partner structure, the other groups of a joint session."""
    lines = []
    if session.partner is not None:
        lines.append(f"Avec {session.partner.name}.")
    if session.guest_groups:
        names = [session.group.name, *(group.name for group in session.guest_groups)]
        lines.append(f"Séance commune : {', '.join(names[:-1])} et {names[-1]}.")
    return lines


def _bring(session) -> str | None:
    """What to bring, from the session's theme: only what a person needs to know."""
    theme = (session.theme.name if session.theme else "").lower()
    if "cuisine" in theme or "nutrition" in theme:
        return "Pensez à apporter un tablier si vous en avez un."
    if "jardin" in theme:
        return "Prenez des vêtements qui ne craignent rien et des chaussures fermées."
    if "sortie" in theme:
        return "Prenez de bonnes chaussures et une bouteille d'eau."
    return None


def _sms(lines: list[str]) -> Text:
    """The lines after « Bonjour », in one paragraph."""
    return Text(None, plain_spacing(" ".join(lines[1:]) + " " + STOP_LINE))


def _email(subject: str, lines: list[str], consent_id: int | None) -> Text:
    body = "\n".join(lines)
    if consent_id is not None:
        body += ("\n\n--\nVous recevez ce message parce que vous avez accepté les rappels d'ID'MIX.\n"
                 f"{UNSUBSCRIBE_LEAD}{base_url()}/admin/messages/unsubscribe/{unsubscribe_token(consent_id)}")
    return Text(subject, body)


def _when(held_on: dt.date, sent_on: dt.date) -> str | None:
    """« aujourd'hui », « demain », or nothing (the date says it): counted from the day the message leaves,
    not the day it was due (a run catching up after a stop sends the eve's reminder on the day itself)."""
    return {0: "aujourd'hui", 1: "demain"}.get((held_on - sent_on).days)


def reminder(session, kind: MessageKind, channel: Channel, *, first_name: str, consent_id: int | None,
             sent_on: dt.date | None = None) -> Text:
    when = _when(session.held_on, sent_on or clock.today())
    day = fr_long(session.held_on)
    hour = _hour(session.starts_at)
    lines = [f"Bonjour {first_name},",
             f"{session.group.name} : {_what(session)} {when}, {day}, à {hour}." if when else
             f"{session.group.name} : {_what(session)} le {day}, à {hour}.",
             f"Lieu : {_place(session)}.", *_with(session)]
    bring = _bring(session)
    if bring:
        lines.append(bring)
    lines.append("Si vous ne pouvez pas venir, prévenez l'équipe. À bientôt !")
    if channel is Channel.SMS:
        return _sms(lines)
    return _email(f"Rappel : {session.group.name} {when or 'le ' + day} à {hour}", lines, consent_id)


def cancellation(session, channel: Channel, *, first_name: str, consent_id: int | None) -> Text:
    day = fr_long(session.held_on)
    lines = [f"Bonjour {first_name},",
             f"La séance {of_name(session.group.name)} du {day} est annulée."]
    if session.cancel_reason:
        lines.append(f"Motif : {session.cancel_reason.rstrip('.')}.")
    lines.append("Nous vous attendons à la prochaine séance.")
    if channel is Channel.SMS:
        return _sms(lines)
    return _email(f"Séance annulée : {session.group.name}, {day}", lines, consent_id)


def change(session, channel: Channel, *, first_name: str, consent_id: int | None) -> Text:
    day = fr_long(session.held_on)
    lines = [f"Bonjour {first_name},",
             f"Changement pour {session.group.name} : la séance a lieu le {day}, "
             f"de {_hour(session.starts_at)} à {_hour(session.ends_at)}.",
             f"Lieu : {_place(session)}.", *_with(session)]
    if channel is Channel.SMS:
        return _sms(lines)
    return _email(f"Changement de séance : {session.group.name}, {day}", lines, consent_id)


def for_session(session, kind: MessageKind, channel: Channel, *, first_name: str, consent_id: int | None,
                sent_on: dt.date | None = None) -> Text:
    if kind is MessageKind.CANCELLATION:
        return cancellation(session, channel, first_name=first_name, consent_id=consent_id)
    if kind is MessageKind.CHANGE:
        return change(session, channel, first_name=first_name, consent_id=consent_id)
    return reminder(session, kind, channel, first_name=first_name, consent_id=consent_id, sent_on=sent_on)


def digest(staff_first_name: str, items: list[tuple[str, str, int]]) -> Text:
    """``items``: (first name and initial, what happened, participant id). No other personal data."""
    lines = [f"Bonjour {staff_first_name},", "",
             "Voici le point sur des personnes que vous avez orientées :", ""]
    for name, what, participant_id in items:
        lines.append(f"- {name} : {what}")
        lines.append(f"  {base_url()}/admin/participant/details/?id={participant_id}")
    lines += ["", "Ouvrez le lien pour voir la fiche (connexion demandée).",
              "Ce message part au plus une fois par jour, seulement quand il y a du nouveau."]
    return Text("ID'MIX : le point sur les personnes que vous avez orientées", "\n".join(lines))
