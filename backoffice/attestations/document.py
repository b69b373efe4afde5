"""The attestation as a document: its check box (QR code, address, code), the print view's and the PDF's HTML,
and the PDF itself, made on the server by WeasyPrint with the fonts shipped in ``backoffice/static/fonts``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import segno
from flask import render_template, url_for

from shared.attestations.codes import readable, verification_url
from shared.attestations.content import sections
from shared.attestations.models import Attestation

STATIC = Path(__file__).resolve().parent.parent / "static"


@dataclass(frozen=True)
class Check:
    """What lets whoever receives the attestation check it: its QR code (an SVG data URI), address and code."""

    qr: str
    url: str
    code: str


def check_of(attestation: Attestation) -> Check:
    url = verification_url(attestation.code)
    return Check(qr=segno.make(url, error="m").svg_data_uri(scale=4, border=2), url=url,
                 code=readable(attestation.code))


def browser_asset(name: str) -> str:
    return url_for("static", filename=name)


def file_asset(name: str) -> str:
    return (STATIC / name).as_uri()


def render(template: str, attestation: Attestation, *, asset=browser_asset, **extra) -> str:
    return render_template(template, attestation=attestation, sections=sections(attestation),
                           check=check_of(attestation), asset=asset, **extra)


def pdf_of(attestation: Attestation) -> bytes:
    """The PDF (A4, fonts embedded), from the same sheet as the print view."""
    from weasyprint import HTML  # loads Pango: only when a PDF is asked for

    html = render("attestations/pdf.html", attestation, asset=file_asset)
    return HTML(string=html, base_url=str(STATIC)).write_pdf()
