"""Issue 22 (11) in Chromium, in a French and in an English browser: an empty form posts (no « Please fill out
this field. » bubble) and the server answers in French next to each field; the vote form's last day is the same
JJ/MM/AAAA field and French picker as every other date; closing a vote early asks first."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from shared.staff.models import Role
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def post_empty(page, url: str) -> None:
    page.goto(url)
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.locator(".submit-row input[type=submit]").first.click()
    assert answer.value.status == 200
    page.wait_for_load_state()


def test_an_empty_person_form_is_posted_and_answered_in_french(live_server, page_in):
    page, _ = page_in
    sign_in(page, live_server.url, live_server.credentials[Role.FACILITATOR.value])
    post_empty(page, f"{live_server.url}/participant/new/")
    expect(page.locator(".invalid-feedback").first).to_contain_text("Indiquez le prénom.")
    expect(page.locator("body")).not_to_contain_text("Please")


def test_an_empty_staff_form_is_posted_and_answered_in_french_next_to_each_field(live_server, page_in):
    page, _ = page_in
    sign_in(page, live_server.url, live_server.credentials[Role.ADMIN.value])
    post_empty(page, f"{live_server.url}/staff/new/")
    messages = page.locator(".invalid-feedback").all_inner_texts()
    for message in ("Indiquez le prénom.", "Indiquez le nom.", "Indiquez l'adresse e-mail.",
                    "Choisissez la fonction.", "Choisissez le rôle."):
        assert any(message in shown for shown in messages), messages


def _facilitator_group(email):
    def run(db):
        from shared.staff.models import StaffMember

        return db.scalar(select(StaffMember).where(StaffMember.email == email)).groups[0].id
    return run


def test_the_vote_form_s_last_day_is_typed_and_picked_the_french_way(live_server, page_in):
    page, _ = page_in
    sign_in(page, live_server.url, live_server.credentials[Role.FACILITATOR.value])
    page.goto(f"{live_server.url}/decisions/vote")
    field = page.locator("input[name=closes_on]")
    expect(field).to_have_attribute("placeholder", "JJ/MM/AAAA")
    expect(field).to_have_attribute("type", "text")
    field.click()
    picker = page.locator(".daterangepicker:visible")
    expect(picker.locator(".calendar.left thead tr").last.locator("th").first).to_have_text("lu")
    field.fill("")
    field.type("24/12/2030")
    expect(page.locator(".daterangepicker:visible")).to_have_count(0)
    page.fill("#question", "Quelle sortie ?")
    page.fill("#label-0", "Pique-nique")
    page.select_option("#picture-0", index=1)
    with page.expect_response(lambda r: r.request.method == "POST"):
        page.get_by_role("button", name="Ouvrir le vote").click()
    page.wait_for_load_state()
    expect(page.locator("#choices .invalid-feedback")).to_contain_text("Un vote propose de 2 à 6 choix (1 saisis).")
    expect(page.locator(".alert-danger")).to_have_count(0)
    expect(page.locator("input[name=closes_on]")).to_have_value("24/12/2030")  # kept as typed


def _open_vote(group_id):
    def run(db):
        from shared import clock
        from shared.decisions.operations import ChoiceInput, open_vote
        from shared.groups.models import Group

        vote = open_vote(db, group=db.get(Group, group_id), question="Clore ou pas ?", opens_on=clock.today(),
                         closes_on=clock.today() + dt.timedelta(days=5), actor=None,
                         choices=[ChoiceInput("Oui", "theme-cuisine"), ChoiceInput("Non", "theme-jardinage")])
        db.commit()
        return vote.id
    return run


def _closed_early(vote_id):
    def run(db):
        from shared.decisions.models import Vote

        return db.get(Vote, vote_id).closed_early
    return run


def test_closing_a_vote_early_asks_a_confirmation(live_server, page):
    email = live_server.credentials[Role.FACILITATOR.value]
    vote_id = live_server.call(_open_vote(live_server.call(_facilitator_group(email))))
    sign_in(page, live_server.url, email)
    page.goto(f"{live_server.url}/decisions/")
    button = page.locator(f"#vote-{vote_id}").get_by_role("button", name="Clore le vote maintenant")
    asked, posts = [], []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    button.click()
    page.reload()  # a post the dismissed confirmation let through would have started before this reload
    assert asked and "Clore le vote" in asked[0]
    assert not posts and not live_server.call(_closed_early(vote_id))
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        button.click()
    assert live_server.call(_closed_early(vote_id))
