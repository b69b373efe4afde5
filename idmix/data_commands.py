"""Data commands: hot backup and restore, retention purge (anonymisation), storage maintenance."""

from __future__ import annotations

import click

from idmix.cli import _redact, fail, main, unit_of_work
from shared import clock
from shared.dates import fr
from shared.db import database_url, make_engine
from shared.errors import DomainError


@main.command(help="Sauvegarde à chaud la base (SQLite : API de sauvegarde en ligne ; PostgreSQL : pg_dump).")
@click.option("--output", "output", type=click.Path(dir_okay=False), default=None,
              help="Fichier à créer (par défaut : instance/backups/idmix-AAAAMMJJ-HHMMSS.sqlite3 ou .pgdump).")
def backup(output: str | None) -> None:
    from shared.maintenance.backup import backup_database, default_backup_path

    url = database_url()
    try:
        result = backup_database(url, output or default_backup_path(url, clock.now()))
    except DomainError as error:
        fail(error.message)
    click.echo(f"Sauvegarde écrite : {result.path} ({_size(result.size)}, lisible par son propriétaire seulement).")
    click.echo("Elle contient des données personnelles : gardez-la en lieu sûr et supprimez les anciennes.")


@main.command(help="Restaure une sauvegarde dans la base configurée (remplace tout son contenu).")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--yes", is_flag=True, help="Ne pas demander de confirmation.")
def restore(file: str, yes: bool) -> None:
    from shared.maintenance.backup import restore_database, schema_revisions
    from shared.migrate import alembic_config

    url = database_url()
    if not yes:
        click.echo(f"Tout le contenu de la base {_redact(url)} va être remplacé par {file}.")
        if not _confirmed():
            fail("Restauration annulée : rien n'a été modifié.")
    try:
        restore_database(url, file)
    except DomainError as error:
        fail(error.message)
    click.echo(f"Base restaurée depuis {file}.")
    from alembic.script import ScriptDirectory

    heads = set(ScriptDirectory.from_config(alembic_config(url)).get_heads())
    if schema_revisions(url) != heads:
        click.echo("La sauvegarde vient d'une autre version du schéma : lancez « idmix init-db » pour la mettre à jour.")


@main.command(help="Anonymise les personnes sans contact depuis la durée de conservation (24 mois par défaut).")
@click.option("--dry-run", is_flag=True, help="Affiche qui serait anonymisé et pourquoi, sans rien modifier.")
@click.option("--months", type=int, default=None,
              help="Durée de conservation en mois (par défaut : IDMIX_RETENTION_MONTHS, sinon 24).")
@click.option("--yes", is_flag=True, help="Ne pas demander de confirmation.")
def purge(dry_run: bool, months: int | None, yes: bool) -> None:
    from shared.retention.anonymisation import plan_purge
    from shared.retention.anonymisation import purge as run_purge
    from shared.retention.policy import retention_months

    try:
        period = retention_months(months)
    except DomainError as error:
        fail(error.message)
    with unit_of_work() as db:
        plan = plan_purge(db, today=clock.today(), months=period)
        click.echo(f"Durée de conservation : {period} mois. Dernier contact avant le {fr(plan.cutoff)} : "
                   "données anonymisées.")
        for person in plan.people:
            click.echo(f"  n°{person.participant_id:<6} {person.full_name} ({person.group_name}) – {person.reason}")
        people, walk_ins = len(plan.people), plan.walk_ins
        if dry_run:
            click.echo(f"Simulation : {people} personne(s) et {walk_ins} visiteur(s) seraient anonymisé(s). "
                       "Rien n'a été modifié.")
            return
        if not people and not walk_ins:
            click.echo("Aucune personne à anonymiser.")
            return
        if not yes and not _confirmed():
            fail("Anonymisation annulée : rien n'a été modifié.")
        result = run_purge(db, plan, actor=None, now=clock.now())
    click.echo(f"{result.people} personne(s) et {result.walk_ins} visiteur(s) anonymisé(s) ; "
               f"{result.audit_entries_scrubbed} entrée(s) de l'historique expurgée(s). "
               "Une entrée « Anonymisation » par personne dans l'historique.")
    _maintain()


@main.command(help="Entretien de la base pour la confidentialité (réponses anonymes en attente, ordre des avis, "
                   "journal SQLite).")
@click.option("--toutes-les-reponses", "every_pool", is_flag=True,
              help="Écrire aussi les réponses anonymes en attente d'une séance ou d'un vote pas encore finis "
                   "(avant de changer la clé secrète).")
def maintenance(every_pool: bool) -> None:
    _maintain(every_pool=every_pool)


def _maintain(*, every_pool: bool = False) -> None:
    from shared.maintenance.storage import maintain_storage

    engine = make_engine()
    try:
        for line in maintain_storage(engine, every_pool=every_pool):
            click.echo(line)
    finally:
        engine.dispose()


def _confirmed() -> bool:
    answer = click.prompt("Tapez « oui » pour confirmer", default="non", show_default=False)
    return answer.strip().lower() == "oui"


def _size(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} Ko"
    return f"{size / (1024 * 1024):.1f} Mo".replace(".", ",")
