"""Recording an exit (through ``record_exit``), pre-filled from the exit plan; correcting it (``update_exit``);
a person who left and came back keeps their path on their page."""

import datetime as dt
import html

from sqlalchemy import func, select

from shared.contracts.models import Contract
from shared.exits.models import Exit, ExitDestination
from shared.exits.operations import plan_exit
from shared.people.operations import record_exit, refer_again
from backoffice.core.ajax import person_label
from tests.backoffice.actions_fixtures import other_world, world  # noqa: F401
from tests.backoffice.select2 import chosen


def text(page) -> str:
    return html.unescape(page.get_data(as_text=True))


def exits(db) -> list[tuple]:
    db.expire_all()
    return db.execute(select(Exit.participant_id, Exit.left_on, Exit.destination, Exit.comment)
                      .order_by(Exit.id)).all()


def contract_end(db, contract) -> tuple:
    db.expire_all()
    found = db.get(Contract, contract.id)
    return found.ended_early_on, found.early_end_reason


def exit_form(person, left_on, **overrides):
    data = {"participant": str(person.id), "left_on": left_on.isoformat(), "destination": "employment",
            "comment": "CDD de six mois"}
    return data | overrides


def test_the_exit_form_from_the_contract_page_is_pre_filled_from_the_exit_plan(world, login_as, db, today):
    plan_exit(db, world.contract, destination=ExitDestination.TRAINING, target_on=world.contract.ends_on)
    client = login_as(world.facilitator)
    contract_page = text(client.get(f"/contract/details/?id={world.contract.id}"))
    assert f'href="/exit/new/?participant={world.participant.id}"' in contract_page
    response = client.get(f"/exit/new/?participant={world.participant.id}")
    page = text(response)
    assert chosen(response, "participant") == (world.participant.id, person_label(world.participant))
    assert '<option selected value="training">' in page
    assert "Pré-rempli d'après le projet de sortie (Formation" in page
    assert f'value="{today:%d/%m/%Y}"' in page


def test_without_a_plan_nothing_is_guessed_and_another_groups_person_is_not_pre_filled(world, other_world,
                                                                                        login_as, db):
    plan_exit(db, other_world.contract, destination=ExitDestination.TRAINING, target_on=other_world.contract.ends_on)
    client = login_as(world.facilitator)
    page = text(client.get(f"/exit/new/?participant={world.participant.id}"))
    assert "Pré-rempli" not in page
    response = client.get(f"/exit/new/?participant={other_world.participant.id}")
    page = text(response)
    assert chosen(response, "participant") is None
    assert other_world.participant.last_name.lower() not in page.lower() and "Pré-rempli" not in page


def test_recording_an_exit_ends_the_running_contract_early(world, login_as, db, today):
    left_on = today - dt.timedelta(days=5)
    response = login_as(world.facilitator).post("/exit/new/", data=exit_form(world.participant, left_on))
    assert response.status_code == 302, text(response)[:2000]
    assert exits(db) == [(world.participant.id, left_on, ExitDestination.EMPLOYMENT, "CDD de six mois")]
    assert contract_end(db, world.contract) == (left_on, "Sortie : Emploi")


def test_an_exit_in_the_future_or_before_the_referral_is_refused_and_nothing_is_saved(world, login_as, db, today):
    client = login_as(world.facilitator)
    for left_on, message in ((today + dt.timedelta(days=1), "ne peut pas être dans le futur"),
                             (today - dt.timedelta(days=400), "précède l'orientation")):
        response = client.post("/exit/new/", data=exit_form(world.participant, left_on))
        page = text(response)
        assert response.status_code == 200 and message in page
        assert exits(db) == []
        assert contract_end(db, world.contract) == (None, None)


def test_an_exit_of_a_person_of_another_group_is_refused(world, other_world, login_as, db, today):
    response = login_as(world.facilitator).post(
        "/exit/new/", data=exit_form(other_world.participant, today - dt.timedelta(days=1)))
    page = text(response)
    assert response.status_code == 200 and "introuvable parmi celles que vous suivez" in page
    assert other_world.participant.last_name.lower() not in page.lower()
    assert exits(db) == [] and contract_end(db, other_world.contract) == (None, None)


def test_an_exit_is_corrected_and_the_contracts_early_end_follows(world, login_as, db, today):
    exit_ = record_exit(db, world.participant, left_on=today - dt.timedelta(days=5),
                        destination=ExitDestination.EMPLOYMENT)
    client = login_as(world.facilitator)
    page = text(client.get(f"/exit/edit/?id={exit_.id}"))
    assert 'name="participant"' not in page  # the person is not changed, only the exit
    new_day = today - dt.timedelta(days=12)
    response = client.post(f"/exit/edit/?id={exit_.id}", data={
        "left_on": new_day.isoformat(), "destination": "other_group", "comment": "Association du quartier"})
    assert response.status_code == 302
    assert exits(db) == [(world.participant.id, new_day, ExitDestination.OTHER_GROUP, "Association du quartier")]
    assert contract_end(db, world.contract) == (new_day, "Sortie : Autre groupe ou association")


def test_a_bad_correction_is_refused_next_to_the_date_and_nothing_changes(world, login_as, db, today):
    left_on = today - dt.timedelta(days=5)
    exit_ = record_exit(db, world.participant, left_on=left_on, destination=ExitDestination.EMPLOYMENT)
    before = exits(db)
    client = login_as(world.facilitator)
    for data, message in (
        ({"left_on": (today + dt.timedelta(days=3)).isoformat(), "destination": "training"}, "dans le futur"),
        ({"left_on": "", "destination": "training"}, "Indiquez la date de sortie."),
        ({"left_on": left_on.isoformat(), "destination": ""}, "Choisissez la destination."),
    ):
        response = client.post(f"/exit/edit/?id={exit_.id}", data=data)
        page = text(response)
        assert response.status_code == 200 and message in page, page[page.find("alert"):][:800]
        assert exits(db) == before
        assert contract_end(db, world.contract) == (left_on, "Sortie : Emploi")


def test_a_referrer_reads_exits_but_does_not_correct_them(world, login_as, db, today):
    exit_ = record_exit(db, world.participant, left_on=today - dt.timedelta(days=5),
                        destination=ExitDestination.EMPLOYMENT)
    client = login_as(world.referrer)
    assert client.get(f"/exit/details/?id={exit_.id}").status_code == 200
    assert client.get(f"/exit/edit/?id={exit_.id}").status_code == 403
    assert client.post(f"/exit/edit/?id={exit_.id}", data={"left_on": today.isoformat(),
                                                           "destination": "other"}).status_code == 403
    assert exits(db)[0][1] == today - dt.timedelta(days=5)


def test_another_groups_exit_cannot_be_opened_or_corrected(world, other_world, login_as, db, today):
    theirs = record_exit(db, other_world.participant, left_on=today - dt.timedelta(days=5),
                         destination=ExitDestination.EMPLOYMENT)
    client = login_as(world.facilitator)
    assert client.get(f"/exit/edit/?id={theirs.id}").status_code == 404
    assert client.post(f"/exit/edit/?id={theirs.id}", data={"left_on": today.isoformat(),
                                                            "destination": "other"}).status_code == 404
    assert exits(db)[0][2] is ExitDestination.EMPLOYMENT


def test_the_persons_page_shows_their_path_after_they_left_and_came_back(world, login_as, db, today):
    record_exit(db, world.participant, left_on=today - dt.timedelta(days=20), destination=ExitDestination.MOVED_AWAY,
                comment="Parti chez sa sœur")
    refer_again(db, world.participant, group=world.group, referrer=world.referrer,
                referred_on=today - dt.timedelta(days=2))
    page = text(login_as(world.facilitator).get(f"/participant/details/?id={world.participant.id}"))
    path = page[page.index('id="parcours"'):page.index('id="auto-evaluation"')]
    for step in (">Orientation<", f"Contrat n°{world.contract.id}", ">Sortie<", "Nouvelle orientation (retour)"):
        assert step in path
    assert path.index(">Sortie<") < path.index("Nouvelle orientation (retour)")  # oldest first
    assert "Déménagement – Parti chez sa sœur" in path
    assert f"fin anticipée le {today - dt.timedelta(days=20):%d/%m/%Y}" in path
    assert db.scalar(select(func.count()).select_from(Exit)) == 1


def test_the_destination_has_no_default_and_an_exit_without_one_is_refused(world, login_as, db, today):
    client = login_as(world.facilitator)
    page = text(client.get(f"/exit/new/?participant={world.participant.id}"))
    select_ = page[page.index('name="destination"'):page.index("</select>", page.index('name="destination"'))]
    assert '<option selected value="">— choisir —</option>' in select_
    assert "selected" not in select_.replace('<option selected value="">', "")
    response = client.post("/exit/new/", data=exit_form(world.participant, today - dt.timedelta(days=1),
                                                        destination=""))
    page = text(response)
    assert response.status_code == 200 and "Choisissez la destination." in page
    assert exits(db) == [] and contract_end(db, world.contract) == (None, None)


def test_deleting_an_exit_gives_the_contract_back_its_planned_end_and_is_audited(world, login_as, db, today):
    from shared.audit.models import AuditAction, AuditEntry

    exit_ = record_exit(db, world.participant, left_on=today - dt.timedelta(days=5),
                        destination=ExitDestination.EMPLOYMENT)
    exit_id = exit_.id
    response = login_as(world.facilitator).post("/exit/delete/", data={"id": str(exit_id)})
    assert response.status_code == 302
    assert exits(db) == []
    assert contract_end(db, world.contract) == (None, None)
    audited = db.execute(select(AuditEntry.table_name, AuditEntry.record_id)
                         .where(AuditEntry.action.in_([AuditAction.DELETE, AuditAction.UPDATE]))).all()
    assert ("exit", str(exit_id)) in audited and ("contract", str(world.contract.id)) in audited


def test_a_comment_too_long_for_the_printed_page_is_refused_next_to_it(world, login_as, db, today):
    response = login_as(world.facilitator).post("/exit/new/", data=exit_form(
        world.participant, today - dt.timedelta(days=1), comment="C" * 4001))
    page = text(response)
    assert response.status_code == 200 and "Texte trop long pour le commentaire" in page
    assert exits(db) == []
