"""``idmix report``: the activity report of a group (or of every group) for a period, in a file.

The same tables as the back-office (``shared.reports.tables``), the same printable page
(``backoffice.report.rendering``) and the same CSV/XLSX files (``shared.reports.files``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
from sqlalchemy import func, select

from idmix.cli import fail, main, unit_of_work
from shared import clock
from shared.dates import fr
from shared.errors import DomainError

FORMATS = ("html", "csv", "xlsx")
EXTENSIONS = {".html": "html", ".htm": "html", ".csv": "csv", ".xlsx": "xlsx"}


class Day(click.ParamType):
    name = "AAAA-MM-JJ"

    def convert(self, value, param, ctx):
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            self.fail(f"« {value} » n'est pas une date : écrivez-la AAAA-MM-JJ (par exemple 2025-12-31).", param, ctx)


def find_group(db, reference: str):
    """A group by its id (``idmix groups``) or its exact name, case and surrounding spaces ignored."""
    from shared.groups.models import Group

    reference = reference.strip()
    group = db.get(Group, int(reference)) if reference.isdigit() else None
    if group is None:
        group = db.scalar(select(Group).where(func.lower(Group.name) == reference.lower()))
    if group is None:
        names = ", ".join(f"{g.id} ({g.name})" for g in db.scalars(select(Group).order_by(Group.id)))
        raise click.BadParameter(f"groupe inconnu « {reference} ». Groupes : {names or 'aucun'}.",
                                 param_hint="'--group'")
    return group


def output_format(chosen: str | None, output: Path) -> str:
    return chosen or EXTENSIONS.get(output.suffix.lower(), "html")


@main.command("report", help="Écrit le bilan d'activité d'un groupe (ou de tous les groupes) pour une période "
                             "dans un fichier : page HTML imprimable (A4), CSV ou XLSX.")
@click.option("--group", "group_ref", default=None, metavar="ID|NOM",
              help="Identifiant (idmix groups) ou nom du groupe ; sans cette option, tous les groupes.")
@click.option("--from", "start", type=Day(), required=True, help="Premier jour de la période (AAAA-MM-JJ).")
@click.option("--to", "end", type=Day(), required=True, help="Dernier jour de la période (AAAA-MM-JJ).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="html, csv ou xlsx ; par défaut d'après l'extension du fichier, sinon html.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Fichier à écrire (remplacé s'il existe).")
def report_command(group_ref: str | None, start: dt.date, end: dt.date, fmt: str | None, output: Path) -> None:
    from shared.evaluation.queries import review_of_period
    from shared.reports.figures import activity_report
    from shared.reports.files import report_csv, report_xlsx
    from shared.reports.tables import group_place

    if end < start:
        raise click.BadParameter(f"la fin de la période ({fr(end)}) doit être après son début "
                                 f"({fr(start)}).", param_hint="'--to'")
    fmt = output_format(fmt, output)
    with unit_of_work() as db:
        group = find_group(db, group_ref) if group_ref else None
        try:
            report = activity_report(db, period_from=start, period_to=end, group_id=group.id if group else None,
                                     today=clock.today())
        except DomainError as error:
            fail(error.message)
        label = group.name if group else "Tous les groupes"
        place = group_place(group) if group else None
        if fmt == "html":
            from backoffice.report.rendering import render_print

            review = None if group is None else db.scalar(review_of_period(group.id, start, end))
            content = render_print(report, label, place=place, review=review).encode("utf-8")
        else:
            content = (report_csv if fmt == "csv" else report_xlsx)(report, label, place=place)
    try:
        output.write_bytes(content)
    except OSError as error:
        fail(f"Impossible d'écrire « {output} » : {error.strerror or error}.")
    click.echo(f"Bilan d'activité ({label}, du {fr(start)} au {fr(end)}) écrit dans {output} ({fmt}).")
