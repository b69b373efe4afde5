"""The addresses the user docs give are the ones to type: under /admin/ (wsgi.py mounts the back-office there;
without it the root sends to the dashboard), each a route of the back-office."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from werkzeug.exceptions import NotFound
from werkzeug.routing import RequestRedirect

ROOT = Path(__file__).resolve().parents[2]
DOCS = ["docs/actions.md", "docs/report.md", "docs/import.md", "docs/backoffice.md"]
QUOTED_PATH = re.compile(r"`(/[^`\s]*)`")
BACKOFFICE_FOLDERS = ("/actions/", "/calendar/", "/report/", "/imports/", "/admin/", "/contract/", "/<liste>/")


def documented_paths(doc: str) -> list[str]:
    paths = QUOTED_PATH.findall((ROOT / doc).read_text(encoding="utf-8"))
    return [path for path in paths if path.startswith(BACKOFFICE_FOLDERS)]


@pytest.mark.parametrize("doc", DOCS)
def test_every_back_office_address_of_the_docs_starts_with_admin(doc):
    paths = documented_paths(doc)
    assert paths, doc
    assert [path for path in paths if not path.startswith("/admin/")] == []


@pytest.mark.parametrize("doc", DOCS)
def test_every_documented_address_is_a_route_of_the_back_office(app, doc):
    adapter = app.url_map.bind("localhost")
    for path in documented_paths(doc):
        typed = path.removeprefix("/admin").split("?")[0].replace("<liste>", "participant")
        typed = re.sub(r"<[^>]+>", "1", typed).replace("csv|xlsx", "csv")
        try:
            adapter.match(typed)
        except RequestRedirect:
            pass  # a trailing slash added: the same page
        except NotFound:
            pytest.fail(f"{doc}: {path} is no route of the back-office")
