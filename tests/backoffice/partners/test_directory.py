"""The partner directory through the back-office: staff read it, admins and the groups' facilitators change it,
search is accent- and case-insensitive, and a bad card gets its French message next to the field (issue #32)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from shared.partners.models import Partner, PartnerKind
from tests.pages import count, listed, text

CARD = {"name": "Épicerie solidaire du Château", "kind": "association", "address": "3 place du Marché, 91000 Évry",
        "contact_name": "Sophie Durand", "phone": "0123456789", "email": "contact@epicerie.example.fr"}


@pytest.fixture
def two_groups(make, db):
    host, other = make.group(name="ID'MIX Tilleuls"), make.group(name="Les Jardins du Nord")
    db.commit()
    return host, other


def test_a_facilitator_adds_a_structure_for_their_group(two_groups, make, login_as, db):
    host, _ = two_groups
    facilitator = make.facilitator(host)
    db.commit()
    response = login_as(facilitator).post("/partner/new/", data=CARD | {"groups": [host.id]})
    assert response.status_code == 302, text(response)[:3000]
    partner = db.scalar(select(Partner).where(Partner.name == CARD["name"]).execution_options(populate_existing=True))
    assert partner.kind is PartnerKind.ASSOCIATION and partner.phone == "01 23 45 67 89"
    assert [g.name for g in partner.groups] == ["ID'MIX Tilleuls"]


@pytest.mark.parametrize("change, field_message", [
    ({"name": "  "}, "Indiquez le nom de la structure."),
    ({"kind": ""}, "Choisissez le type de structure."),
    ({"email": "pas-une-adresse"}, "Adresse e-mail invalide"),
    ({"phone": "12"}, "numéro"),
])
def test_a_bad_card_is_refused_next_to_its_field_and_nothing_is_saved(two_groups, admin_user, login_as, db,
                                                                      change, field_message):
    host, _ = two_groups
    response = login_as(admin_user).post("/partner/new/", data=CARD | {"groups": [host.id]} | change)
    assert response.status_code == 200
    assert field_message in text(response)
    assert count(db, Partner) == 0


def test_a_facilitator_cannot_link_a_structure_to_another_group_only(two_groups, make, login_as, db):
    host, other = two_groups
    facilitator = make.facilitator(host)
    db.commit()
    response = login_as(facilitator).post("/partner/new/", data=CARD | {"groups": [other.id]})
    assert response.status_code == 200
    assert "Cochez au moins un de vos groupes" in text(response)
    assert count(db, Partner) == 0


def test_a_facilitator_cannot_change_a_structure_none_of_their_groups_works_with(two_groups, make, login_as, db):
    host, other = two_groups
    partner = make.partner(groups=[other], name="Mission locale")
    facilitator = make.facilitator(host)
    db.commit()
    client = login_as(facilitator)
    assert "Mission locale" in text(client.get("/partner/"))  # they read the whole directory
    response = client.post(f"/partner/edit/?id={partner.id}", data=CARD | {"groups": [other.id, host.id]})
    assert "ne travaille avec aucun de vos groupes" in text(response)
    db.expire_all()
    assert db.get(Partner, partner.id).name == "Mission locale"


def test_a_referrer_reads_the_directory_but_does_not_change_it(two_groups, make, login_as, db):
    host, _ = two_groups
    partner = make.partner(groups=[host], name="AFPA Évry")
    referrer = make.referrer()
    db.commit()
    client = login_as(referrer)
    assert "AFPA Évry" in text(client.get("/partner/"))
    assert client.post(f"/partner/edit/?id={partner.id}", data=CARD).status_code == 403
    assert client.get("/partner/new/").status_code == 403


def test_search_ignores_accents_and_case(two_groups, make, login_as, admin_user, db):
    host, _ = two_groups
    make.partner(groups=[host], name="Épicerie Solidaire")
    make.partner(groups=[host], name="Garage associatif")
    db.commit()
    client = login_as(admin_user)
    for typed in ("epicerie", "ÉPICERIE", "solidaire"):
        response = client.get(f"/partner/?search={typed}")
        assert listed(response) == 1 and "Épicerie Solidaire" in text(response), typed


def test_the_directory_is_in_the_menu(login_as, admin_user):
    assert 'href="/partner/"' in text(login_as(admin_user).get("/"))


