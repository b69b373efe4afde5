"""What the kiosk's screens show a person who reads little: one grid of tiles, symbols, pictures, no tooltips."""

from __future__ import annotations

import re

import pytest

from .conftest import PIN, post, text_of


def _tiles(body: str) -> list[str]:
    return re.findall(r'<span class="name">([^<]+)</span>', body)


def test_a_group_of_30_is_one_grid_of_six_per_row_without_letters(tablet, kiosk, make, db):
    for i in range(27):
        make.participant(group=kiosk.group, first_name=f"{'BCDGHJKMNPRST'[i % 13]}ami{i}")
    db.commit()
    body = text_of(tablet.get("/signer"))
    assert len(_tiles(body)) == 30
    assert body.count('<ul class="tiles') == 1 and 'class="tiles cols-6"' in body
    assert 'class="letters"' not in body and "<h2" not in body


def test_a_small_group_gets_four_per_row(tablet, kiosk):
    body = text_of(tablet.get("/signer"))
    assert 'class="tiles cols-4"' in body and len(_tiles(body)) == 3


def test_beyond_30_people_letters_jump_into_the_same_grid(tablet, kiosk, make, db):
    for i in range(28):
        make.participant(group=kiosk.group, first_name=f"{'BCDGH'[i % 5]}lice{i}")
    db.commit()
    body = text_of(tablet.get("/signer"))
    assert len(_tiles(body)) == 31 and body.count('<ul class="tiles') == 1
    letters = re.findall(r'href="#lettre-(\w)"', body)
    assert letters == ["A", "B", "C", "D", "E", "F", "G", "H"]
    for letter in letters:
        assert f'id="lettre-{letter}"' in body


def test_every_tile_and_action_can_be_read_on_its_own(tablet, kiosk):
    body = text_of(tablet.get("/signer"))
    for name in ("Fatima B.", "Aurélien P.", "Élodie M."):
        assert f'data-say-text="{name}"' in body  # a long press reads it
    assert "Gardez le doigt sur un prénom pour l'entendre." in body
    home = text_of(tablet.get("/"))
    for words in ("Je signe ma présence", "Je donne mon avis", "Je découvre le groupe"):
        assert f'data-say="{words}"' in home
    assert "data-speak-screen" in home and "speech.js" in home


@pytest.mark.parametrize("url", ["/signer", "/avis", "/decouvrir", "/activer"])
def test_no_form_lets_the_browser_show_its_own_tooltip(tablet, kiosk, url):
    body = tablet.get(url).get_data(as_text=True)
    forms = re.findall(r"<form[^>]*>", body)
    assert forms and all("novalidate" in form for form in forms)
    assert " required" not in body and "pattern=" not in body


def test_the_pin_screen_shows_no_browser_check_and_no_keyboard(tablet, kiosk):
    body = post(tablet, "/signer/personne", {"participant": kiosk.people[0].id}).get_data(as_text=True)
    assert 'inputmode="none"' in body and "novalidate" in body and "pattern=" not in body


def test_an_empty_opinion_gets_french_messages_with_a_picture(tablet, kiosk):
    response = post(tablet, "/avis", {"signer": "anonyme"})
    body = text_of(response)
    assert response.status_code == 400
    assert "Choisissez : pour moi, ou pour le groupe." in body and "Touchez le visage" in body
    assert body.count("pictos/oops.svg") >= 2  # faces stay, as choices:
    assert re.search(r'face-4\.svg(\?v=\w+)?" alt="">\s*<span', body)


def test_an_empty_first_name_gets_a_french_message(tablet, kiosk):
    body = text_of(post(tablet, "/decouvrir", {"first_name": ""}))
    assert "Écrivez votre prénom." in body and "pictos/oops.svg" in body


def test_a_wrong_pin_has_its_own_picture(tablet, kiosk):
    body = text_of(post(tablet, "/signer/code", {"participant": kiosk.people[0].id, "pin": "0000"}))
    assert "pictos/pin-wrong.svg" in body and "face-4.svg" not in body


def test_a_locked_pin_has_the_lock_picture(tablet, kiosk):
    for _ in range(6):
        response = post(tablet, "/signer/code", {"participant": kiosk.people[1].id, "pin": "0000"})
    body = text_of(response)
    assert "bloqué" in body and "pictos/pin-locked.svg" in body and "pin-wrong.svg" not in body


def test_no_session_today_has_the_calendar_picture_not_the_journeys(tablet, kiosk, db):
    kiosk.session.cancelled = True
    db.commit()
    for url, journey in (("/signer", "signin"), ("/avis", "opinion"), ("/decouvrir", "discover")):
        body = text_of(tablet.get(url))
        assert "Pas de séance aujourd'hui" in body and "pictos/no-session.svg" in body
        assert f'class="big-picto" src="/static/pictos/{journey}.svg' not in body


def test_the_welcome_still_smiles(tablet, kiosk):
    body = text_of(post(tablet, "/signer/code", {"participant": kiosk.people[0].id, "pin": PIN}))
    assert "Bienvenue, Fatima !" in body and "face-4.svg" in body


def test_error_screens_have_the_oops_picture(tablet, kiosk):
    body = text_of(tablet.get("/nulle-part"))
    assert "Cette page n'existe pas" in body and "pictos/oops.svg" in body


def test_a_persons_symbol_shows_on_their_tile_and_pin_screen(tablet, kiosk, db):
    kiosk.people[0].symbol = "chat"
    db.commit()
    body = text_of(tablet.get("/signer"))
    tile = re.search(r'<button class="tile with-symbol"[^>]*value="%d"[^>]*>(.*?)</button>' % kiosk.people[0].id, body)
    assert tile and "symbols/chat.svg" in tile.group(1) and 'data-say-text="Fatima B., le chat"' in body
    assert body.count("symbols/") == 1  # the others chose none: no picture, no photo
    pin = text_of(post(tablet, "/signer/personne", {"participant": kiosk.people[0].id}))
    assert "symbols/chat.svg" in pin and "Fatima B., tapez votre code" in pin
