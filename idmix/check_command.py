"""``idmix check``: the installation's checks (idmix/checks.py), in French, exit status 1 when one must be fixed."""

from __future__ import annotations

import os
import sys

import click

from idmix.cli import main
from shared.db import default_instance_path


@main.command(help="Vérifie l'installation (clés, base, fuseau, HTTPS, SMTP, SMS, droits, sauvegardes) "
                   "et dit comment corriger. Ne modifie rien, n'envoie rien.")
def check() -> None:
    from idmix.checks import Level, run_checks

    # Not shared.db.database_url(): it would make the instance folder (700) that the checks inspect.
    database = os.environ.get("IDMIX_DATABASE_URL") or f"sqlite:///{default_instance_path() / 'idmix.sqlite3'}"
    findings = run_checks(database)
    for finding in findings:
        click.echo(str(finding))
    errors = sum(finding.level is Level.ERROR for finding in findings)
    if errors:
        click.secho(f"{errors} point(s) à corriger.", fg="red", err=True)
        sys.exit(1)
    click.echo("Installation prête.")
