"""A list page issues the same SQL queries with 10 rows and with 200 (eager loading), but the count."""

import datetime as dt
import uuid

import pytest

from shared import clock
from shared.feedback.models import Feedback, FeedbackScope, Mood
from shared.kiosk.models import Device
from shared.kiosk.offline_models import DeviceContact
from shared.staff.models import Role
from tests.statements import counting_queries


def _populate(make, db, group, facilitator, n):
    theme = make.theme()
    for i in range(n):
        person = make.participant(group)
        make.contract(person, facilitator=facilitator)
        session = make.session(group, held_on=dt.date(2025, 1, 1) + dt.timedelta(days=i), theme=theme)
        make.attendance(session, person)
        db.add(Feedback(id=uuid.uuid4(), session=session, given_on=session.held_on, scope=FeedbackScope.PERSONAL,
                        mood=Mood.GOOD, text="Bien", participant_id=person.id))
    db.flush()


def _queries(client, url):
    client.get(url)  # warm-up: the signed-in user, caches
    with counting_queries() as statements:
        response = client.get(url)
    assert response.status_code == 200
    return len(statements)


@pytest.mark.parametrize("endpoint", ["participant", "contract", "session", "attendance", "feedback"])
def test_a_list_page_issues_the_same_queries_for_10_and_200_rows_but_the_count(make, db, today, login_as, endpoint):
    counts = {}
    for n in (10, 200):
        group = make.group()
        admin = make.staff(Role.ADMIN)
        facilitator = make.facilitator(group)
        _populate(make, db, group, facilitator, n)
        client = login_as(admin)
        counts[n] = _queries(client, f"/{endpoint}/?page_size=100&flt0_groupe_equals={group.id}"
                             if endpoint in ("participant", "contract", "session") else f"/{endpoint}/?page_size=100")
    # 10 rows fit on the page: their number is the count (``list_count``); 200 need the count query.
    assert counts[200] == counts[10] + 1, counts


@pytest.mark.parametrize("endpoint", ["message", "attendance", "feedback", "walkin", "review"])
def test_lists_of_other_records_load_their_person_without_the_derived_status(make, db, login_as, endpoint):
    """The person's situation reads every contract (PostgreSQL scans the table): no such list shows it."""
    client = login_as(make.staff(Role.ADMIN))
    client.get(f"/{endpoint}/")
    with counting_queries() as statements:
        assert client.get(f"/{endpoint}/").status_code == 200
    situation = "exit.left_on <="  # the first test of the situation's SQL (has the person left?)
    assert not [statement for statement in statements if situation in statement]


def test_the_tablets_list_reads_the_page_s_contacts_at_once(make, db, login_as):
    """« Dernier contact » of every tablet on the page, from one query whatever their number."""
    counts = {}
    for n in (3, 20):
        group = make.group()
        tablets = [Device(group=group, name=f"Tablette {i:02d}", token_hash=uuid.uuid4().hex) for i in range(n)]
        db.add_all(tablets)
        db.flush()
        db.add_all(DeviceContact(device_id=t.id, last_seen_at=clock.now(), waiting=i % 3) for i, t in enumerate(tablets))
        client = login_as(make.staff(Role.ADMIN))
        url = "/device/?page_size=100"
        counts[n] = _queries(client, url)
        page = client.get(url).get_data(as_text=True)
        assert page.count("dernier contact le") >= n and "2 éléments en attente" in page
    assert counts[3] == counts[20], counts


@pytest.mark.parametrize("query", ["", "?sort=0", "?search=Nom", "?flt0_situation_equals=referred"])
def test_the_people_list_computes_the_situation_of_its_page_only(make, db, login_as, query):
    """Ids first, then the page's people with their situation for those ids (``PeopleView.fetch_rows``):
    in one query, PostgreSQL planned the situation for the whole table."""
    group = make.group()
    names = [f"Nom{i:02d}" for i in range(30)]
    for name in reversed(names):
        make.participant(group, last_name=name)
    client = login_as(make.staff(Role.ADMIN))
    url = f"/participant/{query}{'&' if query else '?'}flt9_groupe_equals={group.id}"
    client.get(url)
    with counting_queries() as statements:
        response = client.get(url)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    shown = [name for name in names if f">{name}<" in page]
    assert len(shown) == 25 and page.index(f">{shown[0]}<") < page.index(f">{shown[-1]}<")
    situation_in_select = [s for s in statements if s.lstrip().startswith("SELECT") and "exit.left_on <=" in
                           s.split("FROM participant")[0]]
    assert situation_in_select and all("participant.id IN" in s for s in situation_in_select)
