"""Every record the back-office creates or edits, once each way through the real server (gunicorn, CSRF on):
the form as the page offers it, typed over as a person would, then the row read back with a fresh session,
with what the domain derives (a person's group and last contact, a contract's group, a trial flag, a
contract ended by an exit). Themes, groups and sessions: test_forms.py."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import urllib.parse
from types import SimpleNamespace

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from shared import clock
from shared.contracts.models import Contract, ObjectiveCategory, ObjectiveStatus
from shared.contracts.rules import latest_end_for
from shared.exits.models import Exit, ExitDestination
from shared.groups.models import Group
from shared.kiosk.models import WalkIn
from shared.people.models import Benefit, Gender, Participant, Referral
from shared.sessions.models import Attendance, AttendanceSource, AttendanceStatus
from shared.staff.models import JobTitle, Role, StaffMember
from tests.factories import Factory
from tests.live.client import fill, form_fields
from tests.live.forms import one, saved, submit

_INLINE_TEMPLATE = re.compile(r'<div class="inline-field-template[^"]*">(.*?)</div>\s*<a id="(\w+)-button"', re.DOTALL)


@pytest.fixture(scope="module")
def admin(live_server, live_world):
    return live_server.signed_in(live_world.admin.email)


@pytest.fixture(scope="module")
def seeds(live_session, live_world):
    """People of the world's group, each for one test, so that no test depends on another's writes."""
    today = clock.today()
    with live_session() as db:
        make = Factory(db)
        group = db.get(Group, live_world.group.id)
        referrer = db.get(StaffMember, live_world.referrer.id)
        facilitator = db.get(StaffMember, live_world.facilitator.id)

        def person(days_ago: int) -> Participant:
            return make.participant(group, referrer=referrer, referred_on=today - dt.timedelta(days=days_ago))

        mover, newcomer, trialist, visitor, leaver = person(20), person(10), person(10), person(10), person(60)
        leaver_contract = make.contract(leaver, facilitator=facilitator)  # signed, running
        yesterday = make.session(group, held_on=today - dt.timedelta(days=1))
        walk_in = WalkIn(session=yesterday, first_name="Karim", recorded_at=clock.now())
        db.add(walk_in)
        db.flush()
        return SimpleNamespace(
            mover=mover.id, mover_name=mover.last_name, newcomer=newcomer.id, trialist=trialist.id,
            visitor=visitor.id, leaver=leaver.id, leaver_contract=leaver_contract.id, yesterday=yesterday.id,
            walk_in=walk_in.id)


def picked(browser, view: str, field: str, typed: str) -> str:
    """What a select2 picker posts once ``typed`` is searched and its only answer chosen: the record's id."""
    query = urllib.parse.urlencode({"name": field, "query": typed, "offset": 0, "limit": 10})
    answer = browser.get(f"/{view}/ajax/lookup/?{query}")
    assert answer.status == 200, (answer.status, answer.text[:500])
    rows = json.loads(answer.text)
    assert len(rows) == 1, rows
    return str(rows[0][0])


def with_new_inline_row(page: str, typed: dict[str, str]) -> list[tuple[str, str]]:
    """The page's form after one click on « Ajouter Objectif » (Flask-Admin's form.js: the escaped template's
    fields renamed ``<list>-<n>-<name>``, n after the rows shown), then ``typed`` over the whole form."""
    found = _INLINE_TEMPLATE.search(page)
    assert found is not None, "no inline template in the page"
    template, list_name = html.unescape(found.group(1)), found.group(2)
    shown = {int(n) for n in re.findall(rf'id="{list_name}-(\d+)" class="inline-field', page)}
    prefix = f"{list_name}-{max(shown, default=-1) + 1}"
    row = {f"{prefix}-{name}": values for name, values in form_fields(f'<form method="post">{template}</form>').items()}
    assert {f"{prefix}-wording", f"{prefix}-category", f"{prefix}-status"} <= row.keys(), row
    fields = form_fields(page) | row
    for name, value in typed.items():
        fields[name] = [value]
    return [(name, value) for name, values in fields.items() for value in values]


def person_of(live_session, person_id) -> Participant:
    return one(live_session, select(Participant).options(selectinload(Participant.referrals))
               .where(Participant.id == person_id))


# --- people and referrals ---------------------------------------------------------------------------

def test_a_new_person_gets_their_group_and_last_contact_from_the_referral_then_moves_town(
        admin, live_session, live_world, unique):
    referred_on = clock.today() - dt.timedelta(days=5)
    created = submit(admin, "/participant/new/?url=/participant/", first_name="Awa", last_name=f"Diallo{unique}",
                     group=str(live_world.group.id), gender="female", birth_year="1980", town="Villeneuve",
                     benefit="rsa", phone="06.12.34.56.78", referrer=str(live_world.referrer.id),
                     referred_on=referred_on.isoformat())
    assert saved(created), created.text[:2000]
    person = one(live_session, select(Participant).options(selectinload(Participant.referrals))
                 .where(Participant.last_name == f"Diallo{unique}"))
    assert (person.first_name, person.gender, person.birth_year, person.town, person.benefit) == (
        "Awa", Gender.FEMALE, 1980, "Villeneuve", Benefit.RSA)
    assert person.phone == "06 12 34 56 78"
    assert (person.group_id, person.last_contact_on, person.status_code) == (live_world.group.id, referred_on,
                                                                             "referred")
    assert [(r.group_id, r.referrer_id, r.referred_on) for r in person.referrals] == [
        (live_world.group.id, live_world.referrer.id, referred_on)]

    page = admin.get(f"/participant/edit/?id={person.id}")
    assert 'name="group"' not in page.text and 'name="referrer"' not in page.text
    edited = submit(admin, f"/participant/edit/?id={person.id}&url=/participant/", town="Montreuil")
    assert saved(edited), edited.text[:2000]
    moved = person_of(live_session, person.id)
    assert moved.town == "Montreuil"
    assert (moved.first_name, moved.last_name, moved.phone, moved.birth_year, moved.benefit) == (
        "Awa", f"Diallo{unique}", "06 12 34 56 78", 1980, Benefit.RSA)
    assert (moved.group_id, moved.last_contact_on, len(moved.referrals)) == (live_world.group.id, referred_on, 1)


def test_a_referral_to_another_group_moves_the_person_there_then_its_reason_is_corrected(
        admin, live_session, live_world, seeds):
    referred_on = clock.today() - dt.timedelta(days=2)
    person_id = picked(admin, "referral", "participant", seeds.mover_name)
    assert person_id == str(seeds.mover)
    created = submit(admin, "/referral/new/?url=/referral/", participant=person_id,
                     referrer=str(live_world.other_referrer.id), group=str(live_world.other_group.id),
                     referred_on=referred_on.isoformat(), reason="Déménagement", expectations="Garder le lien")
    assert saved(created), created.text[:2000]
    person = person_of(live_session, seeds.mover)
    assert (person.group_id, person.last_contact_on) == (live_world.other_group.id, referred_on)
    assert [r.group_id for r in person.referrals] == [live_world.group.id, live_world.other_group.id]
    referral = person.referrals[-1]
    assert (referral.referrer_id, referral.referred_on, referral.reason, referral.expectations) == (
        live_world.other_referrer.id, referred_on, "Déménagement", "Garder le lien")

    edited = submit(admin, f"/referral/edit/?id={referral.id}&url=/referral/", reason="Rapprochement du domicile")
    assert saved(edited), edited.text[:2000]
    corrected = one(live_session, select(Referral).where(Referral.id == referral.id))
    assert (corrected.reason, corrected.expectations, corrected.referred_on) == (
        "Rapprochement du domicile", "Garder le lien", referred_on)
    assert (corrected.group_id, corrected.participant_id) == (live_world.other_group.id, seeds.mover)
    assert person_of(live_session, seeds.mover).group_id == live_world.other_group.id


# --- contracts ----------------------------------------------------------------------------------------

def test_a_contract_drafted_with_an_objective_takes_the_person_s_group_then_its_expectations_change(
        admin, live_session, live_world, seeds):
    starts_on = clock.today() - dt.timedelta(days=3)
    page = admin.get("/contract/new/?url=/contract/")
    assert page.status == 200
    form = with_new_inline_row(page.text, {
        "participant": str(seeds.newcomer), "facilitator": str(live_world.facilitator.id),
        "referrer": str(live_world.referrer.id), "starts_on": starts_on.isoformat(),
        "ends_on": latest_end_for(starts_on).isoformat(), "expectations": "Rencontrer du monde",
        "objectives-0-wording": "Prendre la parole en groupe", "objectives-0-category": "autonomy"})
    created = admin.post("/contract/new/?url=/contract/", form)
    assert saved(created), created.text[:2000]
    contract = one(live_session, select(Contract).options(selectinload(Contract.objectives))
                   .where(Contract.participant_id == seeds.newcomer))
    assert contract.group_id == live_world.group.id  # the person's, never typed
    assert (contract.facilitator_id, contract.referrer_id, contract.starts_on, contract.ends_on) == (
        live_world.facilitator.id, live_world.referrer.id, starts_on, latest_end_for(starts_on))
    assert contract.expectations == "Rencontrer du monde" and not contract.is_signed
    [objective] = contract.objectives
    assert (objective.wording, objective.category, objective.status) == (
        "Prendre la parole en groupe", ObjectiveCategory.AUTONOMY, ObjectiveStatus.OPEN)

    edited = submit(admin, f"/contract/edit/?id={contract.id}&url=/contract/",
                    expectations="Rencontrer du monde et reprendre confiance")
    assert saved(edited), edited.text[:2000]
    draft = one(live_session, select(Contract).options(selectinload(Contract.objectives))
                .where(Contract.id == contract.id))
    assert draft.expectations == "Rencontrer du monde et reprendre confiance"
    assert (draft.starts_on, draft.ends_on, draft.group_id, draft.is_signed) == (
        starts_on, latest_end_for(starts_on), live_world.group.id, False)
    assert [(o.id, o.wording) for o in draft.objectives] == [(objective.id, "Prendre la parole en groupe")]
    assert draft.version != contract.version


# --- attendance ---------------------------------------------------------------------------------------

def test_an_attendance_at_a_past_session_is_a_trial_only_without_a_contract_then_its_status_changes(
        admin, live_session, live_world, seeds):
    held_on = clock.today() - dt.timedelta(days=1)
    page = admin.get("/attendance/new/")
    assert page.status == 200 and 'name="is_trial"' not in page.text
    for person_id in (live_world.participant.id, seeds.trialist):
        created = submit(admin, "/attendance/new/?url=/attendance/", session=str(seeds.yesterday),
                         participant=str(person_id), status="present")
        assert saved(created), created.text[:2000]
    with live_session() as db:
        rows = {a.participant_id: (a.status, a.is_trial, a.source) for a in
                db.scalars(select(Attendance).where(
                    Attendance.session_id == seeds.yesterday,
                    Attendance.participant_id.in_([live_world.participant.id, seeds.trialist])))}
        last_contact = db.get(Participant, live_world.participant.id).last_contact_on
    assert rows == {
        live_world.participant.id: (AttendanceStatus.PRESENT, False, AttendanceSource.STAFF),  # under contract
        seeds.trialist: (AttendanceStatus.PRESENT, True, AttendanceSource.STAFF),  # no contract: a trial
    }
    assert last_contact == held_on

    row = one(live_session, select(Attendance).where(Attendance.session_id == seeds.yesterday,
                                                     Attendance.participant_id == live_world.participant.id))
    edited = submit(admin, f"/attendance/edit/?id={row.id}&url=/attendance/", status="excused")
    assert saved(edited), edited.text[:2000]
    excused = one(live_session, select(Attendance).where(Attendance.id == row.id))
    assert (excused.status, excused.is_trial) == (AttendanceStatus.EXCUSED, False)
    assert (excused.session_id, excused.participant_id) == (seeds.yesterday, live_world.participant.id)


def test_a_walk_in_linked_to_a_person_becomes_their_trial_attendance(admin, live_session, seeds):
    edited = submit(admin, f"/walkin/edit/?id={seeds.walk_in}&url=/walkin/", participant=str(seeds.visitor))
    assert saved(edited), edited.text[:2000]
    assert one(live_session, select(WalkIn).where(WalkIn.id == seeds.walk_in)).participant_id == seeds.visitor
    attendance = one(live_session, select(Attendance).where(Attendance.session_id == seeds.yesterday,
                                                            Attendance.participant_id == seeds.visitor))
    assert (attendance.status, attendance.is_trial) == (AttendanceStatus.PRESENT, True)


# --- exits ---------------------------------------------------------------------------------------------

def test_an_exit_ends_the_running_contract_early_then_its_correction_follows(admin, live_session, seeds):
    today = clock.today()
    path = f"/exit/new/?participant={seeds.leaver}&url=/exit/"
    page = admin.get(path)
    assert page.status == 200
    offered = form_fields(page.text)
    assert offered["participant"] == [str(seeds.leaver)] and offered["left_on"] == [f"{today:%d/%m/%Y}"]
    assert offered["destination"] == [""]  # no default: chosen, never « Emploi » by omission
    left_on = today - dt.timedelta(days=2)
    created = admin.post(path, fill(page.text, left_on=left_on.isoformat(), destination="employment",
                                    comment="CDD de six mois"))
    assert saved(created), created.text[:2000]
    exit_ = one(live_session, select(Exit).where(Exit.participant_id == seeds.leaver))
    assert (exit_.left_on, exit_.destination, exit_.comment, exit_.contract_id) == (
        left_on, ExitDestination.EMPLOYMENT, "CDD de six mois", seeds.leaver_contract)
    contract = one(live_session, select(Contract).where(Contract.id == seeds.leaver_contract))
    assert (contract.ended_early_on, contract.early_end_reason) == (left_on, "Sortie : Emploi")
    person = person_of(live_session, seeds.leaver)
    assert (person.status_code, person.last_contact_on) == ("left", left_on)

    corrected_on = today - dt.timedelta(days=4)
    edited = submit(admin, f"/exit/edit/?id={exit_.id}&url=/exit/", left_on=corrected_on.isoformat(),
                    destination="training")
    assert saved(edited), edited.text[:2000]
    exit_ = one(live_session, select(Exit).where(Exit.id == exit_.id))
    assert (exit_.left_on, exit_.destination, exit_.comment) == (corrected_on, ExitDestination.TRAINING,
                                                                 "CDD de six mois")
    contract = one(live_session, select(Contract).where(Contract.id == seeds.leaver_contract))
    assert (contract.ended_early_on, contract.early_end_reason) == (
        corrected_on, f"Sortie : {ExitDestination.TRAINING.label}")


# --- staff accounts ------------------------------------------------------------------------------------

def test_an_admin_opens_a_staff_account_who_signs_in_then_renames_it(admin, live_server, live_session,
                                                                     live_world, unique):
    password = "Vq7#tLm2-Xo9pRz!w"  # long and random: passes the length and strength (zxcvbn) rules
    email = f"Ines.Roux.{unique}@cd.example.fr"
    created = submit(admin, "/staff/new/?url=/staff/", first_name="Inès", last_name="Roux", email=email,
                     job_title="facilitator", role="facilitator", groups=[str(live_world.group.id)], active="y",
                     new_password=password)
    assert saved(created), created.text[:2000]
    staff = one(live_session, select(StaffMember).options(selectinload(StaffMember.groups))
                .where(StaffMember.email == email.lower()))
    assert (staff.first_name, staff.last_name, staff.job_title, staff.role, staff.active) == (
        "Inès", "Roux", JobTitle.FACILITATOR, Role.FACILITATOR, True)
    assert [g.id for g in staff.groups] == [live_world.group.id]
    assert staff.password_hash.startswith("$argon2") and password not in staff.password_hash
    newcomer = live_server.browser()
    assert newcomer.sign_in(email.lower(), password).status == 302
    assert newcomer.get("/participant/").location == "/account/"  # the admin's password is temporary

    edited = submit(admin, f"/staff/edit/?id={staff.id}&url=/staff/", first_name="Inès-Marie")
    assert saved(edited), edited.text[:2000]
    renamed = one(live_session, select(StaffMember).options(selectinload(StaffMember.groups))
                  .where(StaffMember.id == staff.id))
    assert (renamed.first_name, renamed.last_name, renamed.email, renamed.role) == (
        "Inès-Marie", "Roux", email.lower(), Role.FACILITATOR)
    assert renamed.password_hash == staff.password_hash  # an edit never touches the password
    assert [g.id for g in renamed.groups] == [live_world.group.id]
    assert live_server.browser().sign_in(email.lower(), password).status == 302
