"""``idmix parole``: the tablet's fixed spoken texts made ahead of use (kiosk.speech), run at install."""

from __future__ import annotations

import subprocess

import click

from idmix.cli import fail, main


@main.command("parole", help="Prépare le son des textes fixes de la tablette (espeak-ng), à lancer à l'installation.")
def prepare_speech() -> None:
    from kiosk import from_environment
    from kiosk.speech import cache_dir, engine, prepare_fixed
    from shared.settings import secret_key

    settings = from_environment()  # IDMIX_KIOSK_SPEECH_ENGINE, IDMIX_KIOSK_SPEECH_CACHE: as the tablet reads them
    program = engine(settings)
    if program is None:
        name = settings.get("KIOSK_SPEECH_ENGINE") or "espeak-ng"
        fail(f"{name} n'est pas installé (apt-get install espeak-ng) : la tablette se servira de sa propre voix.")
    folder = cache_dir(settings)
    try:
        made = prepare_fixed(program, folder, secret_key())
    except (OSError, subprocess.SubprocessError):
        fail("Les sons n'ont pas pu être préparés (espeak-ng a échoué) : réessayez.")
    click.echo(f"Sons des textes fixes prêts dans {folder} ({made} nouveau(x)). Relancez la tablette pour les charger.")
