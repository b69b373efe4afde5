"""The ``idmix`` command: database, demo, accounts, schedule, server."""

from __future__ import annotations

import contextlib
import datetime as dt
import sys

import click
from sqlalchemy import select

import shared.models  # noqa: F401  (registers every model)
from shared.dates import fr
from idmix import french
from shared.db import command_label, database_url, make_engine, make_sessionmaker
from shared.errors import DomainError
from shared.writes import UNGUARDED


def command_actor() -> str:
    """The journal's « Par » for the running command: « Commande idmix create-user »."""
    context = click.get_current_context(silent=True)
    return command_label(context.info_name if context is not None and context.info_name else "idmix")


@contextlib.contextmanager
def unit_of_work():
    """One session (guarded and journaled, as every door's), committed at the end of the command, rolled
    back on error."""
    engine = make_engine()
    with make_sessionmaker(engine, actor_label=command_actor())() as db:
        try:
            yield db
            db.commit()
        except BaseException:
            db.rollback()
            raise
    engine.dispose()


french.install()  # click's own help and errors in French, whatever the server's locale


def fail(message: str) -> None:
    click.secho(message, fg="red", err=True)
    sys.exit(1)


class CheckedCommand(french.FrenchCommand):
    """A command whose arguments were read (a mistyped one was answered first), then the database found."""

    def invoke(self, ctx: click.Context):
        _require_database(ctx)
        return super().invoke(ctx)


class CheckedGroup(french.FrenchGroup):
    command_class = CheckedCommand


@click.group(help="ID'MIX\u00a0: action collective en travail social, de l'orientation à la sortie.",
             cls=CheckedGroup, subcommand_metavar=french.SUBCOMMAND_METAVAR)
def main() -> None:
    pass


def _require_database(ctx: click.Context) -> None:
    """A command that finds no database says so in French and creates nothing (idmix/database_check.py)."""
    from idmix.database_check import RUNS_WITHOUT_DATABASE, missing_database

    if ctx.info_name in RUNS_WITHOUT_DATABASE or (ctx.parent and ctx.parent.info_name in RUNS_WITHOUT_DATABASE):
        return
    problem = missing_database()
    if problem:
        fail(problem)


@main.command("init-db", help="Crée ou met à jour le schéma de la base (migrations Alembic). Ne crée aucun compte.")
def init_db() -> None:
    from shared.migrate import upgrade_to_head

    url = database_url()
    upgrade_to_head(url)
    click.echo(f"Base prête : {_redact(url)}")


@main.command(help="Charge le groupe de démonstration (migre la base si besoin) et affiche les comptes de démo.")
@click.option("--password", help="Mot de passe commun aux comptes de démo (sinon, un mot de passe aléatoire chacun).")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), help="Date du jour simulée (AAAA-MM-JJ).")
@click.option("--scale", type=click.Choice(["group", "small", "department"]), default="group", show_default=True,
              help="group : le groupe ID'MIX ; department : 50 groupes, 20 000 personnes, 500 000 émargements "
                   "(quelques minutes) ; small : la même chose en petit.")
def demo(password: str | None, today: dt.datetime | None, scale: str) -> None:
    from shared.demo.loader import DEMO_PIN, demo_exists, load_demo
    from shared.migrate import upgrade_to_head
    from shared.staff.passwords import check_password_strength

    if password:
        try:
            check_password_strength(password)
        except DomainError as error:
            fail(error.message)
    upgrade_to_head(database_url())
    if scale != "group":
        return _scaled_demo(scale, password, today.date() if today else None)
    with unit_of_work() as db:
        db.info[UNGUARDED] = True  # the demo builds its world directly, as test factories do; still journaled
        if demo_exists(db):
            click.echo("Le groupe de démonstration existe déjà : rien n'a été ajouté.")
            return
        steps = ["Groupe, thèmes et équipe", "Séances", "Personnes", "Avis"]
        with click.progressbar(length=len(steps), label="Démo", show_eta=False) as bar:
            credentials = load_demo(db, today=today.date() if today else None, password=password,
                                    progress=lambda step: bar.update(1))
    click.echo("\nComptes de démonstration (à ne pas utiliser en production) :")
    for account in credentials:
        click.echo(f"  {account.role:<30} {account.email:<40} {account.password}")
    click.echo(f"Code PIN de tous les participants de la démo sur la tablette : {DEMO_PIN}")


def _scaled_demo(scale: str, password: str | None, today: dt.date | None) -> None:
    from shared.demo.loader import DEMO_PIN
    from shared.demo.scale import SCALES, generate

    with unit_of_work() as db:
        try:
            result = generate(db.connection(), SCALES[scale], today=today, password=password, progress=click.echo)
        except DomainError as error:
            fail(error.message)
    click.echo(f"Terminé en {result.seconds:.0f} s. Comptes (même mot de passe pour tous) : {result.password}")
    for role, email in result.accounts.items():
        click.echo(f"  {role:<12} {email}")
    click.echo(f"Code PIN de tous les participants sur la tablette : {DEMO_PIN}")


@main.command("create-user", help="Crée un compte de l'équipe (aucun compte n'existe par défaut).")
@click.option("--email", required=True)
@click.option("--first-name", required=True, help="Prénom")
@click.option("--last-name", required=True, help="Nom")
@click.option("--role", type=click.Choice(["admin", "facilitator", "referrer"]), required=True)
@click.option("--job-title", type=click.Choice(["ass", "cip", "cesf", "ass_rmi", "facilitator", "manager"]),
              default=None, help="Fonction (par défaut selon le rôle).")
@click.option("--group", "group_ids", type=int, multiple=True, help="Identifiant d'un groupe où la personne intervient.")
@click.password_option("--password", prompt="Mot de passe", confirmation_prompt="Confirmez le mot de passe")
def create_user(email, first_name, last_name, role, job_title, group_ids, password) -> None:
    from shared.groups.models import Group
    from shared.staff.accounts import create_staff_member
    from shared.staff.models import JobTitle, Role

    with unit_of_work() as db:
        groups = [db.get(Group, gid) for gid in group_ids]
        if None in groups:
            fail("Groupe inconnu : vérifiez l'identifiant (idmix groups).")
        try:
            staff = create_staff_member(
                db, email=email, first_name=first_name, last_name=last_name, role=Role(role),
                job_title=JobTitle(job_title) if job_title else None, password=password, groups=groups,
            )
        except DomainError as error:
            fail(error.message)
        click.echo(f"Compte créé : {staff.full_name} <{staff.email}> ({staff.role.label}).")


@main.command(help="Liste les groupes et leur identifiant.")
def groups() -> None:
    from shared.groups.models import Group

    with unit_of_work() as db:
        for group in db.scalars(select(Group).order_by(Group.name)):
            click.echo(f"{group.id:>4}  {group.name} – {group.location} ({group.rhythm_label})")


@main.command("generate-sessions", help="Crée les séances d'un groupe pour une période, sans doublon, hors jours fériés.")
@click.option("--group", "group_id", type=int, required=True)
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), required=True, help="AAAA-MM-JJ")
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), required=True, help="AAAA-MM-JJ")
def generate_sessions_command(group_id: int, start: dt.datetime, end: dt.datetime) -> None:
    from shared.groups.models import Group
    from shared.sessions.schedule import generate_sessions

    with unit_of_work() as db:
        group = db.get(Group, group_id)
        if group is None:
            fail("Groupe inconnu : vérifiez l'identifiant (idmix groups).")
        try:
            result = generate_sessions(db, group, start.date(), end.date())
        except DomainError as error:
            fail(error.message)
        for session in result.created:
            click.echo(f"  créée     {fr(session.held_on)}")
        for day in result.already_there:
            click.echo(f"  existante {fr(day)}")
        for skipped in result.skipped:
            click.echo(f"  sautée    {fr(skipped.day)} ({skipped.reason})")
        click.echo(f"{len(result.created)} séance(s) créée(s), {len(result.skipped)} date(s) sautée(s).")


@main.command(help="Lance le back-office (/admin/) et la tablette (/kiosk/) sur un seul port.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
def serve(host: str, port: int) -> None:
    from werkzeug.serving import make_server

    from wsgi import app

    # make_server, not run_simple: werkzeug's own start-up lines are in English.
    server = make_server(host, port, app, threaded=True)
    click.echo(f"Back-office\u00a0: http://{host}:{port}/admin/   Tablette\u00a0: http://{host}:{port}/kiosk/")
    click.echo("Serveur d'essai, pour ce poste seulement. En production\u00a0: gunicorn derrière nginx "
               "(docs/installation.md). Ctrl+C pour arrêter.")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("Arrêté.")
    finally:
        server.server_close()


def _redact(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


from idmix import kiosk_commands  # noqa: E402,F401  (registers the tablet commands on ``main``)
from idmix import report_command  # noqa: E402,F401  (the activity report in a file)
from idmix import data_commands  # noqa: E402,F401  (backup, restore, purge, maintenance)
from idmix import messaging_commands  # noqa: E402,F401  (send-reminders)
from idmix import speech_command  # noqa: E402,F401  (the tablet's fixed spoken texts)
from idmix import sso_command  # noqa: E402,F401  (sso check)
from idmix import check_command  # noqa: E402,F401  (idmix check: the installation's checks)
from idmix import import_command  # noqa: E402,F401  (idmix import: a group's spreadsheets)
