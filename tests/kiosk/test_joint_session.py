"""A joint session (séance commune) of two groups at the kiosk: it is today's session on each group's tablet, and
the people of each group sign in on either tablet; each is counted in their own group (issue #32)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from shared.kiosk.operations import create_enrolment_code, enrol_device
from shared.kiosk.pins import set_pin
from shared.sessions.models import Attendance

from .conftest import DEVICE_COOKIE, PIN, post, text_of


@pytest.fixture
def visitors(db, make, kiosk, during_session, kiosk_app):
    """A second group, invited to the first one's session today, with its own tablet and two people."""
    group = make.group(name="Les Jardins du Nord")
    kiosk.session.guest_groups = [group]
    people = [make.participant(group=group, first_name=first, last_name=last)
              for first, last in (("Gaëlle", "Roussel"), ("Karim", "Saïdi"))]
    for person in people:
        set_pin(db, person, PIN, actor=None, now=during_session)
    code = create_enrolment_code(db, group=group, actor=None, now=during_session).code
    token = enrol_device(db, code=code, now=during_session, name="Tablette des Jardins").token
    db.commit()
    tablet = kiosk_app.test_client()
    tablet.set_cookie(DEVICE_COOKIE, token)
    return group, people, tablet


def signed_in(db, session) -> dict[int, int]:
    rows = db.execute(select(Attendance.participant_id, Attendance.session_id)
                      .where(Attendance.session_id == session.id).execution_options(populate_existing=True))
    return dict(rows.all())


def test_the_joint_session_is_today_s_session_on_the_guest_group_s_tablet_too(tablet, kiosk, visitors):
    _, _, guest_tablet = visitors
    for device in (tablet, guest_tablet):
        home = text_of(device.get("/"))
        assert "Atelier cuisine" in home and "Pas de séance" not in home
        assert "Séance commune" in home


def test_home_shows_the_place_in_pictures_for_a_joint_session_held_at_a_partner(tablet, kiosk, visitors, make, db):
    # Each tablet pictures the meeting of groups and the partner's building beside the words, for whoever reads little.
    group, _, guest_tablet = visitors
    kiosk.session.partner = make.partner(groups=[kiosk.group, group], name="Les Restos du Cœur")
    kiosk.session.at_partner = True
    db.commit()
    for device in (tablet, guest_tablet):
        home = text_of(device.get("/"))
        assert 'src="/static/pictos/joint.svg' in home and 'src="/static/pictos/partner-place.svg' in home
        assert "Chez Les Restos du Cœur, 12 rue des Écoles, 75011 Paris" in home
        assert device.get("/static/pictos/partner-place.svg").status_code == 200
    kiosk.session.at_partner = False
    db.commit()
    assert "Avec Les Restos du Cœur" in text_of(tablet.get("/"))


def test_both_groups_people_are_on_both_tablets_and_nobody_else(tablet, kiosk, visitors, make, db):
    _, guests, guest_tablet = visitors
    make.participant(first_name="Zora", last_name="Ailleurs")
    db.commit()
    for device in (tablet, guest_tablet):
        tiles = text_of(device.get("/signer"))
        assert all(name in tiles for name in ("Fatima B.", "Aurélien P.", "Gaëlle R.", "Karim S."))
        assert "Zora" not in tiles


def test_people_of_each_group_sign_in_on_either_tablet_into_the_one_session(tablet, kiosk, visitors, db):
    _, (gaelle, karim), guest_tablet = visitors
    fatima, aurelien = kiosk.people[0], kiosk.people[1]
    # A guest on the host's tablet, a host's person on the guest's tablet, and each on their own.
    for device, person in ((tablet, gaelle), (guest_tablet, fatima), (tablet, aurelien), (guest_tablet, karim)):
        done = post(device, "/signer/code", {"participant": person.id, "pin": PIN})
        assert done.status_code == 200 and f"Bienvenue, {person.first_name}\u00a0!" in text_of(done)
    assert signed_in(db, kiosk.session) == {p.id: kiosk.session.id for p in (gaelle, karim, fatima, aurelien)}


def test_without_a_joint_session_the_other_group_s_person_is_refused(tablet, kiosk, visitors, db):
    _, (gaelle, _), _ = visitors
    kiosk.session.guest_groups = []
    db.commit()
    refused = post(tablet, "/signer/code", {"participant": gaelle.id, "pin": PIN})
    assert refused.status_code == 400 and "pas dans la liste de ce groupe" in text_of(refused)
    assert signed_in(db, kiosk.session) == {}


def test_a_guest_signs_a_personal_opinion_on_the_host_s_tablet(tablet, kiosk, visitors, db):
    from shared.feedback.models import Feedback
    from shared.kiosk.tokens import new_form_token

    _, (gaelle, _), _ = visitors
    answers = {"scope": "personal", "mood": "4", "text": "Belle visite.", "signer": "prenom"}
    tiles = post(tablet, "/avis", answers | {"token": new_form_token()})
    assert "Gaëlle R." in text_of(tiles) and "Fatima B." in text_of(tiles)
    done = post(tablet, "/avis/code", answers | {"token": new_form_token(), "participant": gaelle.id, "pin": PIN})
    assert "Merci, Gaëlle\u00a0!" in text_of(done)
    assert db.scalar(select(Feedback.participant_id).where(Feedback.session_id == kiosk.session.id)) == gaelle.id
