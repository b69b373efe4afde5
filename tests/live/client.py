"""A small HTTP client for the live server: standard library only, cookies kept, redirects not followed."""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser
from http.cookiejar import CookieJar

_CSRF_INPUT = re.compile(r'<input[^>]*\bname="csrf_token"[^>]*>')
_VALUE = re.compile(r'\bvalue="([^"]*)"')


@dataclass
class Answer:
    status: int
    headers: object
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    @property
    def location(self) -> str:
        """The redirect target's path (and query), whatever host the server wrote."""
        parts = urllib.parse.urlsplit(self.headers.get("Location", ""))
        return parts.path + (f"?{parts.query}" if parts.query else "")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # the 3xx answer comes back as it is: tests assert where it points


class Browser:
    """One visitor: a cookie jar shared by its requests, as a browser would keep."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.cookies = CookieJar()
        self._opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect)

    def get(self, path: str) -> Answer:
        return self._send(urllib.request.Request(self.base_url + path))

    def post(self, path: str, data: dict | list[tuple[str, str]]) -> Answer:
        body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(self.base_url + path, data=body, method="POST",
                                         headers={"Content-Type": "application/x-www-form-urlencoded"})
        return self._send(request)

    def _send(self, request: urllib.request.Request) -> Answer:
        try:
            with self._opener.open(request, timeout=30) as response:
                return Answer(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:  # 3xx (not followed), 4xx, 5xx
            with error:
                return Answer(error.code, error.headers, error.read())

    def csrf_token(self, path: str) -> str:
        """The CSRF token printed in the page at ``path`` (as a browser would submit it)."""
        page = self.get(path)
        assert page.status == 200, (path, page.status, page.text[:300])
        return csrf_token_in(page.text)

    def sign_in(self, email: str, password: str) -> Answer:
        return self.post("/login", {"email": email, "password": password, "csrf_token": self.csrf_token("/login")})

    def sign_out(self) -> Answer:
        return self.post("/logout", {"csrf_token": self.csrf_token("/")})


def csrf_token_in(html: str) -> str:
    tag = _CSRF_INPUT.search(html)
    assert tag is not None, "no csrf_token field in the page"
    value = _VALUE.search(tag.group(0))
    assert value is not None and value.group(1), "an empty csrf_token field"
    return value.group(1)


class _FormFields(HTMLParser):
    """What a browser would post for each POST form of a page, before anyone types: every named field
    with its current value (ticked boxes only, the selected options, textareas' text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[str, list[tuple[str, str]]]] = []  # (action, fields)
        self._fields: list[tuple[str, str]] | None = None
        self._select: tuple[str, bool] | None = None  # (name, multiple)
        self._select_first: str | None = None
        self._select_chosen = False
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._fields = []
            self.forms.append((a.get("action") or "", self._fields))
            return
        if self._fields is None or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._fields.append((name, a.get("value") or "on"))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self._fields.append((name, a.get("value") or ""))
        elif tag == "select" and name:
            self._select = (name, "multiple" in a)
            self._select_first, self._select_chosen = None, False
        elif tag == "option" and self._select:
            value = a.get("value") or ""
            if self._select_first is None:
                self._select_first = value
            if "selected" in a:
                self._fields.append((self._select[0], value))
                self._select_chosen = True
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if self._fields is None:
            return
        if tag == "form":
            self._fields = None
        elif tag == "select" and self._select:
            name, multiple = self._select
            if not self._select_chosen and not multiple and self._select_first is not None:
                self._fields.append((name, self._select_first))  # a browser sends the first option
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self._fields.append((self._textarea, "".join(self._text).removeprefix("\n")))
            self._textarea = None


def form_fields(html: str) -> dict[str, list[str]]:
    """The first POST form of the page (not the sign-out one), as ``{name: [values]}``."""
    parser = _FormFields()
    parser.feed(html)
    forms = [fields for action, fields in parser.forms if "logout" not in action]
    assert forms, "no form to fill in the page"
    fields: dict[str, list[str]] = {}
    for name, value in forms[0]:
        fields.setdefault(name, []).append(value)
    return fields


def fill(html: str, **typed: str | list[str] | None) -> list[tuple[str, str]]:
    """The page's form with ``typed`` values over the defaults (None: leave the field empty/unticked)."""
    fields = form_fields(html)
    for name, value in typed.items():
        fields[name] = [] if value is None else (value if isinstance(value, list) else [value])
    # Flask-Admin prints Flask-WTF's token and the form's own under one name: a browser sends both.
    return [(name, value) for name, values in fields.items() for value in values]
