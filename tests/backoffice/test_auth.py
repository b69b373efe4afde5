from tests.backoffice.conftest import login


def test_anonymous_visitor_is_sent_to_login_with_next(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/login?next=/" in response.headers["Location"]


def test_login_page_is_in_french(client):
    page = client.get("/login").get_data(as_text=True)
    assert "Se connecter" in page and "Mot de passe" in page


def test_wrong_password_shows_a_french_message_next_to_the_field(client, make, db):
    staff = make.facilitator()
    db.commit()
    page = client.post("/login", data={"email": staff.email, "password": "mauvais-mot-de-passe"})
    assert page.status_code == 200
    assert "Adresse e-mail ou mot de passe incorrect." in page.get_data(as_text=True)


def test_empty_form_is_refused_with_messages(client):
    page = client.post("/login", data={}).get_data(as_text=True)
    assert "Indiquez votre adresse e-mail." in page


def test_login_redirects_only_inside_the_site(client, make, db):
    staff = make.facilitator()
    db.commit()
    for evil in ("https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"):
        response = client.post(f"/login?next={evil}", data={"email": staff.email, "password": "motdepasse-de-test"})
        assert response.status_code == 302
        assert "evil" not in response.headers["Location"] and "javascript" not in response.headers["Location"]
        client.post("/logout")


def test_session_cookie_is_httponly_and_samesite(client, make, db):
    staff = make.facilitator()
    db.commit()
    response = client.post("/login", data={"email": staff.email, "password": "motdepasse-de-test"})
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("idmix_staff="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
