"""The import page: upload a file, correct its columns, read the preview, confirm.

Admins import into any group, facilitators into theirs (``shared.imports.run.check_may_import``); referrers
never see the page. The preview runs every row through the operations and rolls back; the confirmation runs
them again and the request's one commit keeps everything, or nothing when a row is refused.
"""

from __future__ import annotations

from pathlib import Path

from flask import abort, flash, jsonify, redirect, request, send_from_directory, url_for
from flask_admin import expose
from sqlalchemy import select

from shared.alphabetical import alphabetical
from shared.db import id_from_text, number_from_text
from shared.errors import DomainError
from shared.groups.models import Group
from shared.imports.columns import IGNORED, ImportKind, field_labels
from shared.imports.readers import MAX_BYTES, check_size
from shared.imports.run import ImportReport, Prepared, Problem, check_may_import, prepare, run_import
from shared.text import french_spacing

from ..core.actions import WRITE_ROLES, ActionView
from ..extensions import db
from ..scope import current_staff, scoped
from . import holding, progress
from .forms import UploadForm

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "exemples"
EXAMPLE_FILES = ("personnes.csv", "contrats.csv", "presences-grille.csv", "presences-lignes.csv")
SAMPLE_ROWS = 5
PROBLEMS_SHOWN = 500
NO_FILE = "Choisissez le fichier à importer."
EXPIRED = "Le fichier déposé n'est plus disponible (il est gardé un jour) : déposez-le à nouveau."


class ImportView(ActionView):
    allowed_roles = WRITE_ROLES
    in_menu = True

    def _groups(self) -> list[Group]:
        return list(db.session.scalars(scoped(select(Group), Group).order_by(*alphabetical(Group.name))))

    def _group(self, group_id) -> Group:
        """A group the signed-in staff member may import into: 404 if unknown, 403 with the reason if not theirs."""
        group = db.session.get(Group, group_id) if isinstance(group_id, int) else None
        if group is None:
            abort(404)
        try:
            check_may_import(current_staff(), group)
        except DomainError as error:
            abort(403, error.message)
        return group

    @expose("/", methods=("GET", "POST"))
    def index(self):
        form = UploadForm()
        form.group.choices = [(g.id, g.name) for g in self._groups()]
        errors = []
        if form.validate_on_submit():
            group = self._group(form.group.data)
            upload = form.file.data
            if upload is None or not getattr(upload, "filename", ""):
                errors.append(NO_FILE)
            else:
                data = upload.read(MAX_BYTES + 1)
                try:
                    check_size(len(data))
                    prepared = prepare(db.session, data, upload.filename, kind=ImportKind.from_code(form.kind.data))
                except DomainError as error:
                    errors.append(error.message)
                else:
                    token = holding.hold(data, file_name=upload.filename, staff_id=current_staff().id)
                    return self._preview(prepared, group, token)
        elif request.method == "POST" and "csrf_token" in form.errors:
            errors.append("Le formulaire a expiré : rechargez la page et réessayez.")
        return self.render("imports/upload.html", form=form, errors=[french_spacing(e) for e in errors],
                           examples=EXAMPLE_FILES, limit_mb=MAX_BYTES // 1024 // 1024,
                           progress_key=progress.new_key())

    @expose("/preview", methods=("POST",))
    def preview(self):
        prepared, group, token, refusal = self._posted()
        if refusal is not None:
            return self._render_preview(prepared, group, token, refusal)
        return self._preview(prepared, group, token)

    @expose("/confirm", methods=("POST",))
    def confirm(self):
        prepared, group, token, refusal = self._posted()
        if refusal is not None:
            return self._render_preview(prepared, group, token, refusal)
        report = run_import(db.session, prepared, group=group, actor=current_staff(),
                            progress=_tracker(prepared, progress.IMPORT))
        if not report.ok:
            db.session.rollback()  # all or nothing
            return self._render_preview(prepared, group, token, report)
        holding.discard(token)
        flash(french_spacing(f"Import de « {prepared.file_name} » enregistré : {', '.join(report.summary())}."),
              "success")
        return redirect(url_for(".index"))

    @expose("/progress/<key>")
    def progress_state(self, key: str):
        """How far the check or the import sent with this key has gone: counts only."""
        state = progress.read(key, staff_id=current_staff().id)
        if state is None:
            abort(404)
        return jsonify(state)

    @expose("/exemple/<file_name>")
    def example(self, file_name: str):
        if file_name not in EXAMPLE_FILES:
            abort(404)
        return send_from_directory(EXAMPLES, file_name, as_attachment=True, mimetype="text/csv")

    def _posted(self) -> tuple[Prepared, Group, str, ImportReport | None]:
        """The held file, its group and kind, and the columns as the user set them on the preview; a report
        with the reason when those columns cannot be used (« Nom » missing, a field given twice)."""
        group = self._group(id_from_text(request.form.get("group")))
        token = request.form.get("token", "")
        found = holding.held(token, staff_id=current_staff().id)
        kind = ImportKind.from_code(request.form.get("kind"))
        if found is None or kind is None:
            flash(french_spacing(EXPIRED), "error")
            abort(redirect(url_for(".index")))
        data, file_name = found
        allowed = set(field_labels(kind))
        mapping = {number_from_text(name[7:]): value for name, value in request.form.items()
                   if name.startswith("column-") and value in allowed and number_from_text(name[7:]) is not None}
        try:
            return prepare(db.session, data, file_name, kind=kind, mapping=mapping), group, token, None
        except DomainError as error:
            prepared = prepare(db.session, data, file_name, kind=kind)
            prepared.layout.mapping = mapping
            refusal = ImportReport(kind=kind, file_name=file_name, problems=[Problem(None, None, error.message)])
            return prepared, group, token, refusal

    def _preview(self, prepared: Prepared, group: Group, token: str):
        report = run_import(db.session, prepared, group=group, actor=current_staff(),
                            progress=_tracker(prepared, progress.CHECK))
        db.session.rollback()  # a preview writes nothing
        return self._render_preview(prepared, group, token, report)

    def _render_preview(self, prepared: Prepared, group: Group, token: str, report: ImportReport):
        layout = prepared.layout
        sample = [values for _number, values in prepared.data_rows[:SAMPLE_ROWS]]
        return self.render(
            "imports/preview.html", prepared=prepared, group=group, token=token, report=report,
            headers=layout.headers, mapping=layout.mapping, choices=[(IGNORED, "— ne pas importer —")]
            + list(field_labels(prepared.kind).items()), sample=sample,
            problems=[str(p) for p in report.problems[:PROBLEMS_SHOWN]],
            more_problems=max(0, len(report.problems) - PROBLEMS_SHOWN),
            summary=report.summary(), sheet=prepared.sheet, progress_key=progress.new_key())


def _tracker(prepared: Prepared, phase: str):
    """The progress of this request's rows, under the key its form sent (none: no progress kept)."""
    return progress.tracker(request.form.get("progress"), staff_id=current_staff().id, phase=phase,
                            total=len(prepared.data_rows))

