"""Tablet commands: enrol a tablet, set a PIN, link walk-in visitors (the same as the back-office pages, for scripts)."""

from __future__ import annotations

import click

from idmix.cli import fail, main, unit_of_work
from shared import clock
from shared.dates import fr, fr_at
from shared.errors import DomainError


@main.command("enrol-tablet", help="Crée un code d'activation à usage unique pour une tablette d'un groupe.")
@click.option("--group", "group_id", type=int, required=True)
def enrol_tablet(group_id: int) -> None:
    from shared.groups.models import Group
    from shared.kiosk.operations import create_enrolment_code

    from sqlalchemy.exc import SQLAlchemyError

    try:
        with unit_of_work() as db:
            group = db.get(Group, group_id)
            if group is None:
                fail("Groupe inconnu : vérifiez l'identifiant (idmix groups).")
            try:
                issued = create_enrolment_code(db, group=group, actor=None, now=clock.now())
            except DomainError as error:
                fail(error.message)
            group_name = group.name
    except SQLAlchemyError:
        fail("Le code n'a pas pu être enregistré (base de données indisponible) : aucun code n'a été créé. Réessayez.")
    # Printed only once committed: a code on screen always works on the tablet.
    expires = issued.record.expires_at.astimezone(clock.CENTRE_TZ)
    click.echo(f"Code d'activation pour « {group_name} » : {issued.code}")
    click.echo(f"Ouvrez /kiosk/ sur la tablette et tapez ce code. Valable une fois, jusqu'au {fr_at(expires)}.")


@main.command("set-pin", help="Définit ou réinitialise le code PIN (4 chiffres) d'une personne.")
@click.option("--participant", "participant_id", type=int, required=True)
@click.password_option("--pin", prompt="Code PIN (4 chiffres)", confirmation_prompt="Confirmez le code")
def set_pin_command(participant_id: int, pin: str) -> None:
    from shared.kiosk.pins import set_pin
    from shared.people.models import Participant

    with unit_of_work() as db:
        participant = db.get(Participant, participant_id)
        if participant is None:
            fail("Personne inconnue : vérifiez l'identifiant.")
        try:
            set_pin(db, participant, pin, actor=None, now=clock.now())
        except DomainError as error:
            fail(error.message)
        click.echo(f"Code PIN enregistré pour {participant.kiosk_name}.")


@main.command("walk-ins", help="Liste les visiteurs venus découvrir le groupe ; --link VISITEUR --to PERSONNE les rattache.")
@click.option("--group", "group_id", type=int, default=None)
@click.option("--link", "walk_in_id", type=int, default=None, help="Identifiant du visiteur à rattacher.")
@click.option("--to", "participant_id", type=int, default=None, help="Identifiant de la personne.")
def walk_ins(group_id: int | None, walk_in_id: int | None, participant_id: int | None) -> None:
    from shared.kiosk.models import WalkIn
    from shared.kiosk.queries import walk_ins_awaiting
    from shared.kiosk.walk_ins import link_walk_in
    from shared.people.models import Participant

    with unit_of_work() as db:
        if walk_in_id is None:
            rows = db.scalars(walk_ins_awaiting(group_id)).all()
            if not rows:
                click.echo("Aucun visiteur en attente.")
            for walk_in in rows:
                click.echo(f"{walk_in.id:>5}  {walk_in.first_name:<20} séance du {fr(walk_in.session.held_on)}")
            return
        walk_in = db.get(WalkIn, walk_in_id)
        participant = db.get(Participant, participant_id) if participant_id else None
        if walk_in is None or participant is None:
            fail("Indiquez un visiteur (--link) et une personne (--to) qui existent.")
        try:
            link_walk_in(db, walk_in, participant, actor=None, now=clock.now())
        except DomainError as error:
            fail(error.message)
        click.echo(f"{walk_in.first_name} est rattaché(e) à {participant.full_name} (séance d'essai comptée).")





@main.command("rotate-offline-key",
              help="Change la clé qui ouvre les codes donnés hors ligne sur les tablettes (l'ancienne reste lue "
                   "pour ce qui a été scellé avant) ; --forget-previous oublie les anciennes clés.")
@click.option("--forget-previous", is_flag=True,
              help="Oublie les anciennes clés, une fois que chaque tablette a tout envoyé.")
def rotate_offline_key(forget_previous: bool) -> None:
    from shared import settings
    from shared.kiosk import offline_seal

    if forget_previous:
        dropped = offline_seal.forget_previous()
        click.echo(f"Anciennes clés hors ligne oubliées : {dropped}. Redémarrez le service.")
        return
    old, new = offline_seal.rotate()
    click.echo(f"Nouvelle clé hors ligne {new} dans {settings.offline_key_path()} (droits 600).")
    click.echo(f"L'ancienne ({old}) est gardée dans {settings.previous_offline_keys_path()} : les codes "
               "scellés avant restent lisibles. Redémarrez le service ; chaque tablette reçoit la nouvelle clé "
               "publique à sa prochaine synchronisation.")
