"""The audit trail reads as a history: French field labels, the names of records with links to them,
formatted values (dates, oui/non, choices), no technical fields, entries grouped by save; and each
record's page has it as « Historique »."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from bench.html_forms import main_form
from shared import clock
from shared.audit.models import AuditAction, AuditEntry
from tests.statements import counting_queries
from tests.backoffice.world import build_world


def text(response) -> str:
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


@pytest.fixture
def world(make, db):
    return build_world(make, db)


@pytest.fixture
def edited(world, login_as):
    """The facilitator changes the person's first name, consent date and benefit through the form."""
    client = login_as(world.facilitator)
    url = f"/participant/edit/?id={world.participant.id}"
    data = main_form(client.get(url).get_data(as_text=True)).defaults()
    data |= {"first_name": "Fatou", "consent_on": "2026-03-02", "benefit": "aah"}
    response = client.post(url, data=data)
    assert response.status_code == 302, text(response)[:2000]
    return world


def history_section(page: str) -> str:
    return page[page.index('id="historique"'):]


def test_a_persons_page_shows_its_history_in_french(edited, login_as):
    world = edited
    page = text(login_as(world.admin).get(f"/participant/details/?id={world.participant.id}"))
    section = history_section(page)
    assert "Historique" in page and world.facilitator.full_name in section
    assert re.search(r"Prénom</th>\s*<td>Fatima</td>\s*<td[^>]*>→</td>\s*<td>Fatou</td>", section)
    assert "02/03/2026" in section and "2026-03-02" not in section
    assert "AAH" in section and ">aah<" not in section
    for technical in ("first_name", "consent_on", "benefit", "pin_hash", "created_at", "None"):
        assert technical not in section, technical


def test_the_journal_names_records_with_links_and_hides_technical_fields(edited, login_as, make, db):
    world = edited
    journal = text(login_as(world.admin).get("/audit/"))
    assert f'href="/participant/details/?id={world.participant.id}">Fatou' in journal
    assert "Modification" in journal and "Prénom" in journal
    for technical in ("first_name", "table_name", "record_id", "participant_id", "_hash", "Pin lock", "pin_lock"):
        assert technical not in journal.split("<body", 1)[1].split("<script", 1)[0], technical


def test_a_save_is_one_change_with_its_records(world, login_as, db, make):
    client = login_as(world.facilitator)
    newcomer = make.participant(world.group, referrer=world.referrer,
                                referred_on=dt.date.today() - dt.timedelta(days=20))
    data = {"participant": str(newcomer.id), "facilitator": str(world.facilitator.id),
            "referrer": str(world.referrer.id), "starts_on": dt.date.today().isoformat(),
            "ends_on": (dt.date.today() + dt.timedelta(days=300)).isoformat(), "expectations": "Voir du monde",
            "objectives-0-wording": "Prendre la parole en groupe", "objectives-0-category": "social_ties",
            "objectives-0-status": "open"}
    form = main_form(client.get("/contract/new/").get_data(as_text=True)).defaults()
    response = client.post("/contract/new/", data={"csrf_token": form.get("csrf_token", "")} | data)
    assert response.status_code == 302, text(response)[:1500]
    journal = text(login_as(world.admin).get("/audit/"))
    cards = re.findall(r'<li class="card mb-2">(.*?)</li>', journal, re.S)
    saved = [card for card in cards if "Prendre la parole en groupe" in card]
    assert len(saved) == 1 and "Contrat n°" in saved[0]  # the contract and its objective, one change
    assert f"Travailleur social orienteur : <a href=\"/staff/details/?id={world.referrer.id}\">{world.referrer.full_name}</a>" in saved[0]


def test_only_admins_read_the_history(edited, login_as):
    world = edited
    page = text(login_as(world.facilitator).get(f"/participant/details/?id={world.participant.id}"))
    assert 'id="historique"' not in page
    assert login_as(world.facilitator).get("/audit/").status_code in (302, 403)


def test_the_journal_names_the_contracts_of_a_page_without_a_query_each(world, make, db, login_as):
    """« Contrat n°… de Prénom Nom »: the people of the page's contracts are loaded with them, without their
    situation (a scan of every contract on PostgreSQL)."""
    client = login_as(world.admin)
    for n in (2, 10):
        for i in range(n):
            contract = make.contract(make.participant(world.group, first_name=f"Lot{n}", last_name=f"Nom{i}"),
                                     facilitator=world.facilitator)
            db.flush()
            db.add(AuditEntry(at=clock.now(), actor_id=world.admin.id, action=AuditAction.CREATE,
                              table_name="contract", record_id=str(contract.id), changes={}))
        db.commit()
        client.get("/audit/")
        with counting_queries() as statements:
            page = text(client.get("/audit/"))
        people_reads = [s for s in statements if s.lstrip().startswith("SELECT participant.")]
        assert len(people_reads) <= 1, len(people_reads)  # the people the entries are about, at once
        assert page.count(f"de Lot{n} Nom") >= 2  # the newest entries: the contracts' and their people's
        assert not [s for s in statements if "exit.left_on <=" in s]



def _journal_of_closures(db, actor, n):
    """``n`` changes of closures, the only ones on the journal filtered by « Type de fiche » = Fermeture."""
    db.add_all(AuditEntry(at=clock.now(), actor_id=actor.id, action=AuditAction.UPDATE, table_name="group_closure",
                          record_id=str(900_000 + i), changes={"label": ["Avant", f"Après {i}"]}) for i in range(n))
    db.commit()
    return "/audit/?flt0_type_de_fiche_equals=group_closure"


def test_the_journal_pages_to_older_and_newer_entries_without_counting_them(world, db, login_as):
    url = _journal_of_closures(db, world.admin, 30)
    client = login_as(world.admin)
    with counting_queries() as statements:
        first = text(client.get(url))
    assert first.count("Après ") == 25
    assert "Plus anciennes" in first and "Plus récentes" not in first
    assert not [s for s in statements if "count(" in s.lower() and "audit_entry" in s]
    second = text(client.get(html.unescape(re.search(r'href="([^"]+)">Plus anciennes', first).group(1))))
    assert second.count("Après ") == 5
    assert "Plus récentes" in second and "Plus anciennes" not in second


def test_a_journal_of_one_full_page_offers_no_other(world, db, login_as):
    url = _journal_of_closures(db, world.admin, 25)
    page = text(login_as(world.admin).get(url))
    assert page.count("Après ") == 25
    assert "Plus anciennes" not in page and "Plus récentes" not in page
