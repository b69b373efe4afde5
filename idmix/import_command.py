"""``idmix import``: a group's spreadsheets brought in from the command line (an administrator migrating several
groups), through the same reading, checks and operations as the back-office's page (``shared.imports``)."""

from __future__ import annotations

from pathlib import Path

import click

from idmix.cli import fail, main, unit_of_work
from idmix.report_command import find_group
from shared.errors import DomainError
from shared.imports.columns import ImportKind
from shared.imports.readers import check_size
from shared.imports.run import prepare, run_import
from shared.text import french_spacing

NBSP = "\u00a0"
KINDS = [kind.code for kind in ImportKind]


@main.command("import", help=f"Importe un fichier XLSX, XLS, ODS ou CSV dans un groupe{NBSP}: personnes et "
                             "orientations, contrats, ou séances et présences (une ligne par présence, ou une grille "
                             "personnes × dates). Chaque ligne passe par les mêmes règles que les formulaires{NBSP}; "
                             "rien n'est enregistré si une ligne est refusée.")
@click.argument("file", metavar="FICHIER")
@click.option("--kind", type=click.Choice(KINDS), default=None,
              help="Ce que contient le fichier (sinon, deviné d'après les titres des colonnes).")
@click.option("--group", "group_ref", default=None, metavar="ID|NOM",
              help="Identifiant (idmix groups) ou nom du groupe (facultatif s'il n'y a qu'un groupe).")
@click.option("--dry-run", is_flag=True, help="Vérifie tout et dit ce qui serait créé, sans rien enregistrer.")
def import_file(file: str, kind: str | None, group_ref: str | None, dry_run: bool) -> None:
    path = Path(file)
    try:
        check_size(path.stat().st_size)
        data = path.read_bytes()
    except DomainError as error:
        fail(error.message)
    except OSError:
        fail(f"Fichier introuvable ou illisible{NBSP}: {file}")
    with unit_of_work() as db:
        group = _group(db, group_ref)
        try:
            prepared = prepare(db, data, path.name, kind=ImportKind.from_code(kind))
        except DomainError as error:
            fail(error.message)
        say(f"{path.name} : {prepared.kind.label.lower()}, groupe « {group.name} », {len(prepared.data_rows)} "
            "ligne(s) sous les titres des colonnes.")
        with click.progressbar(length=len(prepared.data_rows), label="Lignes", show_eta=False) as bar:
            done = [0]

            def advance(n: int) -> None:
                bar.update(n - done[0])
                done[0] = n

            report = run_import(db, prepared, group=group, actor=None, progress=advance)
        for line in report.summary() or ["rien à créer ni à changer"]:
            say(f"  {line}")
        if not report.ok:
            for problem in report.problems:
                click.echo(str(problem), err=True)
            fail(f"Rien n'a été enregistré{NBSP}: {len(report.problems)} problème(s) à corriger dans le fichier.")
        if dry_run:
            db.rollback()
            click.echo(f"Vérification seulement (--dry-run){NBSP}: rien n'a été enregistré.")
            return
    click.echo("Import enregistré.")


def say(text: str) -> None:
    click.echo(french_spacing(text))


def _group(db, reference: str | None):
    from sqlalchemy import select

    from shared.groups.models import Group

    if reference is not None:
        return find_group(db, reference)
    groups = list(db.scalars(select(Group).order_by(Group.id).limit(2)))
    if len(groups) != 1:
        fail(f"Indiquez le groupe{NBSP}: --group ID (la liste{NBSP}: idmix groups).")
    return groups[0]
