"""The back-office's lists and pickers put « Évrard » among the E, as a dictionary does, not after « Zidane »
(both databases sort text by its bytes unless told otherwise: shared.alphabetical)."""

from __future__ import annotations

import pytest

from tests.backoffice.core.test_search_selects import lookup
from tests.backoffice.world import build_world

NAMES = ["Zarbi", "Évrard", "Barre", "Écart"]
DICTIONARY = ["Barre", "Écart", "Évrard", "Zarbi"]


@pytest.fixture
def world(make, db):
    world = build_world(make, db)
    world.extra["people"] = [make.participant(world.group, referrer=world.referrer, first_name="Rose", last_name=name)
                             for name in NAMES]
    return world


def in_page_order(page: str, names) -> list[str]:
    return sorted(names, key=page.index)


def test_the_people_list_reads_in_dictionary_order(world, login_as):
    page = login_as(world.facilitator).get("/participant/").get_data(as_text=True)
    assert in_page_order(page, NAMES) == DICTIONARY


def test_the_people_list_sorted_backwards_by_name_reads_from_z_to_a(world, login_as):
    client = login_as(world.facilitator)
    listed = client.get("/participant/").get_data(as_text=True)
    # The column header's own link, as a click on « Nom » then a second click would follow it.
    sort = listed.split('title="Trier par Nom"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    index = sort.split("sort=")[1].split("&")[0]
    page = client.get("/participant/", query_string={"sort": index, "desc": 1}).get_data(as_text=True)
    assert in_page_order(page, NAMES) == DICTIONARY[::-1]


def test_the_person_picker_offers_names_in_dictionary_order(world, login_as):
    found = lookup(login_as(world.facilitator), "contract", "participant", "ar")
    shown = " ".join(label for _, label in found)  # « ÉVRARD Rose (…) »: last names in capitals
    assert in_page_order(shown, [name.upper() for name in NAMES]) == [name.upper() for name in DICTIONARY]


def test_the_partners_directory_reads_in_dictionary_order(make, login_as, admin_user):
    for name in ("Zèbre solidaire", "École de la 2e chance", "Atelier du lien", "Épicerie solidaire"):
        make.partner(name=name)
    page = login_as(admin_user).get("/partner/").get_data(as_text=True)
    assert in_page_order(page, ["Zèbre solidaire", "École de la 2e chance", "Atelier du lien", "Épicerie solidaire"]) \
        == ["Atelier du lien", "École de la 2e chance", "Épicerie solidaire", "Zèbre solidaire"]
