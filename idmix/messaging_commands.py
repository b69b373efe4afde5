"""``idmix send-reminders``: what is due now (or at ``--at``), sent once. For cron or a systemd timer."""

from __future__ import annotations

import datetime as dt

import click

from idmix.cli import command_actor, fail, main
from shared import clock


@main.command("send-reminders", help="Envoie les rappels, avis d'annulation et points aux orienteurs dus maintenant "
                                     "(ou à --at, pour rattraper un arrêt). À lancer toutes les 5 minutes.")
@click.option("--dry-run", is_flag=True, help="Montre ce qui partirait, sans rien enregistrer ni envoyer.")
@click.option("--at", "at", default=None, metavar="AAAA-MM-JJ HH:MM",
              help="Le moment à prendre en compte (heure de Paris), par défaut maintenant.")
def send_reminders(dry_run: bool, at: str | None) -> None:
    from shared.db import make_engine, make_sessionmaker
    from shared.messaging.dispatch import run
    from shared.messaging.senders import configured_senders

    moment = None
    if at:
        try:
            moment = dt.datetime.strptime(at.strip(), "%Y-%m-%d %H:%M").replace(tzinfo=clock.CENTRE_TZ)
        except ValueError:
            fail("--at : écrivez la date et l'heure sous la forme AAAA-MM-JJ HH:MM (ex. : 2026-03-11 18:00).")
        if moment > clock.now() + dt.timedelta(minutes=1) and not dry_run:
            fail("--at est dans le futur : rien ne part avant l'heure. Ajoutez --dry-run pour voir ce qui partira.")
    try:
        senders = configured_senders()
    except (ValueError, KeyError) as error:
        fail(str(error))
    engine = make_engine()
    try:
        sessions = make_sessionmaker(engine, actor_label=command_actor())  # guarded and journaled, as every door's
        report = run(sessions, at=moment, dry_run=dry_run, senders=senders)
    finally:
        engine.dispose()
    prefix = "Simulation : " if dry_run else ""
    if not report.queued:
        click.echo(f"{prefix}aucun nouveau message dû.")
    for (kind, channel), count in sorted(report.queued.items()):
        click.echo(f"{prefix}{count} × {kind} ({channel}) {'à préparer' if dry_run else 'préparé(s)'}")
    if not dry_run:
        click.echo(f"Envoyés : {report.sent}. Échecs : {report.failed}. À réessayer plus tard : {report.retry_later}.")
        if report.interrupted:
            click.echo(f"Envois interrompus lors d'un arrêt précédent (non renvoyés) : {report.interrupted}.")
    missing = [label for label, present in (("e-mail (IDMIX_SMTP_URL)", "email"), ("SMS (IDMIX_SMS_PROVIDER)", "sms"))
               if present not in {channel.value for channel in senders}]
    if report.waiting:
        click.echo(f"À envoyer (en attente) : {report.waiting}."
                   + (f" Non configuré : {', '.join(missing)}." if missing else ""))
