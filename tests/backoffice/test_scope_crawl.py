"""Sign in as each role and go everywhere a person can go by following links (menus, lists, details,
exports, print views) and by typing into the search-as-you-type fields: no full name of a person
outside the role's scope appears in any page, CSV/XLSX file or JSON answer (issue #11, point 1)."""

from __future__ import annotations

import datetime as dt
import io
import re
import uuid
import zipfile
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

from shared.feedback.models import Feedback, FeedbackScope, Mood
from shared.people.models import Participant
from shared.staff.access import scope_condition
from sqlalchemy import select
from tests.backoffice.world import build_world

MAX_PAGES = 500
# Links that change the list's order, size or filters show the same people again: one is enough.
SAME_PEOPLE_AGAIN = re.compile(r"[?&](sort|desc|page_size|flt\d+_[^=]*_(?!equals)\w*)=")
NEVER_FOLLOWED = ("/logout", "/static/", "/calendar/")


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


@pytest.fixture
def world(make, db):
    world = build_world(make, db)
    # Someone in the referrer's group, at the referrer's session, referred by somebody else.
    stranger = make.participant(world.group, referrer=world.other_referrer)
    make.attendance(world.session, stranger)
    world.extra["stranger"] = stranger
    # A joint session hosted by the other group, the facilitator's group invited, at a partner of both: people of
    # both groups signed in, one of the other group signed an opinion (issue #32).
    partner = make.partner(groups=[world.group, world.other_group], name="Centre social des Aulnes")
    joint = make.session(world.other_group, held_on=world.session.held_on - dt.timedelta(days=7),
                         guest_groups=[world.group], partner=partner, at_partner=True, title="Rencontre des groupes")
    for person in (world.participant, stranger, world.other_participant):
        make.attendance(joint, person)
    db.add(Feedback(id=uuid.uuid4(), session=joint, given_on=joint.held_on, scope=FeedbackScope.PERSONAL,
                    mood=Mood.GOOD, text="Belle rencontre", participant_id=world.other_participant.id))
    world.extra["joint"] = joint
    db.commit()
    return world


def _forbidden_names(db, staff) -> set[str]:
    everyone = db.scalars(select(Participant)).all()
    visible = set(db.scalars(select(Participant.id).where(scope_condition(Participant, staff))))
    return {person.full_name for person in everyone if person.id not in visible}


def _text(response) -> str:
    if response.mimetype.endswith("spreadsheetml.sheet"):
        with zipfile.ZipFile(io.BytesIO(response.data)) as book:
            return " ".join(book.read(name).decode("utf-8", "replace") for name in book.namelist())
    return response.get_data(as_text=True)


def _crawl(client) -> dict[str, str]:
    """Every page reachable by links from the dashboard: {url: text}."""
    seen, pages, queue = set(), {}, deque(["/"])
    while queue and len(pages) < MAX_PAGES:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code != 500, url
        if response.status_code in (301, 302):
            queue.append(urlsplit(response.headers["Location"])._replace(scheme="", netloc="").geturl())
            continue
        if response.status_code != 200:
            continue
        text = _text(response)
        pages[url] = text
        if response.mimetype == "text/html":
            parser = Links()
            parser.feed(text)
            for href in parser.hrefs:
                target = urljoin(url, href.replace("&amp;", "&"))
                parts = urlsplit(target)
                if parts.scheme not in ("", "http") or (parts.netloc and parts.netloc != "localhost"):
                    continue
                path = parts._replace(scheme="", netloc="", fragment="").geturl()
                if path.startswith(NEVER_FOLLOWED) or SAME_PEOPLE_AGAIN.search(path) or path in seen:
                    continue
                queue.append(path)
    return pages


def _lookups(app, client) -> dict[str, str]:
    """What the search-as-you-type fields answer when a person types a letter or two."""
    answers = {}
    for view in app.extensions["admin"][0]._views:
        for field in (getattr(view, "_form_ajax_refs", None) or {}):
            for typed in ("", "a", "e", "Ben", "Fatima"):
                url = f"{view.url}/ajax/lookup/?name={field}&query={typed}"
                response = client.get(url)
                assert response.status_code != 500, url
                if response.status_code == 200:
                    answers[url] = response.get_data(as_text=True)
    return answers


@pytest.mark.parametrize("role", ["admin", "facilitator", "referrer"])
def test_no_name_outside_the_scope_on_any_page_file_or_answer(app, world, db, login_as, role):
    staff = getattr(world, role)
    forbidden = _forbidden_names(db, staff)
    if role != "admin":
        assert forbidden, "the world must hold people outside this role's scope"
    client = login_as(staff)
    pages = _crawl(client) | _lookups(app, client)
    assert len(pages) > 30, sorted(pages)
    leaks = {url: sorted(name for name in forbidden if name in text) for url, text in pages.items()}
    leaks = {url: names for url, names in leaks.items() if names}
    assert leaks == {}


def test_the_crawl_reaches_the_session_details_and_the_exports(world, login_as):
    pages = _crawl(login_as(world.referrer))
    assert any(url.startswith("/session/details/") for url in pages)
    assert world.participant.full_name in " ".join(pages.values())  # their own people are there
    pages = _crawl(login_as(world.facilitator))
    for kind in ("/export/csv", "/export/xlsx", "/actions/print/", "/report/", "/actions/attendance/"):
        assert any(kind in url for url in pages), kind


def test_a_referrer_sees_how_many_others_came_without_their_names(world, login_as):
    page = login_as(world.referrer).get(f"/session/details/?id={world.session.id}").get_data(as_text=True)
    assert world.participant.full_name in page
    assert world.extra["stranger"].full_name not in page
    assert "et 1 autre personne, hors de votre périmètre" in page


@pytest.mark.parametrize("role", ["facilitator", "referrer"])
def test_the_crawl_reaches_the_joint_session_s_pages_and_finds_only_names_in_scope(world, db, login_as, role):
    """The facilitator is of the invited group; the joint session is the other group's (issue #32)."""
    staff = getattr(world, role)
    joint = world.extra["joint"]
    pages = _crawl(login_as(staff))
    joint_pages = {url: page for url, page in pages.items() if f"id={joint.id}" in url or url.endswith(f"/{joint.id}")}
    assert any(url.startswith("/session/details/") for url in joint_pages), sorted(pages)
    if role == "facilitator":
        assert any(url.startswith("/actions/attendance/") for url in joint_pages), sorted(joint_pages)
    forbidden = _forbidden_names(db, staff)
    assert world.other_participant.full_name in forbidden
    seen = " ".join(joint_pages.values())
    assert world.participant.full_name in seen
    assert {name for name in forbidden if name in seen} == set()
