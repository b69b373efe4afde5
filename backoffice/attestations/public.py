"""The public verification page of an attestation, no sign-in: ``/admin/attestation/<code>``.

Unlisted (an unguessable code, ``noindex``), and rate-limited per client address with the sign-in throttle's
mechanism (``shared.staff.throttling``, counters in the database shared by every server process): unknown codes
count as failures; past a few, the address waits before any code is looked up, valid or not. It shows what the
PDF shows while the attestation is valid, only « révoquée » once revoked, a French 404 for an unknown code."""

from __future__ import annotations

from flask import Blueprint, g, render_template, request

from shared import clock
from shared.attestations.codes import normalised
from shared.attestations.queries import by_code
from shared.staff import throttling

from ..extensions import db
from . import document

bp = Blueprint("attestation_public", __name__, url_prefix="/attestation")

NOT_FOUND = ("Aucune attestation ne porte ce code. Vérifiez-le (12 signes, par exemple K7QM-3XTA-9HCE) ; "
             "les lettres O et I et les chiffres 0 et 1 n'y figurent jamais.")


@bp.after_request
def _unlisted(response):
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.get("")
def lookup():
    """The code typed in the page's own box; no code: the box alone."""
    typed = request.args.get("code", "")
    if not isinstance(typed, str) or not typed.strip():
        return _answer("Vérifier une attestation de parcours", "Tapez le code écrit sous le QR code de l'attestation.")
    return show(typed)


@bp.get("/<code>")
def show(code: str):
    keys = {throttling.VERIFICATION: throttling.verification_key(request.remote_addr)}
    now = clock.now()
    wait = throttling.wait_left(db.session, keys, now)
    if wait:
        return _answer("Trop d'essais", f"Trop de codes inconnus depuis cette adresse : réessayez dans "
                       f"{throttling.french_wait(wait)}.", status=429, waiting=True)
    found = normalised(code[:40])
    attestation = db.session.scalar(by_code(found)) if found else None
    if attestation is None:
        throttling.record_failure(db.session, keys, now)
        g.idmix_keep_refusal = True  # backoffice.transactions: the failure counts although the answer is a 404
        return _answer("Attestation introuvable", NOT_FOUND, status=404)
    return document.render("attestations/public.html", attestation, title="Attestation de parcours")


def _answer(title: str, message: str, *, status: int = 200, waiting: bool = False):
    return render_template("attestations/public.html", attestation=None, title=title, message=message,
                           waiting=waiting), status
