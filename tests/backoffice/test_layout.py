"""The back-office is laid out like ``shared/``: one package per domain, each registered from one place, its
templates under its own name; Flask-Admin's insides in ``core/`` only (tests/backoffice/core/test_fence.py)."""

from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path

from backoffice.domains import DOMAINS, MENU

BACKOFFICE = Path(__file__).resolve().parents[2] / "backoffice"


def test_every_package_of_the_back_office_is_a_registered_domain_or_core():
    packages = {path.parent.name for path in BACKOFFICE.glob("*/__init__.py")}
    assert packages == set(DOMAINS) | {"core"}
    shared = {path.parent.name for path in (BACKOFFICE.parent / "shared").glob("*/__init__.py")}
    assert set(DOMAINS) - {"dashboard", "report"} <= shared  # same names as the domain's rules


def test_a_domain_keeps_its_templates_under_its_own_name():
    folders = {domain: BACKOFFICE / domain / "templates" for domain in DOMAINS}
    found = {domain: {path.name for path in folder.iterdir()} for domain, folder in folders.items() if folder.is_dir()}
    assert found and all(names == {domain} for domain, names in found.items()), found


def test_a_template_name_is_found_in_one_folder_only():
    folders = [BACKOFFICE / "templates", BACKOFFICE / "core" / "templates",
               *(BACKOFFICE / domain / "templates" for domain in DOMAINS)]
    names = Counter(str(path.relative_to(folder)) for folder in folders if folder.is_dir()
                    for path in folder.rglob("*") if path.is_file())
    assert [name for name, count in names.items() if count > 1] == []


def test_the_menu_keeps_its_order_whatever_the_order_domains_register(login_as, admin_user):
    page = login_as(admin_user).get("/").get_data(as_text=True)
    menu = page[page.index("<nav"):page.index("</nav>")]
    entries = [re.sub(r"\s+", " ", html.unescape(text)).strip()
               for text in re.findall(r"<(?:a|button)[^>]*>(.*?)</(?:a|button)>", menu, re.S)]
    top = [entry for entry in entries if entry in MENU]
    assert top == [name for name in MENU if name in top] and len(top) >= 8, entries
