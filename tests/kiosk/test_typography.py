"""The tablet's screens are typeset the French way (a no-break space before « : ; ! ? » and inside « »), on the
journeys a person takes and on the screens that refuse or thank."""

from __future__ import annotations

import datetime as dt

from shared.decisions.operations import ChoiceInput, open_vote
from shared.kiosk.tokens import new_form_token
from tests.conftest import TODAY
from tests.typography import typography_faults

from .conftest import PIN, post


def test_every_screen_is_typeset_the_french_way(tablet, kiosk, client, db):
    vote = open_vote(db, group=kiosk.group, question="Que fait-on en avril ?", opens_on=TODAY,
                     closes_on=TODAY + dt.timedelta(days=14), actor=None,
                     choices=[ChoiceInput("Cuisine", "theme-cuisine"), ChoiceInput("Jardinage", "theme-jardinage")])
    db.commit()
    person = kiosk.people[0].id
    opinion = {"scope": "personal", "mood": "4", "signer": "anonyme", "text": "", "token": new_form_token()}
    screens = {
        "accueil": (200, tablet.get("/")),
        "émargement": (200, tablet.get("/signer")),
        "avis": (200, tablet.get("/avis")),
        "découvrir": (200, tablet.get("/decouvrir")),
        "on décide": (200, tablet.get("/decisions")),
        "vote": (200, tablet.get(f"/decisions/vote/{vote.id}")),
        "idée": (200, tablet.get("/decisions/idee")),
        "page inconnue": (404, tablet.get("/nulle-part")),
        "activer": (200, client.get("/activer")),
        "code": (200, post(tablet, "/signer/personne", {"participant": person})),
        "code faux": (403, post(tablet, "/signer/code", {"participant": person, "pin": "0000"})),
        "bienvenue": (200, post(tablet, "/signer/code", {"participant": person, "pin": PIN})),
        "avis vide": (400, post(tablet, "/avis", {"signer": "anonyme"})),
        "merci": (200, post(tablet, "/avis", opinion)),
        "visiteur vide": (400, post(tablet, "/decouvrir", {"first_name": ""})),
        "visiteur": (200, post(tablet, "/decouvrir", {"first_name": "Nadia"})),
        "idée vide": (400, post(tablet, "/decisions/idee", {"text": ""})),
    }
    assert {name: response.status_code for name, (_, response) in screens.items()} == {
        name: status for name, (status, _) in screens.items()}
    pages = {name: response.get_data(as_text=True) for name, (_, response) in screens.items()}
    assert "Bienvenue, Fatima\u00a0!" in pages["bienvenue"] and "Merci" in pages["merci"]
    faults = sorted({f"{name}: {fault}" for name, html in pages.items() for fault in typography_faults(html)})
    assert not faults, "\n".join(faults)
