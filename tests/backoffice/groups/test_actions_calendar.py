import html
import re

from icalendar import Calendar
from sqlalchemy import select

from shared.groups.calendar_feeds import CalendarFeed, create_feed, hash_token
from tests.backoffice.actions_fixtures import other_world, world  # noqa: F401


def text(page) -> str:
    return html.unescape(page.get_data(as_text=True))


def create_through_the_page(client, group):
    page = text(client.post("/actions/calendar/", data={"group": group.id}))
    return re.search(r'id="new-feed-url" value="([^"]+)"', page).group(1)


def test_staff_creates_a_feed_url_shown_once_and_only_its_hash_is_stored(world, login_as, db):
    client = login_as(world.facilitator)
    url = create_through_the_page(client, world.group)
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    feed = db.scalar(select(CalendarFeed).where(CalendarFeed.staff_id == world.facilitator.id))
    assert feed.token_hash == hash_token(token) and token not in feed.token_hash
    assert url not in text(client.get("/actions/calendar/"))  # not shown again
    assert world.group.name in text(client.get("/actions/calendar/"))


def test_feed_lists_sessions_without_any_participant_name(world, make, app, db, today):
    theme = make.theme(name="Jardinage")
    session = make.session(world.group, held_on=today, theme=theme)
    make.attendance(session, world.participant)
    make.session(world.group, held_on=today.replace(day=26), cancelled=True, cancel_reason="Grève")
    _, token = create_feed(db, world.group, world.facilitator)
    db.commit()
    response = app.test_client().get(f"/calendar/{token}.ics")  # no sign-in: the token is the credential
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    body = response.get_data(as_text=True)
    calendar = Calendar.from_ical(response.data)
    events = calendar.walk("VEVENT")
    assert len(events) == 2
    assert any("Jardinage" in str(e["SUMMARY"]) for e in events)
    assert any(str(e["STATUS"]) == "CANCELLED" for e in events)
    assert "Europe/Paris" in body and "VTIMEZONE" in body
    for name in (world.participant.first_name, world.participant.last_name):
        assert name not in body


def test_revoked_feed_is_not_found(world, login_as, app, db):
    client = login_as(world.facilitator)
    url = create_through_the_page(client, world.group)
    path = url.split("localhost", 1)[1]
    assert app.test_client().get(path).status_code == 200
    feed = db.scalar(select(CalendarFeed).where(CalendarFeed.staff_id == world.facilitator.id))
    assert client.post(f"/actions/calendar/{feed.id}/revoke").status_code == 302
    assert app.test_client().get(path).status_code == 404
    assert "révoqué le" in text(client.get("/actions/calendar/"))


def test_unknown_token_is_not_found(app, db):
    assert app.test_client().get("/calendar/not-a-real-token.ics").status_code == 404
    assert app.test_client().get(f"/calendar/{'x' * 300}.ics").status_code == 404


def test_feed_of_a_deactivated_account_is_not_found(world, app, db):
    _, token = create_feed(db, world.group, world.facilitator)
    world.facilitator.active = False
    db.commit()
    assert app.test_client().get(f"/calendar/{token}.ics").status_code == 404


def test_feed_stops_when_its_owner_leaves_the_group(world, app, db):
    _, token = create_feed(db, world.group, world.facilitator)
    world.facilitator.groups = []
    db.commit()
    assert app.test_client().get(f"/calendar/{token}.ics").status_code == 404


def test_nobody_revokes_someone_elses_feed(world, other_world, login_as, db):
    feed, _ = create_feed(db, other_world.group, other_world.facilitator)
    assert login_as(world.facilitator).post(f"/actions/calendar/{feed.id}/revoke").status_code == 404
    db.refresh(feed)
    assert feed.revoked_at is None


def test_facilitator_cannot_subscribe_to_another_groups_sessions(world, other_world, login_as, db):
    page = login_as(world.facilitator).post("/actions/calendar/", data={"group": other_world.group.id})
    assert page.status_code == 200 and 'id="new-feed-url"' not in text(page)
    assert db.scalars(select(CalendarFeed)).all() == []


def test_calendar_page_needs_a_sign_in_but_not_the_feed(client):
    response = client.get("/actions/calendar/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    response = client.get("/calendar/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
