"""RGAA 4.1 in real Chromium (issue #25, findings 11-14): for each role, a crawl of the back-office follows the
links a signed-in person can reach and runs axe-core on every page it opens: no violation at all, whatever its
impact. Each page's list, one record of each kind and each action screen are visited; downloads, exports and
the sign-out are not. The pages are French (lang="fr"), ask nothing of Google, and the crawl's failures name
the page, the rule and the elements."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from sqlalchemy import select

from shared import clock
from shared.staff.models import Role
from tests.browser.conftest import ARTIFACTS, PASSWORD, sign_in
from tests.chromium import opened_page
from tests.kiosk.browser_support import AXE

pytestmark = pytest.mark.browser

MAX_PAGES = 90  # per role: each list, one record page per model, each action screen (admin: about 70)
# Not pages: downloads and exports, the calendar feed, the sign-out, what deletes, the kiosk (its own tests).
SKIPPED = re.compile(r"logout|export|download|\.(csv|xlsx|ics|pdf)\b|/calendar/|delete|/static/|^/kiosk")
# A list sorted, filtered or paged, a report over another period: the same page.
IGNORED_QUERY = {"url", "sort", "desc", "page", "page_size", "search", "flt0", "group", "from", "to"}


def page_kind(url: str) -> str:
    """One visit per kind of page: the path with its numbers blurred and the names of its query keys
    (the list sorted or filtered is the same page; a record page is one per model)."""
    parts = urlsplit(url)
    keys = sorted({key.split("_")[0] for key, _ in parse_qsl(parts.query)} - IGNORED_QUERY)
    return re.sub(r"\d+", "N", parts.path) + ("?" + "&".join(keys) if keys else "")


LINKS = """() => [...document.querySelectorAll('a[href]')]
  .filter(a => !a.hasAttribute('download'))
  .map(a => a.href)"""


def crawl(page, base: str) -> dict[str, list]:
    """Breadth first from the dashboard; axe-core on each page: {url: [violations]}; a 5xx answer counts as one."""
    queue, seen, found = [base + "/"], set(), {}
    while queue and len(found) < MAX_PAGES:
        url = queue.pop(0)
        kind = page_kind(url)
        if kind in seen:
            continue
        seen.add(kind)
        response = page.goto(url)
        if response is not None and response.status >= 500:
            found[url] = [["server-error", str(response.status), []]]  # a page that fails fails the crawl
            continue
        if response is None or response.status != 200 or not page.url.startswith(base):
            continue
        if "text/html" not in (response.headers.get("content-type") or ""):
            continue
        page.add_script_tag(path=str(AXE))
        found[url] = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".map(v => [v.id, v.impact, v.nodes.slice(0, 3).map(n => n.target.join(' '))])")
        for link in page.evaluate(LINKS):
            link = link.split("#")[0]
            path = urlsplit(link).path
            if link.startswith(base) and not SKIPPED.search(path) and not SKIPPED.search(link[len(base):]):
                if page_kind(link) not in seen:
                    queue.append(link)
    return found


@pytest.fixture
def role_page(browser, live_server, request):
    """A signed-in browser context for one role; CSP bypassed so that the test may inject axe-core."""
    email = live_server.credentials.get(request.param)
    if email is None:
        pytest.skip(f"no {request.param} account in this world")
    with opened_page(browser, bypass_csp=True) as page:
        page.set_default_timeout(20_000)
        page.role = request.param
        sign_in(page, live_server.url, email)
        yield page


ROLES = [Role.ADMIN.value, Role.FACILITATOR.value, Role.REFERRER.value]


@pytest.mark.parametrize("role_page", ROLES, ids=ROLES, indirect=True)
def test_axe_finds_no_violation_on_any_page_a_role_reaches(role_page, live_server):
    found = crawl(role_page, live_server.url)
    assert len(found) >= 5, f"the crawl reached only {sorted(found)}"
    failing = {url[len(live_server.url):]: violations for url, violations in found.items() if violations}
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"axe-crawl-{role_page.role}.json").write_text(json.dumps({"pages": sorted(found), "failing": failing},
                                                                          indent=1, ensure_ascii=False))
    assert failing == {}, f"{len(failing)} of {len(found)} pages fail: {failing}"


def run_axe(page) -> list:
    page.add_script_tag(path=str(AXE))
    return page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                         ".map(v => [v.id, v.nodes.slice(0, 3).map(n => n.target.join(' '))])")


def a_person_who_left(db):
    from shared.exits.models import Exit

    return db.scalar(select(Exit.participant_id).order_by(Exit.id))


def an_e_mail_consent(db):
    from shared.messaging.models import Channel
    from shared.messaging.operations import record_consent
    from shared.messaging.tokens import unsubscribe_token
    from shared.people.models import Participant

    person = db.scalar(select(Participant).order_by(Participant.id))
    row = record_consent(db, person, channel=Channel.EMAIL, address="personne@example.fr", given_on=clock.today())
    db.commit()
    return unsubscribe_token(row.id)


@pytest.mark.parametrize("role_page", [Role.FACILITATOR.value], indirect=True)
def test_the_sortie_row_of_a_timeline_reads_at_4_5_to_1(role_page, live_server):
    person_id = live_server.call(a_person_who_left)
    assert person_id is not None, "the demo has people who left"
    role_page.goto(f"{live_server.url}/participant/details/?id={person_id}")
    row = role_page.locator(".idmix-timeline tr.idmix-step-exit").first
    assert "Sortie" in row.inner_text()
    assert run_axe(role_page) == []


def test_the_sign_in_page_the_unsubscribe_page_and_an_error_page_have_no_violation(browser, live_server):
    token = live_server.call(an_e_mail_consent)
    context = browser.new_context(locale="fr-FR", viewport={"width": 1366, "height": 900}, bypass_csp=True)
    page = context.new_page()
    try:
        found = {}
        for path in ("/login", f"/messages/unsubscribe/{token}", "/page-qui-n-existe-pas"):
            page.goto(live_server.url + path)
            found[path] = run_axe(page)
        page.goto(f"{live_server.url}/messages/unsubscribe/{token}")
        page.get_by_role("button", name="Ne plus recevoir d'e-mails").click()
        assert "vous ne recevrez plus" in page.locator("#unsubscribed").inner_text()
        found["unsubscribed"] = run_axe(page)  # the confirmation was white on #18bc9c (2.41:1)
        assert {path: v for path, v in found.items() if v} == {}
    finally:
        context.close()


def test_no_page_asks_google_for_fonts_nor_breaks_the_policy(browser, live_server):
    """Without bypassing the CSP: the console stays clean and no request leaves for Google."""
    context = browser.new_context(locale="fr-FR", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    outside, console = [], []
    page.on("request", lambda request: outside.append(request.url)
            if not request.url.startswith(live_server.url) else None)
    page.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
    try:
        page.goto(f"{live_server.url}/login")
        page.fill("input[name=email]", live_server.credentials[Role.FACILITATOR.value])
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
        for path in ("/participant/", "/session/", "/report/"):
            page.goto(live_server.url + path)
            page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.lang") == "fr"
        assert outside == [] and console == []
    finally:
        context.close()
