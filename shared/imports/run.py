"""An import from start to end: the file read, its columns, every row through the operations, a report.

``run_import`` writes through the operations of ``shared/`` in the caller's transaction, each row in a
savepoint so that a refused row is undone and the next rows are still checked (or a batch of rows in one
savepoint, run again row by row from the first refused one). The caller rolls the
transaction back for a preview, and commits it on confirmation only when the report has no problem: all or
nothing. A confirmed import is one entry of the journal by its author, with what it created.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as DbSession

from shared import clock
from shared.audit.models import AuditAction
from shared.audit.recorder import note
from shared.errors import DomainError
from shared.groups.models import Group
from shared.imports import rows as handlers
from shared.imports.columns import (SESSION, ImportKind, Layout, check_mapping, field_labels, find_layout,
                                    guess_kind)
from shared.imports.errors import ImportRefused
from shared.imports.mappings import remember_mapping, remembered
from shared.imports.matching import PeopleIndex, StaffIndex
from shared.imports.readers import Sheet, read_sheets
from shared.sessions.models import Session
from shared.staff.models import Role, StaffMember
from shared.text import french_spacing
from shared.writes import batched, operation

HANDLERS = {ImportKind.PEOPLE: handlers.import_person, ImportKind.CONTRACTS: handlers.import_contract,
            ImportKind.ATTENDANCE: handlers.import_attendance}
# The kinds whose rows run in batches: their operations read what they check from ``handlers.prefetch`` and the
# import's indexes, which follow the batch. A contract's rules read the person's other contracts from the
# database, which a batch has not written yet: contracts run row by row.
BATCHED = frozenset({ImportKind.PEOPLE, ImportKind.ATTENDANCE})
BATCH = 500
# What the preview counts, in the order it says it.
COUNTED = (
    ("people_created", "personne à créer", "personnes à créer"),
    ("people_updated", "personne à mettre à jour", "personnes à mettre à jour"),
    ("people_unchanged", "personne déjà connue, inchangée", "personnes déjà connues, inchangées"),
    ("referrals_created", "nouvelle orientation", "nouvelles orientations"),
    ("referrers_created", "orienteur à créer (contact sans compte)", "orienteurs à créer (contacts sans compte)"),
    ("contracts_created", "contrat à créer", "contrats à créer"),
    ("contracts_unchanged", "contrat déjà connu", "contrats déjà connus"),
    ("signatures", "signature", "signatures"),
    ("sessions_created", "séance à créer", "séances à créer"),
    ("attendances_created", "présence à noter", "présences à noter"),
    ("attendances_updated", "présence à corriger", "présences à corriger"),
    ("attendances_unchanged", "présence déjà notée", "présences déjà notées"),
)
# An operation's error field that has no column of its own: the column that says the same.
FIELD_ALIASES = {"participant": "last_name", "email": "referrer", "group": "last_name"}
ACTOR_NOT_ALLOWED = "Seuls les administrateurs et les animateurs de ce groupe importent ses données."


def check_may_import(actor: StaffMember | None, group: Group) -> None:
    """Admins import into any group, facilitators into theirs; referrers never. ``None``: the command line."""
    if actor is None or actor.role is Role.ADMIN:
        return
    if actor.role is Role.FACILITATOR and any(g.id == group.id for g in actor.groups):
        return
    raise ImportRefused(ACTOR_NOT_ALLOWED)


@dataclass
class Prepared:
    """A file read and understood: its sheet, kind and column layout, before any row is run."""

    sheet: Sheet
    kind: ImportKind
    layout: Layout
    file_name: str
    file_digest: str
    mapping_remembered: bool = False

    @property
    def data_rows(self) -> list[tuple[int, list]]:
        return self.sheet.rows[self.layout.header_row + 1:]


def prepare(db: DbSession, data: bytes, file_name: str, *, kind: ImportKind | None = None,
            mapping: dict[int, str] | None = None) -> Prepared:
    """Read the file, choose its sheet and kind, guess (or take back, or take as corrected) its columns."""
    sheets = read_sheets(data, file_name)
    refusal = None
    for sheet in sheets:
        try:
            sheet_kind = kind or guess_kind(sheet.rows)
            layout = find_layout(sheet_kind, sheet.rows)
        except ImportRefused as error:
            refusal = refusal or error
            continue
        prepared = Prepared(sheet=sheet, kind=sheet_kind, layout=layout, file_name=file_name,
                            file_digest=hashlib.sha256(data).hexdigest())
        if mapping is not None:
            layout.mapping = {column: key for column, key in mapping.items() if key and column < len(layout.headers)}
        elif (saved := remembered(db, sheet_kind, layout)) is not None:
            layout.mapping, prepared.mapping_remembered = saved, True
        check_mapping(sheet_kind, layout.mapping, layout.headers)
        return prepared
    raise refusal


@dataclass
class Problem:
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"Ligne {self.row}" if self.row is not None else "Fichier"
        if self.column:
            where += f", colonne {self.column}"
        return french_spacing(f"{where} : {self.message}")


@dataclass
class ImportReport:
    kind: ImportKind
    file_name: str
    rows_read: int = 0
    counts: Counter = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)
    created: dict[str, list[int]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> list[str]:
        """« 12 personnes à créer », … in the preview's order; nothing for a zero."""
        return [f"{self.counts[key]} {one if self.counts[key] == 1 else many}"
                for key, one, many in COUNTED if self.counts[key]]


def run_import(db: DbSession, prepared: Prepared, *, group: Group, actor: StaffMember | None,
               progress: Callable[[int], None] | None = None) -> ImportReport:
    """Every row through the operations. The caller rolls back (preview) or commits when ``report.ok``.

    ``progress(rows done)`` is called as the rows go (after each batch), over ``len(prepared.data_rows)``."""
    check_may_import(actor, group)
    ctx = handlers.RowContext(db=db, group=group, actor=actor, people=PeopleIndex.load(db),
                              staff=StaffIndex.load(db))
    ctx.sessions = {s.held_on: s for s in db.scalars(select(Session).where(Session.group_id == group.id))}
    layout = prepared.layout
    report = ImportReport(kind=prepared.kind, file_name=prepared.file_name)
    rows = [(done, row) for done, (number, values) in enumerate(prepared.data_rows, start=1)
            if (row := _row(number, values, layout)) is not None]
    report.rows_read = len(rows)
    runner = _Runner(db, ctx, HANDLERS[prepared.kind], report, _column_names(prepared.kind, layout))
    if prepared.kind in BATCHED:
        runner.run_in_batches(rows, progress)
    else:
        for done, row in rows:
            runner.run_alone(row)
            if progress is not None:
                progress(done)
    if progress is not None:
        progress(len(prepared.data_rows))
    report.counts = ctx.counts
    report.created = {what: [record.id for record in records] for what, records in ctx.created.items()}
    if report.rows_read == 0:
        report.problems.append(Problem(None, None, "aucune ligne à importer sous les titres des colonnes."))
    if report.ok:
        remember_mapping(db, prepared.kind, layout)
        journal_import(db, prepared, report, actor)
    return report


class _Runner:
    """Rows through their handler: alone, each in its savepoint (a refused row is undone, the next rows are
    still checked); or in batches, which is the same for a file with no refused row, only faster."""

    def __init__(self, db: DbSession, ctx: handlers.RowContext, handle, report: ImportReport,
                 columns: dict[str, str]) -> None:
        self.db, self.ctx, self.handle, self.report, self.columns = db, ctx, handle, report, columns

    def run_alone(self, row: handlers.Row) -> None:
        db, ctx = self.db, self.ctx
        savepoint = db.begin_nested()
        try:
            self.handle(ctx, row)
        except handlers.RowProblem as problem:
            savepoint.rollback()
            ctx.forget()
            self.report.problems.extend(
                Problem(row.number, self.columns.get(key) if key else None, handlers.lower_first(message))
                for key, message in problem.problems)
        except DomainError as error:
            savepoint.rollback()
            ctx.forget()
            self.report.problems.append(Problem(row.number, self.columns.get(error.field) if error.field else None,
                                                handlers.lower_first(error.message)))
        else:
            savepoint.commit()
            ctx.keep()

    def run_batch(self, rows: list[handlers.Row]) -> int | None:
        """The rows in one savepoint, their operations' writes flushed once at the end (``shared.writes.batched``).
        None when every row passed and was written; else how many rows passed before one was refused (all of
        them when the database refused the batch), every row of the batch undone."""
        db, ctx = self.db, self.ctx
        restore = ctx.snapshot()
        savepoint = db.begin_nested()
        passed = 0
        try:
            with batched(db):
                handlers.prefetch(ctx, rows)
                for row in rows:
                    self.handle(ctx, row)
                    ctx.keep()
                    passed += 1
        except (handlers.RowProblem, DomainError, IntegrityError):
            savepoint.rollback()
            restore()
            return passed
        savepoint.commit()
        return None

    def run_in_batches(self, rows: list[tuple[int, handlers.Row]], progress: Callable[[int], None] | None) -> None:
        """Batches of up to ``BATCH`` rows. A refused row is run alone, after the rows before it in its batch are
        run again; when the database refuses a batch (a constraint), its rows are run alone. After a refusal the
        batches are smaller for a while: a file with many refused rows is checked row by row."""
        start, size = 0, BATCH
        while start < len(rows):
            batch = [row for _done, row in rows[start:start + size]]
            if size == 1:
                refused = len(self.report.problems)
                self.run_alone(batch[0])
                start += 1
                size = 1 if len(self.report.problems) > refused else 2
            elif (passed := self.run_batch(batch)) is None:
                start += len(batch)
                size = min(BATCH, size * 2)
            elif passed == len(batch):
                for row in batch:
                    self.run_alone(row)
                start += len(batch)
                size = max(1, size // 10)
            else:
                if passed and self.run_batch(batch[:passed]) is None:
                    start += passed
                self.run_alone(rows[start][1])
                start += 1
                size = max(1, size // 10)
            if progress is not None:
                progress(rows[start - 1][0])


def _row(number: int, values: list, layout: Layout) -> handlers.Row | None:
    row = handlers.Row(number=number, values={})
    for column, key in layout.mapping.items():
        value = values[column] if column < len(values) else None
        if key == SESSION:
            row.sessions[layout.headers[column]] = value
        elif key:
            row.values[key] = value
    if all(value is None for value in row.values.values()):
        return None  # an empty line, or a line of totals under a grid
    return row


def _column_names(kind: ImportKind, layout: Layout) -> dict[str, str]:
    """A field's key (and an operation's error field) → the column's title as the file writes it."""
    names = {key: layout.headers[column] or field_labels(kind).get(key, key)
             for column, key in layout.mapping.items() if key and key != SESSION}
    names.update({f"session:{layout.headers[c]}": layout.headers[c] for c, key in layout.mapping.items()
                  if key == SESSION})
    for alias, key in FIELD_ALIASES.items():
        if key in names:
            names.setdefault(alias, names[key])
    return names


@operation
def journal_import(db: DbSession, prepared: Prepared, report: ImportReport, actor: StaffMember | None) -> None:
    """One entry for the whole import, by its author: the file, its kind, and what it created."""
    created = "; ".join(
        f"{len(ids)} {next(many for key, _one, many in COUNTED if key == what).replace(' à créer', '')} "
        f"(n° {', '.join(str(i) for i in ids[:200])}{', …' if len(ids) > 200 else ''})"
        for what, ids in report.created.items() if ids)
    updated = ", ".join(line for line in report.summary() if "mettre à jour" in line or "corriger" in line)
    changes = {"file": [None, prepared.file_name], "kind": [None, prepared.kind.label],
               "rows": [None, str(report.rows_read)], "created": [None, created or "rien"]}
    if updated:
        changes["updated"] = [None, updated]
    note(db, action=AuditAction.CREATE, table_name="import", record_id=prepared.file_digest[:16], changes=changes,
         now=clock.now(), actor=actor)
