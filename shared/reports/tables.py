"""The activity report as named tables (title, headers, rows), written once.

The report page, its print view, the CSV/XLSX exports and ``idmix report`` all lay out the report
with ``report_tables``; they differ only in how they draw a table. Labels are the French labels of
the enums (``LabelledEnum.label``); values stay numbers (rates in %, averages out of 4) until
``display`` formats them for a reader.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from shared.contracts.models import ObjectiveCategory, ObjectiveStatus
from shared.dates import fr, fr_day
from shared.feedback.models import Mood
from shared.feedback.queries import MIN_ANSWERS_FOR_AVERAGE
from shared.reports.figures import ActivityReport

Value = str | int | float | dt.date | None

MOODS_BEST_FIRST = tuple(reversed(Mood))


@dataclass(frozen=True)
class ReportTable:
    key: str  # stable: page anchors, chart look-up, CSV sections
    title: str
    sheet: str  # an XLSX sheet name (31 characters at most, unique)
    headers: tuple[str, ...]
    rows: tuple[tuple[Value, ...], ...]
    total: tuple[Value, ...] | None = None  # kept apart from the rows so that charts leave it out
    note: str | None = None  # read with the table: what is counted, or why figures are hidden

    @property
    def all_rows(self) -> tuple[tuple[Value, ...], ...]:
        return self.rows + ((self.total,) if self.total else ())


@dataclass(frozen=True)
class KeyFigure:
    label: str
    value: str  # formatted for a reader


def display(value: Value) -> str:
    """French formatting for a reader: 1 234 ; 81,5 ; 13/03/2025 ; — for "no figure"."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int):
        return f"{value:,}".replace(",", "\u202f")
    if isinstance(value, float):
        return f"{value:,.1f}".replace(",", "\u202f").replace(".", ",")
    if isinstance(value, dt.date):
        return fr(value)
    return str(value)


def period_label(report: ActivityReport) -> str:
    scope = report.scope
    if (scope.period_from.month, scope.period_from.day, scope.period_to.month, scope.period_to.day) == (1, 1, 12, 31) \
            and scope.period_from.year == scope.period_to.year:
        return f"année {scope.period_from.year} (du 1er janvier au 31 décembre)"
    return f"du {fr_day(scope.period_from)} au {fr_day(scope.period_to)}"


def group_place(group) -> str:
    """Where a group meets, for the heading: "district, premises"."""
    return ", ".join(part for part in (group.district, group.location) if part)


def report_meta(report: ActivityReport, group_label: str, place: str | None = None) -> list[tuple[str, str]]:
    """The heading of every copy of the report: which group (and where), which period, when it was edited."""
    return [
        ("Action collective", group_label),
        *((("Lieu", place),) if place else ()),
        ("Période", period_label(report)),
        ("Édité le", fr_day(report.scope.today)),
    ]


def _percent(rate: float | None) -> float | None:
    return None if rate is None else round(rate * 100, 1)


def _counts(pairs) -> tuple[tuple[Value, ...], ...]:
    return tuple((getattr(key, "label", key), n) for key, n in pairs)


def report_tables(report: ActivityReport) -> list[ReportTable]:
    """Every table of the report, in reading order."""
    s, a, p, c = report.sessions, report.attendance, report.people, report.contracts
    status_day = fr(report.scope.last_day_so_far)
    tables = [
        ReportTable(
            "sessions", "Séances", "Séances", ("Séances", "Nombre"),
            (("Tenues", s.held), ("Annulées", s.cancelled), ("Prévues, pas encore tenues", s.planned)),
        ),
        ReportTable(
            "attendance", "Présences", "Présences", ("Présences aux séances tenues", "Valeur"),
            (
                ("Présences", a.present),
                ("dont sous contrat", a.present_under_contract),
                ("dont en période d'essai", a.present_on_trial),
                ("Présences attendues", a.expected),
                ("Présences par séance (moyenne)", a.per_session),
                ("Taux de présence (%)", _percent(a.rate)),
            ),
            note="Présences attendues : les personnes sous contrat le jour de la séance, plus les personnes "
                 "venues en essai. Taux de présence = présences ÷ présences attendues.",
        ),
        ReportTable(
            "people_status", "Personnes suivies, par situation", "Personnes par situation",
            ("Situation", "Personnes"), _counts(p.by_status.items()), ("Total", p.total),
            note="Personnes suivies : orientées pendant la période, venues à une séance ou sous contrat pendant "
                 f"la période. Situation au {status_day}.",
        ),
        ReportTable(
            "people_gender", "Personnes suivies, par sexe", "Personnes par sexe",
            ("Sexe", "Personnes"), _counts(p.by_gender.items()), ("Total", p.total),
        ),
        ReportTable(
            "people_age", "Personnes suivies, par tranche d'âge", "Personnes par âge",
            ("Tranche d'âge", "Personnes"), _counts(p.by_age_band.items()), ("Total", p.total),
            note=f"Âge atteint en {report.scope.period_to.year}, d'après l'année de naissance.",
        ),
        ReportTable(
            "people_benefit", "Personnes suivies, par minimum social perçu", "Personnes par ressource",
            ("Minimum social", "Personnes"), _counts(p.by_benefit.items()), ("Total", p.total),
        ),
        ReportTable(
            "referrals", "Orientations, par fonction du travailleur social orienteur", "Orientations",
            ("Fonction de l'orienteur", "Orientations"), _counts(report.referrals.by_job.items()),
            ("Total", report.referrals.total), note="Orientations datées de la période.",
        ),
        ReportTable(
            "contracts", "Contrats de participation", "Contrats", ("Contrats", "Nombre"),
            (
                ("Signés pendant la période", c.signed),
                ("dont premiers contrats", c.first_contracts),
                ("dont renouvellements", c.renewals),
                ("En cours pendant la période", c.in_force),
                ("Terminés pendant la période", c.ended),
                ("dont fins anticipées", c.ended_early),
            ),
            note="Un contrat est signé le jour de la dernière des trois signatures ; un contrat qui court sur "
                 "deux années compte dans les deux.",
        ),
        _objectives_table(report),
        ReportTable(
            "exits", "Sorties, par destination", "Sorties", ("Destination", "Sorties"),
            _counts(report.exits.by_destination.items()), ("Total", report.exits.total),
            note="Sorties datées de la période, selon la destination réelle.",
        ),
        *_mood_tables(report),
    ]
    if report.openness is not None:
        tables += _openness_tables(report)
    if report.decisions is not None:
        d = report.decisions
        tables.append(ReportTable(
            "decisions", "Décisions prises avec le groupe", "Décisions", ("Votes sur la tablette", "Nombre"),
            (("Votes tenus", d.votes_held), ("Personnes qui ont voté", d.participants), ("Voix exprimées", d.ballots)),
            note="Votes ouverts pendant la période ; le vote est secret, seule la participation est comptée.",
        ))
    return tables


def _openness_tables(report: ActivityReport) -> list[ReportTable]:
    """« Ouverture sur l'extérieur »: meeting other groups and partners, and exits towards partners."""
    o = report.openness
    to_partners = report.exits.to_partners or {}
    return [
        ReportTable(
            "openness", "Ouverture sur l'extérieur", "Ouverture", ("Rencontres", "Nombre"),
            (("Séances communes avec d'autres groupes", o.joint_sessions),
             ("Autres groupes rencontrés", len(o.groups_met)),
             ("Séances avec un partenaire", o.partner_sessions),
             ("dont chez le partenaire", o.at_partner_sessions),
             ("Partenaires rencontrés", len(o.partners_met)),
             ("Sorties vers une structure partenaire", sum(to_partners.values()))),
            note="Séances tenues pendant la période ; une séance commune compte pour chacun de ses groupes.",
        ),
        ReportTable(
            "openness_groups", "Groupes rencontrés en séance commune", "Groupes rencontrés",
            ("Groupe", "Séances communes"), tuple(o.groups_met.items()),
        ),
        ReportTable(
            "openness_partners", "Partenaires rencontrés en séance", "Partenaires rencontrés",
            ("Partenaire", "Séances"), tuple(o.partners_met.items()),
        ),
        ReportTable(
            "openness_exits", "Sorties vers un partenaire, par type de structure", "Sorties vers partenaires",
            ("Type de structure", "Sorties"), _counts(to_partners.items()), ("Total", sum(to_partners.values())),
            note="Sorties datées de la période dont la structure d'accueil est dans l'annuaire des partenaires.",
        ),
    ]


def _objectives_table(report: ActivityReport) -> ReportTable:
    cells = report.objectives.by_category_and_outcome
    outcomes = list(ObjectiveStatus)
    rows = tuple(
        (category.label, *(cells[(category, outcome)] for outcome in outcomes),
         sum(cells[(category, outcome)] for outcome in outcomes))
        for category in ObjectiveCategory
    )
    by_outcome = report.objectives.by_outcome()
    return ReportTable(
        "objectives", "Objectifs des contrats, par catégorie et résultat", "Objectifs",
        ("Catégorie", *(o.label for o in outcomes), "Total"), rows,
        ("Total", *(by_outcome[o] for o in outcomes), report.objectives.total),
        note="Objectifs des contrats en cours pendant la période ; résultat noté au dernier bilan du contrat.",
    )


def _mood_tables(report: ActivityReport) -> list[ReportTable]:
    moods = report.moods
    hidden = moods.by_mood is None
    if hidden:
        note = (f"Moins de {MIN_ANSWERS_FOR_AVERAGE} avis sur la période : ni répartition ni moyenne, pour que "
                "personne ne puisse être reconnu.")
    else:
        note = (f"Humeur moyenne : {display(moods.average)} sur 4 (1 = pas bien du tout, 4 = très bien). "
                "Avis anonymes ou signés laissés sur la tablette.")
    overall = ReportTable(
        "moods", "Humeur exprimée sur la tablette", "Humeurs", ("Humeur", "Avis"),
        () if hidden else _counts((mood, moods.by_mood[mood]) for mood in MOODS_BEST_FIRST),
        None if hidden else ("Total", moods.answers), note=note,
    )
    per_session = ReportTable(
        "moods_sessions", "Humeur moyenne par séance", "Humeur par séance",
        ("Séance du", "Avis", "Humeur moyenne (sur 4)"),
        tuple((m.held_on, m.answers, m.average) for m in moods.sessions),
        note=f"Seulement les séances avec au moins {MIN_ANSWERS_FOR_AVERAGE} avis.",
    )
    return [overall, per_session]


def key_figures(report: ActivityReport) -> list[KeyFigure]:
    """The few figures shown first, and beside the evaluation of the action."""
    a, o = report.attendance, report.objectives
    achieved = o.by_outcome()[ObjectiveStatus.ACHIEVED]
    rate = _percent(a.rate)
    return [
        KeyFigure("Séances tenues", display(report.sessions.held)),
        KeyFigure("Personnes suivies", display(report.people.total)),
        KeyFigure("Taux de présence", "—" if rate is None else f"{display(rate)} %"),
        KeyFigure("Orientations", display(report.referrals.total)),
        KeyFigure("Contrats signés", display(report.contracts.signed)),
        KeyFigure("Objectifs atteints", f"{display(achieved)} sur {display(o.total)}"),
        KeyFigure("Sorties", display(report.exits.total)),
        KeyFigure("Humeur moyenne", "—" if report.moods.average is None else f"{display(report.moods.average)} / 4"),
    ]
