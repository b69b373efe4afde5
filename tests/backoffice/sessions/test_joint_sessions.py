"""Joint sessions (séances communes) and sessions with a partner, through the back-office: planning one, its bad
inputs, each group's attendance sheet, session page and report, and referrers' scope (issue #32).

A facilitator of one group sees, on a joint session, only their own groups' people: the other group's people are a
count without names, on the session's page, its attendance sheet and its printed sheet; never their files."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from shared.sessions.models import Attendance, AttendanceStatus, Session
from shared.staff.models import Role
from tests.pages import count, text

D = dt.date
DAY = D(2026, 3, 5)  # a Thursday before the frozen today (10/03/2026): attendance may be taken


@pytest.fixture
def joint(make, db, today):
    """ID'MIX (host) and Les Jardins (guest), each with a facilitator, a referrer and two people; a training
    centre the host works with; a joint session on ``DAY`` held at the training centre."""
    host, guest = make.group(name="ID'MIX Tilleuls"), make.group(name="Les Jardins du Nord")
    host_facilitator, guest_facilitator = make.facilitator(host), make.facilitator(guest)
    host_referrer, guest_referrer = make.referrer(last_name="Orienteuse"), make.referrer(last_name="Autre")
    amel = make.participant(host, referrer=host_referrer, first_name="Amel", last_name="Haddad")
    bruno = make.participant(host, first_name="Bruno", last_name="Lefort")
    gaelle = make.participant(guest, referrer=guest_referrer, first_name="Gaëlle", last_name="Roussel")
    karim = make.participant(guest, first_name="Karim", last_name="Saïdi")
    centre = make.partner(groups=[host], name="AFPA Évry", address="2 rue de l'Industrie, 91000 Évry")
    session = make.session(host, DAY, guest_groups=[guest], partner=centre, at_partner=True,
                           title="Visite du centre de formation")
    db.commit()
    return dict(host=host, guest=guest, host_facilitator=host_facilitator, guest_facilitator=guest_facilitator,
                host_referrer=host_referrer, amel=amel, bruno=bruno, gaelle=gaelle, karim=karim, centre=centre,
                session=session, admin=make.staff(Role.ADMIN))


def form(w, **change) -> dict:
    data = {"group": w["host"].id, "guest_groups": [w["guest"].id], "held_on": "19/03/2026", "starts_at": "14:00",
            "ends_at": "17:00", "title": "Rencontre des groupes", "partner": w["centre"].id, "place": ""}
    return data | change


# --- planning a joint session -----------------------------------------------------------------------

def test_a_facilitator_plans_a_joint_session_with_another_group_at_a_partner(joint, login_as, db):
    response = login_as(joint["host_facilitator"]).post("/session/new/", data=form(joint, at_partner="y"))
    assert response.status_code == 302, text(response)[:3000]
    session = db.scalar(select(Session).where(Session.held_on == D(2026, 3, 19))
                        .execution_options(populate_existing=True))
    assert [g.name for g in session.guest_groups] == ["Les Jardins du Nord"]
    assert session.partner.name == "AFPA Évry" and session.venue == "AFPA Évry, 2 rue de l'Industrie, 91000 Évry"
    page = text(login_as(joint["guest_facilitator"]).get(f"/session/details/?id={session.id}"))
    assert "séance commune avec Les Jardins du Nord" in page and "2 rue de l'Industrie" in page


def test_a_joint_session_with_one_group_only_is_refused_next_to_the_field(joint, login_as, db):
    before = count(db, Session)
    response = login_as(joint["host_facilitator"]).post("/session/new/", data=form(
        joint, guest_groups=[joint["host"].id]))
    assert response.status_code == 200
    assert "Une séance commune réunit au moins deux groupes" in text(response)
    assert count(db, Session) == before


def test_a_partner_none_of_the_session_s_groups_works_with_is_refused(joint, make, login_as, db):
    elsewhere = make.partner(groups=[make.group(name="Groupe du Sud")], name="Mission locale du Sud")
    db.commit()
    before = count(db, Session)
    response = login_as(joint["host_facilitator"]).post("/session/new/", data=form(joint, partner=elsewhere.id))
    page = text(response)
    assert response.status_code == 200
    assert "«\u00a0Mission locale du Sud\u00a0» ne travaille pas avec les groupes de cette séance" in page
    assert count(db, Session) == before


def test_a_guest_group_that_already_meets_that_day_is_refused(joint, make, login_as, db):
    make.session(joint["guest"], D(2026, 3, 19))
    db.commit()
    response = login_as(joint["host_facilitator"]).post("/session/new/", data=form(joint))
    assert "Le groupe Les Jardins du Nord a déjà une séance le 19/03/2026" in text(response)


def test_at_the_partner_without_a_partner_is_refused(joint, login_as, db):
    response = login_as(joint["host_facilitator"]).post("/session/new/", data=form(joint, partner="", at_partner="y"))
    assert "Choisissez le partenaire chez qui la séance a lieu." in text(response)


def test_the_guest_group_s_facilitator_cannot_change_the_host_s_session(joint, login_as, db):
    session = joint["session"]
    client = login_as(joint["guest_facilitator"])
    response = client.post(f"/session/edit/?id={session.id}", data=form(joint, held_on="05/03/2026", title="Changé"))
    assert response.status_code == 302 and "/session/details/" in response.headers["Location"]
    page = text(client.get(response.headers["Location"]))
    assert "Cette séance commune est organisée par le groupe ID'MIX Tilleuls\u00a0: son équipe" in page
    assert client.get(f"/session/edit/?id={session.id}").status_code == 302
    db.expire_all()
    assert db.get(Session, session.id).title == "Visite du centre de formation"


# --- attendance: each group's sheet, each person counted where they belong -------------------------------

def sheet_names(page: str) -> set[str]:
    return {name for name in ("Haddad", "Lefort", "Roussel", "Saïdi") if name in page or name.upper() in page}


def test_each_facilitator_takes_their_own_group_s_attendance_on_the_joint_session(joint, login_as, db):
    session = joint["session"]
    host_client, guest_client = login_as(joint["host_facilitator"]), login_as(joint["guest_facilitator"])
    host_page = text(host_client.get(f"/actions/attendance/{session.id}"))
    guest_page = text(guest_client.get(f"/actions/attendance/{session.id}"))
    assert sheet_names(host_page) == {"Haddad", "Lefort"} and "Séance commune" in host_page
    assert sheet_names(guest_page) == {"Roussel", "Saïdi"}
    saved = guest_client.post(f"/actions/attendance/{session.id}", data={
        f"status-{joint['gaelle'].id}": "present", f"status-{joint['karim'].id}": "absent"})
    assert saved.status_code == 302
    host_client.post(f"/actions/attendance/{session.id}", data={f"status-{joint['amel'].id}": "present"})
    db.expire_all()
    rows = dict(db.execute(select(Attendance.participant_id, Attendance.status)
                           .where(Attendance.session_id == session.id)).all())
    assert rows == {joint["gaelle"].id: AttendanceStatus.PRESENT, joint["karim"].id: AttendanceStatus.ABSENT,
                    joint["amel"].id: AttendanceStatus.PRESENT}


def test_a_facilitator_cannot_record_the_other_group_s_person_on_the_joint_session(joint, login_as, db):
    session = joint["session"]
    response = login_as(joint["host_facilitator"]).post(f"/actions/attendance/{session.id}", data={
        f"status-{joint['gaelle'].id}": "present"})
    assert "n'est pas inscrite dans le groupe de cette séance" in text(response)
    assert count(db, Attendance, Attendance.session_id == session.id) == 0


def test_the_session_page_shows_each_viewer_only_their_people(joint, make, login_as, db):
    session = joint["session"]
    for person in ("amel", "bruno", "gaelle", "karim"):
        make.attendance(session, joint[person])
    db.commit()
    url = f"/session/details/?id={session.id}"
    host_page = text(login_as(joint["host_facilitator"]).get(url))
    assert sheet_names(host_page) == {"Haddad", "Lefort"}
    assert "et 2 autres personnes, hors de votre périmètre" in host_page
    referrer_page = text(login_as(joint["host_referrer"]).get(url))
    assert sheet_names(referrer_page) == {"Haddad"}
    assert "et 3 autres personnes, hors de votre périmètre" in referrer_page
    assert sheet_names(text(login_as(joint["admin"]).get(url))) == {"Haddad", "Lefort", "Roussel", "Saïdi"}


def test_the_other_group_s_files_stay_closed_to_a_facilitator(joint, make, login_as, db):
    attendance = make.attendance(joint["session"], joint["gaelle"])
    db.commit()
    client = login_as(joint["host_facilitator"])
    assert client.get(f"/participant/details/?id={joint['gaelle'].id}").status_code == 404
    assert client.get(f"/attendance/details/?id={attendance.id}").status_code == 404
    assert "Roussel" not in text(client.get("/attendance/"))


def test_the_printed_sheet_shows_the_partner_and_the_viewer_s_people(joint, login_as):
    session = joint["session"]
    page = text(login_as(joint["guest_facilitator"]).get(f"/actions/print/session/{session.id}"))
    assert "AFPA Évry, 2 rue de l'Industrie, 91000 Évry" in page and "Sophie Durand" in page
    assert "avec Les Jardins du Nord" in page
    assert sheet_names(page) == {"Roussel", "Saïdi"}


def report_cell(page: str, label: str) -> str:
    start = page.index('id="table-attendance"')
    part = page[start:page.index("</table>", start)]
    return re.search(rf'<th scope="row">{re.escape(label)}</th>\s*<td class="num">([^<]*)</td>', part).group(1)


def test_each_group_s_report_counts_its_own_people_at_the_joint_session(joint, make, login_as, db):
    session = joint["session"]
    make.attendance(session, joint["amel"])
    make.attendance(session, joint["gaelle"])
    make.attendance(session, joint["karim"])
    db.commit()
    year = {"from": "2026-01-01", "to": "2026-12-31"}
    admin = login_as(joint["admin"])
    host = text(admin.get("/report/", query_string={"group": joint["host"].id, **year}))
    guest = text(admin.get("/report/", query_string={"group": joint["guest"].id, **year}))
    both = text(admin.get("/report/", query_string={"group": "all", **year}))
    assert report_cell(host, "Présences") == "1"
    assert report_cell(guest, "Présences") == "2"
    assert report_cell(both, "Présences") == "3"


def test_the_report_s_openness_section_counts_the_joint_session_the_groups_and_the_partner_met(joint, login_as):
    year = {"from": "2026-01-01", "to": "2026-12-31"}
    client = login_as(joint["admin"])
    for own, other in (("host", "Les Jardins du Nord"), ("guest", "ID'MIX Tilleuls")):
        page = text(client.get("/report/", query_string={"group": joint[own].id, **year}))
        start = page.index('id="table-openness"')
        section = page[start:page.index('id="table-decisions"')]
        assert re.search(r"Séances communes avec d'autres groupes</th>\s*<td class=\"num\">1<", section), own
        assert re.search(r"dont chez le partenaire</th>\s*<td class=\"num\">1<", section), own
        assert other in section and "AFPA Évry" in section


def test_the_session_list_filtered_by_the_guest_group_shows_the_joint_session(joint, make, login_as, db):
    make.session(joint["host"], D(2026, 2, 26), title="Atelier du seul groupe hôte")
    db.commit()
    page = text(login_as(joint["admin"]).get(f"/session/?flt0_groupe_equals={joint['guest'].id}"))
    assert "Visite du centre de formation" in page and "Atelier du seul groupe hôte" not in page
    by_partner = text(login_as(joint["admin"]).get(f"/session/?flt0_partenaire_equals={joint['centre'].id}"))
    assert "Visite du centre de formation" in by_partner and "Atelier du seul groupe hôte" not in by_partner


def test_the_dashboard_names_each_facilitator_s_own_people_expected_at_an_upcoming_joint_session(joint, make,
                                                                                                   login_as, db):
    make.session(joint["host"], D(2026, 3, 12), title="Sortie au jardin partagé", guest_groups=[joint["guest"]])
    db.commit()
    for facilitator, own in (("host_facilitator", {"Haddad", "Lefort"}), ("guest_facilitator", {"Roussel", "Saïdi"})):
        page = text(login_as(joint[facilitator]).get("/"))
        start = page.index("Prochaines séances et personnes attendues")
        block = page[start:page.index("Toutes les séances à venir", start)]
        assert "Sortie au jardin partagé" in block and "séance commune avec Les Jardins du Nord" in block
        assert sheet_names(block) == own, facilitator
