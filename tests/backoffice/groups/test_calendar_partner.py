"""A session with a partner, and a joint session, in a group's calendar feed as vobject reads it (issue #32): the
partner's address is the place, the partner and the other groups are in the description; a group's feed holds
the joint sessions it is invited to."""

from __future__ import annotations

import datetime as dt

import vobject

from shared.groups.calendar_feeds import create_feed

DAY = dt.date(2026, 3, 19)


def events(app, db, group, staff) -> dict[str, object]:
    _, token = create_feed(db, group, staff)
    db.commit()
    response = app.test_client().get(f"/calendar/{token}.ics")
    assert response.status_code == 200
    calendar = vobject.readOne(response.data.decode("utf-8"))
    return {str(event.summary.value): event for event in calendar.vevent_list}


def test_a_session_at_a_partner_reads_with_the_partner_s_address_as_its_place(app, db, make, today):
    group = make.group(name="ID'MIX Tilleuls", location="CMS des Tilleuls")
    centre = make.partner(groups=[group], name="AFPA Évry", address="2 rue de l'Industrie, 91000 Évry",
                          contact_name="Sophie Durand", phone="01 23 45 67 89")
    make.session(group, DAY, title="Visite du centre de formation", partner=centre, at_partner=True)
    make.session(group, DAY + dt.timedelta(days=14), title="Atelier au CMS", partner=centre)
    read = events(app, db, group, make.facilitator(group))
    visit = read["ID'MIX Tilleuls – Visite du centre de formation"]
    assert visit.location.value == "AFPA Évry, 2 rue de l'Industrie, 91000 Évry"
    assert "Partenaire\u00a0: AFPA Évry (Sophie Durand, 01 23 45 67 89)." in visit.description.value
    at_home = read["ID'MIX Tilleuls – Atelier au CMS"]  # with the partner, at the centre
    assert at_home.location.value == "CMS des Tilleuls" and "AFPA Évry" in at_home.description.value


def test_the_guest_group_s_feed_holds_the_joint_session_with_the_host_named(app, db, make, today):
    host, guest = make.group(name="ID'MIX Tilleuls"), make.group(name="Les Jardins du Nord")
    make.session(host, DAY, title="Rencontre des groupes", guest_groups=[guest])
    read = events(app, db, guest, make.facilitator(guest))
    joint = read["Les Jardins du Nord – Rencontre des groupes"]
    assert "Séance commune avec ID'MIX Tilleuls." in joint.description.value
