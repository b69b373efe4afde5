"""The yearly activity report in the back-office: the page, its print view, its CSV/XLSX exports; who may
read which group's report; bad input; a constant number of SQL queries."""

from __future__ import annotations

import csv
import datetime as dt
import html as html_lib
import io
import re

import openpyxl
import pytest

from bench.measure import TRANSACTION_CONTROL
from shared.evaluation.operations import write_action_review
from shared.feedback.models import FeedbackScope, Mood
from shared.feedback.operations import submit_feedback
from shared.people.models import Gender
from shared.staff.models import JobTitle, Role
from tests.statements import counting_queries

D = dt.date
YEAR_2025 = {"from": "2025-01-01", "to": "2025-12-31"}
MAX_QUERIES_PER_PAGE = 12  # issue #6, whatever the number of rows; BEGIN, COMMIT and savepoints not counted;
# one of them: are anonymous answers waiting in a pool that is due (shared.anonymity.due, before any page reads);
# one: the joint sessions and partners met (« Ouverture sur l'extérieur », issue #32)


@pytest.fixture
def world(make, db, today):
    """G (Sophie's group) and H, in 2025.

    G: sessions held on 13 and 27 March, one cancelled on 10 April; Alice (ASS) and Bruno (CIP),
    referred in 2025, present at both. H: three sessions held in May; Chloé (CESF), referred in 2025.
    """
    g, h = make.group(name="ID'MIX Tilleuls"), make.group(name="ID'MIX Gare")
    sophie = make.facilitator(g, first_name="Sophie")
    alice = make.participant(g, make.referrer(JobTitle.ASS), D(2025, 1, 10), gender=Gender.FEMALE)
    bruno = make.participant(g, make.referrer(JobTitle.CIP), D(2025, 2, 1), gender=Gender.MALE)
    g_sessions = [make.session(g, day) for day in (D(2025, 3, 13), D(2025, 3, 27))]
    for session in g_sessions:
        make.attendance(session, alice)
        make.attendance(session, bruno)
    make.session(g, D(2025, 4, 10), cancelled=True, cancel_reason="Grève")
    chloe = make.participant(h, make.referrer(JobTitle.CESF), D(2025, 3, 1))
    for day in (D(2025, 5, 15), D(2025, 5, 22), D(2025, 5, 29)):
        make.attendance(make.session(h, day), chloe)
    return dict(g=g, h=h, sophie=sophie, g_sessions=g_sessions, admin=make.staff(Role.ADMIN), referrer=make.referrer(),
                other_facilitator=make.facilitator(h))


def page(response) -> str:
    """The page's text with entities decoded (Jinja writes ' as &#39;)."""
    return html_lib.unescape(response.get_data(as_text=True))


def cell(html: str, table: str, label: str) -> str:
    """The figure of a row of one report table, as shown."""
    start = html.index(f'id="table-{table}"')
    part = html[start:html.index("</table>", start)]
    match = re.search(rf'<th scope="row">{re.escape(label)}</th>\s*<td class="num">([^<]*)</td>', part)
    assert match, (table, label)
    return match.group(1)


def test_an_admin_reads_every_group_over_the_current_year_by_default(world, login_as):
    html = page(login_as(world["admin"]).get("/report/"))
    assert "Tous les groupes — année 2026 (du 1er janvier au 31 décembre)" in html
    assert cell(html, "sessions", "Tenues") == "0"


def test_the_page_shows_every_table_in_french_with_its_chart(world, login_as):
    response = login_as(world["admin"]).get("/report/", query_string={"group": "all", **YEAR_2025})
    html = page(response)
    assert response.status_code == 200
    for title in ("Séances", "Présences", "Personnes suivies, par situation", "Personnes suivies, par sexe",
                  "Personnes suivies, par tranche d'âge", "Personnes suivies, par minimum social perçu",
                  "Orientations, par fonction du travailleur social orienteur", "Contrats de participation",
                  "Objectifs des contrats, par catégorie et résultat", "Sorties, par destination",
                  "Humeur exprimée sur la tablette", "Humeur moyenne par séance"):
        assert f">{title}</h3>" in html, title
    assert (cell(html, "sessions", "Tenues"), cell(html, "sessions", "Annulées")) == ("5", "1")
    assert cell(html, "people_gender", "Femme") == "2" and cell(html, "people_gender", "Homme") == "1"
    assert cell(html, "referrals", "Conseiller(ère) en économie sociale et familiale (CESF)") == "1"
    charts = re.findall(r"<svg.*?</svg>", html, re.S)
    assert len(charts) >= 3  # people by status, by gender, referrals…
    assert not any("<script" in chart for chart in charts)  # static SVG: no chart script
    assert "Moins de 3 avis sur la période" in html


def test_moods_appear_from_three_answers(world, db, login_as):
    session = world["g_sessions"][0]
    for mood in (Mood.GOOD, Mood.VERY_GOOD, Mood.VERY_GOOD):
        submit_feedback(db, session=session, scope=FeedbackScope.COLLECTIVE, mood=mood)
    html = page(login_as(world["admin"]).get("/report/", query_string={"group": world["g"].id, **YEAR_2025}))
    assert cell(html, "moods", "Très bien") == "2" and cell(html, "moods", "Bien") == "1"
    assert "Humeur moyenne : 3,7 sur 4" in html


def test_a_facilitators_all_groups_means_all_of_their_groups(world, login_as):
    html = page(login_as(world["sophie"]).get("/report/", query_string={"group": "all", **YEAR_2025}))
    assert "Tous mes groupes" in html
    assert (cell(html, "sessions", "Tenues"), cell(html, "people_status", "Total")) == ("2", "2")
    assert "ID'MIX Tilleuls" in html and "ID'MIX Gare" not in html  # H is not in the list either


def test_a_facilitator_reads_their_group_and_gets_a_404_for_another(world, login_as):
    client = login_as(world["sophie"])
    html = page(client.get("/report/", query_string={"group": world["g"].id, **YEAR_2025}))
    assert "ID'MIX Tilleuls — année 2025" in html and cell(html, "sessions", "Tenues") == "2"
    other = {"group": world["h"].id, **YEAR_2025}
    for url in ("/report/", "/report/print", "/report/export/csv", "/report/export/xlsx"):
        assert client.get(url, query_string=other).status_code == 404, url


def test_a_referrer_may_not_read_the_report(world, login_as):
    client = login_as(world["referrer"])
    for url in ("/report/", "/report/print", "/report/export/csv", "/report/reviews/", "/report/reviews/new"):
        assert client.get(url, query_string=YEAR_2025).status_code == 403, url


@pytest.mark.parametrize("args, message", [
    ({"from": "2025-13-45"}, "Date de début illisible : « 2025-13-45 »"),
    ({"to": "demain"}, "Date de fin illisible : « demain »"),
    ({"from": "2025-06-01", "to": "2025-05-31"}, "La fin de la période doit être après son début."),
    ({"group": "ID'MIX"}, "Choisissez un groupe dans la liste."),
    ({"group": "²"}, "Choisissez un groupe dans la liste."),  # a digit for str.isdigit(), not for int()
    ({"group": "999999"}, "Ce groupe n'existe pas"),
])
def test_bad_input_gets_a_french_message_on_the_page(world, login_as, args, message):
    client = login_as(world["admin"])
    response = client.get("/report/", query_string=args)
    html = page(response)
    assert response.status_code == 200
    assert message in html
    assert 'id="key-figures"' not in html  # no figures for a wrong question
    # The print view and the exports send a hand-made bad URL back to the page, which says what is wrong.
    for url in ("/report/print", "/report/export/csv"):
        back = client.get(url, query_string=args)
        assert back.status_code == 302 and "/report/?" in back.headers["Location"]


def test_dates_may_be_typed_the_french_way(world, login_as):
    html = page(login_as(world["admin"]).get("/report/", query_string={"from": "01/03/2025", "to": "31/03/2025"}))
    assert "du 1er mars 2025 au 31 mars 2025" in html and cell(html, "sessions", "Tenues") == "2"


def test_quick_links_for_this_year_and_last_year(world, login_as):
    html = page(login_as(world["admin"]).get("/report/", query_string={"group": world["g"].id}))
    links = re.findall(r'href="(/report/\?[^"]+)"', html)
    assert any("from=2025-01-01" in link and "to=2025-12-31" in link and f"group={world['g'].id}" in link
               for link in links)
    assert "2025 (l'an dernier)" in html


def test_the_print_view_is_a_standalone_a4_page(world, db, login_as, make):
    write_action_review(db, group=world["g"], period_from=D(2025, 1, 1), period_to=D(2025, 12, 31),
                        strengths="Des liens se créent entre les participantes.", new_strategies="<b>Sorties</b>")
    response = login_as(world["sophie"]).get("/report/print", query_string={"group": world["g"].id, **YEAR_2025})
    raw = response.get_data(as_text=True)
    html = html_lib.unescape(raw)
    assert response.status_code == 200
    assert "@page { size: A4 portrait" in html and "<link" not in html  # CSS inline, nothing to fetch
    assert "<h1>Bilan d'activité</h1>" in html and "ID'MIX Tilleuls" in html
    assert cell(html, "sessions", "Tenues") == "2"
    assert "Points forts de l'action" in html and "Des liens se créent" in html
    assert "&lt;b&gt;Sorties&lt;/b&gt;" in raw  # staff text is escaped
    assert "Retour au bilan" in html


def test_csv_export_opens_with_the_right_figures(world, login_as):
    response = login_as(world["sophie"]).get("/report/export/csv", query_string={"group": world["g"].id, **YEAR_2025})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    disposition = response.headers["Content-Disposition"]
    assert f"bilan-activite-groupe-{world['g'].id}-20250101-20251231.csv" in disposition
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig")), delimiter=";"))
    assert ["Action collective", "ID'MIX Tilleuls"] in rows
    assert ["Tenues", "2"] in rows and ["Annulées", "1"] in rows
    assert ["Assistant(e) de service social de proximité (ASS)", "1"] in rows


def test_xlsx_export_opens_with_the_right_figures(world, login_as):
    response = login_as(world["admin"]).get("/report/export/xlsx", query_string={"group": "all", **YEAR_2025})
    assert response.status_code == 200 and "tous-les-groupes" in response.headers["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.get_data()))
    sessions = {row[0].value: row[1].value for row in book["Séances"].iter_rows(min_row=2)}
    assert sessions["Tenues"] == 5 and sessions["Annulées"] == 1
    referrals = {row[0].value: row[1].value for row in book["Orientations"].iter_rows(min_row=2)}
    assert referrals["Total"] == 3


def test_an_unknown_export_format_is_not_found(world, login_as):
    assert login_as(world["admin"]).get("/report/export/pdf").status_code == 404


def test_the_menu_leads_to_the_report(world, login_as):
    html = page(login_as(world["sophie"]).get("/"))
    assert "Bilan d'activité" in html
    assert 'href="/report/"' in html
    assert 'href="/report/"' not in login_as(world["referrer"]).get("/").get_data(as_text=True)


def _populate(make, db, group, n):
    for i in range(n):
        person = make.participant(group, referred_on=D(2025, 1, 2), birth_year=1950 + i)
        make.contract(person, starts_on=D(2025, 2, 1), ends_on=D(2025, 12, 31))
        session = make.session(group, D(2025, 3, 1) + dt.timedelta(days=i))
        make.attendance(session, person, is_trial=False)
        submit_feedback(db, session=session, scope=FeedbackScope.PERSONAL, mood=Mood.GOOD)
    db.flush()


@pytest.mark.parametrize("which", ["group", "all"])
def test_the_page_issues_the_same_queries_for_3_and_40_people_and_sessions(make, db, today, login_as, which):
    counts = {}
    for n in (3, 40):
        group = make.group()
        facilitator = make.facilitator(group)
        _populate(make, db, group, n)
        write_action_review(db, group=group, period_from=D(2025, 1, 1), period_to=D(2025, 12, 31), strengths="x")
        client = login_as(facilitator)
        url = f"/report/?group={group.id if which == 'group' else 'all'}&from=2025-01-01&to=2025-12-31"
        client.get(url)  # warm-up
        with counting_queries() as statements:
            response = client.get(url)
        assert response.status_code == 200
        assert cell(page(response), "sessions", "Tenues") == str(n)
        counts[n] = len([s for s in statements if not s.lstrip().upper().startswith(TRANSACTION_CONTROL)])
    assert counts[3] == counts[40], counts
    assert counts[3] <= MAX_QUERIES_PER_PAGE, counts  # the signed-in user, the groups with their evaluation, the report


def test_the_page_shows_the_evaluation_of_exactly_this_group_and_period(world, db, login_as):
    g, h = world["g"], world["h"]
    write_action_review(db, group=g, period_from=D(2025, 1, 1), period_to=D(2025, 6, 30), strengths="Bilan du semestre")
    write_action_review(db, group=h, period_from=D(2025, 1, 1), period_to=D(2025, 12, 31), strengths="Bilan de la Gare")
    admin = login_as(world["admin"])
    year = page(admin.get("/report/", query_string={"group": g.id, **YEAR_2025}))
    assert "Écrire l'évaluation de l'action" in year
    assert "Bilan du semestre" not in year and "Bilan de la Gare" not in year
    half = page(admin.get("/report/", query_string={"group": g.id, "from": "2025-01-01", "to": "2025-06-30"}))
    assert "Bilan du semestre" in half and "Modifier l'évaluation" in half and "Bilan de la Gare" not in half
    assert "Bilan de la Gare" in page(admin.get("/report/", query_string={"group": h.id, **YEAR_2025}))
    assert "Bilan de la Gare" not in page(admin.get("/report/", query_string={"group": "all", **YEAR_2025}))


def test_a_facilitator_with_one_group_gets_its_report_and_evaluation_by_default(world, login_as):
    html = page(login_as(world["sophie"]).get("/report/"))
    assert "ID'MIX Tilleuls — année 2026" in html
    assert "Écrire l'évaluation de l'action" in html


def test_the_heading_says_where_the_group_meets(world, login_as):
    response = login_as(world["admin"]).get("/report/export/csv", query_string={"group": world["g"].id, **YEAR_2025})
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig")), delimiter=";"))
    assert ["Lieu", "Circonscription Nord, Centre Médico-Social des Tilleuls"] in rows
    everyone = login_as(world["admin"]).get("/report/export/csv", query_string={"group": "all", **YEAR_2025})
    assert "Lieu" not in everyone.get_data().decode("utf-8-sig")


def test_a_facilitator_without_a_group_is_told_so(world, make, login_as):
    html = page(login_as(make.facilitator()).get("/report/", query_string=YEAR_2025))
    assert "Vous n'animez aucune action collective" in html
    assert 'id="key-figures"' not in html


def test_the_period_is_typed_and_shown_the_french_way_whatever_the_browser(world, login_as):
    """A native date input follows the browser's language (mm/dd/yyyy in English): the period is text,
    JJ/MM/AAAA, with the back-office's French picker."""
    client = login_as(world["sophie"])
    page = client.get("/report/", query_string={"from": "01/01/2025", "to": "31/12/2025"},
                      headers={"Accept-Language": "en-US,en;q=0.9"}).get_data(as_text=True)
    assert 'type="date"' not in page
    assert 'value="01/01/2025"' in page and 'value="31/12/2025"' in page
