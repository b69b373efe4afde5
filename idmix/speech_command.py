"""``idmix parole``: the tablet's fixed spoken texts made ahead of use (kiosk.speech), run at install."""

from __future__ import annotations

import subprocess

import click

from idmix.cli import fail, main


@main.command("parole", help="Prépare le son des textes fixes de la tablette (espeak-ng), à lancer à l'installation.")
def prepare_speech() -> None:
    from kiosk import DEFAULTS, from_environment
    from kiosk.speech import cache_dir, encoder, engine, prepare_fixed
    from shared.settings import secret_key

    settings = DEFAULTS | from_environment()  # the speech settings from the environment, as the tablet reads them
    program = engine(settings)
    if program is None:
        fail(f"{settings['KIOSK_SPEECH_ENGINE']} n'est pas installé (apt-get install espeak-ng) : "
             "la tablette se servira de sa propre voix.")
    folder = cache_dir(settings)
    mp3_encoder = encoder(settings)
    if mp3_encoder is None:
        click.echo("lame n'est pas installé (apt-get install lame) : les sons seront en WAV, "
                   "une quinzaine de fois plus lourds que les MP3.", err=True)
    try:
        made = prepare_fixed(program, folder, secret_key(), mp3_encoder)
    except (OSError, subprocess.SubprocessError):
        fail("Les sons n'ont pas pu être préparés (espeak-ng a échoué) : réessayez.")
    kind = "MP3" if mp3_encoder else "WAV"
    click.echo(f"Sons des textes fixes prêts ({kind}) dans {folder} ({made} nouveau(x)). "
               "Relancez la tablette pour les charger.")
