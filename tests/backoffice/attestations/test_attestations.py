"""A person's attestation in the back-office: made with the person's consent per line, read back from the PDF
(pdftotext, pdfinfo), revoked, made again; its scope; its bad input; its public verification page."""

import html
import re
import subprocess

import pytest
from sqlalchemy import func, select

from shared.attestations.models import Attestation, AttestationItem, AttestationRequest
from shared.attestations.operations import request_attestation
from shared.attestations.skills import DEFAULT_SKILLS
from shared.staff import throttling
from shared.staff.models import Role
from tests.attestation_journey import REACHED, SECRETS, full_journey


def text(page) -> str:
    return html.unescape(page.get_data(as_text=True))


@pytest.fixture
def story(db, make, today):
    return full_journey(make, db)


def page_url(person) -> str:
    return f"/actions/attestation/{person.id}"


def consent_keys(page: str) -> list[str]:
    return re.findall(r'name="consent" value="([^"]+)"', page)


def issue(client, story, *, refuse=("activities",), skills=(DEFAULT_SKILLS[0], DEFAULT_SKILLS[4]),
          own_words="J'ai repris confiance en moi.", **extra):
    keys = [key for key in consent_keys(text(client.get(page_url(story.person)))) if key not in refuse]
    return client.post(page_url(story.person), data={"consent": keys, "skill": list(skills), "own_words": own_words}
                       | extra)


def latest(db) -> Attestation:
    db.expire_all()
    return db.scalar(select(Attestation).order_by(Attestation.id.desc()))


def pdf_text(pdf: bytes, tmp_path) -> tuple[str, str]:
    path = tmp_path / "attestation.pdf"
    path.write_bytes(pdf)
    words = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    return words.stdout, info.stdout + fonts.stdout


def test_the_pdf_says_what_the_person_agreed_to_and_nothing_else_on_a4(story, login_as, db, tmp_path):
    client = login_as(story.facilitator)
    assert issue(client, story).status_code == 302
    attestation = latest(db)
    response = client.get(f"/actions/attestation/document/{attestation.id}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    words, info = pdf_text(response.data, tmp_path)
    flat = " ".join(words.split())
    for consented in ("Attestation de parcours", "Aïcha Traoré", f"Groupe {story.group.name}, du 13/02/2025 au 27/03/2025.",
                      "J'ai participé à 4 séances.", REACHED, DEFAULT_SKILLS[0], DEFAULT_SKILLS[4],
                      "J'ai repris confiance en moi.", "Claire Animatrice", "CMS des Tilleuls", "Mes objectifs atteints"):
        assert consented in flat, consented
    refused = [item.text for item in attestation.items if not item.included]
    assert refused and all(line.startswith("Activités") for line in refused)
    without_code = flat.replace(attestation.code[:4], " ")
    for never in [*SECRETS, "Activités", "cuisine", DEFAULT_SKILLS[1]]:
        assert never.lower() not in without_code.lower(), never
    assert re.search(r"Page size:\s+595(\.\d+)? x 84[12](\.\d+)? pts \(A4\)", info), info
    assert re.search(r"Pages:\s+1\b", info)
    # Only the fonts shipped with the app (backoffice/static/fonts), embedded: no system font stood in.
    assert set(re.findall(r"^[A-Z]{6}\+(\S+)\s.*\byes\s+yes\b", info, re.M)) == {"Attestation-Sans",
                                                                                    "Attestation-Sans-Bold"}, info


def test_each_line_keeps_the_person_s_answer_and_its_day(story, login_as, db, today):
    issue(login_as(story.facilitator), story)
    items = db.scalars(select(AttestationItem).where(AttestationItem.attestation_id == latest(db).id)).all()
    assert {(item.included, item.consent_on) for item in items} == {(True, today), (False, None)}


def test_the_print_view_shows_the_same_sheet(story, login_as, db):
    client = login_as(story.facilitator)
    issue(client, story)
    page = text(client.get(f"/actions/attestation/document/{latest(db).id}/print"))
    assert "J'ai repris confiance en moi." in page and "Imprimer" in page and "Activités" not in page


@pytest.mark.parametrize(("data", "message"), [
    ({"own_words": "x" * 301}, "300 caractères au plus"),
    ({"consent": ["benefit"]}, "rechargez la page"),
    ({"skill": ["Piloter un avion"]}, "plus dans la liste"),
    ({}, "ne dirait rien"),
    ({"replaces": "999999"}, None),
])
def test_bad_input_is_said_in_french_and_nothing_is_saved(story, login_as, db, data, message):
    client = login_as(story.facilitator)
    response = client.post(page_url(story.person), data=data)
    if message is None:
        assert response.status_code == 404
    else:
        assert response.status_code == 200 and message in text(response)
        assert "Rien n'a été enregistré" in text(response)
    assert db.scalar(select(func.count(Attestation.id))) == 0


def test_revoke_then_make_again(story, login_as, db, today):
    client = login_as(story.facilitator)
    issue(client, story)
    first = latest(db)
    assert client.post(f"/actions/attestation/document/{first.id}/revoke").status_code == 302
    again = client.post(f"/actions/attestation/document/{first.id}/revoke", follow_redirects=True)
    assert "déjà révoquée" in text(again)
    issue(client, story, replaces=str(first.id))
    second = latest(db)
    assert second.replaces_id == first.id and latest(db).revoked_on is None
    page = text(client.get(page_url(story.person)))
    assert f"Révoquée le {today:%d/%m/%Y}" in page and "Valable" in page


def test_the_person_s_referrer_reads_but_does_not_write(story, login_as, db):
    issue(login_as(story.facilitator), story)
    attestation = latest(db)
    client = login_as(story.referrer)
    assert "Attestations faites" in text(client.get(page_url(story.person)))
    assert client.get(f"/actions/attestation/document/{attestation.id}.pdf").status_code == 200
    assert client.post(page_url(story.person), data={"consent": ["group"]}).status_code == 403
    assert client.post(f"/actions/attestation/document/{attestation.id}/revoke").status_code == 403


def test_another_group_s_facilitator_or_another_referrer_gets_404(story, login_as, db, make):
    issue(login_as(story.facilitator), story)
    attestation = latest(db)
    for outsider in (make.facilitator(make.group()), make.referrer()):
        client = login_as(outsider)
        for url in (page_url(story.person), f"/actions/attestation/document/{attestation.id}.pdf",
                    f"/actions/attestation/document/{attestation.id}/print"):
            assert client.get(url).status_code == 404, url
        if outsider.role.value == "facilitator":
            assert client.post(f"/actions/attestation/document/{attestation.id}/revoke").status_code == 404
    assert latest(db).revoked_on is None


def test_a_tablet_request_is_shown_to_staff_until_the_attestation_is_made(story, login_as, db, today):
    request_attestation(db, story.person)
    client = login_as(story.facilitator)
    assert f"a demandé son attestation sur la tablette le {today:%d/%m/%Y}" in text(client.get(page_url(story.person)))
    assert "Aïcha Traoré" in text(client.get("/attestation_request/"))
    issue(client, story)
    assert "a demandé son attestation" not in text(client.get(page_url(story.person)))
    assert db.scalar(select(AttestationRequest.answered_on)) == today


def test_admins_add_a_skill_and_it_is_offered(story, login_as, db, make):
    client = login_as(make.staff(role=Role.ADMIN))
    assert client.post("/skill/new/", data={"name": "Animer un atelier", "active": "y"}).status_code == 302
    refused = client.post("/skill/new/", data={"name": "travailler en groupe", "active": "y"})
    assert "déjà dans la liste" in text(refused)
    assert "Animer un atelier" in text(login_as(story.facilitator).get(page_url(story.person)))


# --- the public verification page -------------------------------------------------------------------------------

def public(client, code, address="203.0.113.7"):
    return client.get(f"/attestation/{code}", environ_base={"REMOTE_ADDR": address})


def test_a_valid_code_shows_the_same_content_and_nothing_more(story, login_as, db, client):
    issue(login_as(story.facilitator), story)
    attestation = latest(db)
    readable = "-".join(attestation.code[i:i + 4] for i in range(0, 12, 4))
    response = public(client, readable.lower())
    page = text(response)
    assert response.status_code == 200 and "Attestation valable" in page
    assert REACHED in page and "J'ai repris confiance en moi." in page
    for never in [*SECRETS, "Activités"]:
        assert never.lower() not in page.replace(attestation.code, "").lower(), never
    assert response.headers["X-Robots-Tag"].startswith("noindex") and 'name="robots" content="noindex' in page


def test_a_revoked_code_says_revoked_and_shows_nothing_else(story, login_as, db, client):
    staff = login_as(story.facilitator)
    issue(staff, story)
    attestation = latest(db)
    staff.post(f"/actions/attestation/document/{attestation.id}/revoke")
    page = text(public(client, attestation.code))
    assert "Attestation révoquée" in page and "révoquée le" in page
    assert REACHED not in page and "Aïcha" not in page


@pytest.mark.parametrize("code", ["ZZZZ-ZZZZ-ZZZZ", "abc", "O0O0-I1I1-LLLL", "x" * 300, "%00"])
def test_an_unknown_code_is_a_french_404(client, db, code):
    response = public(client, code)
    assert response.status_code == 404 and "Aucune attestation ne porte ce code" in text(response)
    assert 'lang="fr"' in text(response)


def test_a_burst_of_unknown_codes_is_throttled_per_address(story, login_as, db, client):
    issue(login_as(story.facilitator), story)
    attestation = latest(db)
    free = throttling.RULES[throttling.VERIFICATION].free_failures
    answers = [public(client, f"ZZZZ-ZZZZ-{n:04d}".replace("0", "Z").replace("1", "Y")).status_code
               for n in range(free + 3)]
    assert answers[:free] == [404] * free and 429 in answers[free:]
    blocked = public(client, attestation.code)
    assert blocked.status_code == 429 and "Trop de codes inconnus" in text(blocked) and REACHED not in text(blocked)
    assert public(client, attestation.code, address="198.51.100.9").status_code == 200  # another address


def test_the_code_typed_in_the_page_s_box_is_looked_up_the_same_way(story, login_as, db, client):
    issue(login_as(story.facilitator), story)
    attestation = latest(db)
    box = client.get("/attestation")
    assert box.status_code == 200 and "Tapez le code écrit sous le QR code" in text(box)
    typed = client.get("/attestation", query_string={"code": f" {attestation.code[:6]} {attestation.code[6:]} "})
    assert typed.status_code == 200 and REACHED in text(typed)
    assert client.get("/attestation", query_string={"code": "nope"}).status_code == 404


def test_the_journal_records_who_issued_and_who_revoked(story, login_as, db):
    from shared.audit.models import AuditAction, AuditEntry

    client = login_as(story.facilitator)
    issue(client, story)
    attestation = latest(db)
    client.post(f"/actions/attestation/document/{attestation.id}/revoke")
    db.expire_all()
    entries = db.execute(select(AuditEntry.action, AuditEntry.actor_id, AuditEntry.changes)
                         .where(AuditEntry.table_name == "attestation", AuditEntry.record_id == str(attestation.id))
                         .order_by(AuditEntry.id)).all()
    assert [(action, actor) for action, actor, _ in entries] == [(AuditAction.CREATE, story.facilitator.id),
                                                                 (AuditAction.UPDATE, story.facilitator.id)]
    assert "revoked_on" in entries[1].changes


def test_the_printed_qr_code_leads_to_the_verification_page(story, login_as, db, client, tmp_path):
    """The QR code read back from the PDF's first page by an independent reader (zbarimg, Debian's zbar-tools)."""
    import shutil

    if not shutil.which("zbarimg"):
        pytest.fail("zbarimg is missing: apt-get install -y zbar-tools (.ci/run installs it)")
    staff = login_as(story.facilitator)
    issue(staff, story)
    attestation = latest(db)
    (tmp_path / "a.pdf").write_bytes(staff.get(f"/actions/attestation/document/{attestation.id}.pdf").data)
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-singlefile", str(tmp_path / "a.pdf"), str(tmp_path / "page")],
                   check=True)
    read = subprocess.run(["zbarimg", "-q", "--raw", str(tmp_path / "page.png")], capture_output=True, text=True,
                          check=True).stdout.strip()
    readable = "-".join(attestation.code[i:i + 4] for i in range(0, 12, 4))
    assert read.endswith(f"/admin/attestation/{readable}"), read
    page = public(client, read.rsplit("/", 1)[1])  # the back-office is served under /admin/ in production
    assert page.status_code == 200 and REACHED in text(page)
