"""``shared.request_log``: no query string survives in a log line, whatever it holds (issue #23, point 10).
The real servers' logs are checked in tests/live/test_request_log_live.py."""

import logging

import pytest

from shared.request_log import ScrubRequestLines, scrub, scrub_atoms


@pytest.mark.parametrize("line, expected", [
    ('"GET /admin/participant/?flt="&search=Benali%20Fatima HTTP/1.1" 302 -',
     '"GET /admin/participant/?… HTTP/1.1" 302 -'),
    ('"GET /participant/?search=Benali Fatima HTTP/1.1" 400 -', '"GET /participant/?… HTTP/1.1" 400 -'),
    ('"\x1b[33mGET /nulle-part?q="Benali" HTTP/1.1\x1b[0m" 404 -', '"\x1b[33mGET /nulle-part?… HTTP/1.1\x1b[0m" 404 -'),
    ('"GET /x?a=Benali HTTP/1.1 Fatima HTTP/1.1" 400 -', '"GET /x?… HTTP/1.1" 400 -'),  # the last protocol
    ('"GET /x?nom=Benali" 400 -', '"GET /x?…'),  # no protocol: cut to the end of the line
    ("http://127.0.0.1/admin/participant/?search=\"Benali Fatima\"", "http://127.0.0.1/admin/participant/?…"),
    ('"GET /calendar/jeton-secret.ics?x=1 HTTP/1.1" 200 -', '"GET /calendar/….ics?… HTTP/1.1" 200 -'),
    ('"GET /admin/participant/ HTTP/1.1" 200 -', '"GET /admin/participant/ HTTP/1.1" 200 -'),
])
def test_everything_from_the_first_question_mark_to_the_protocol_is_cut(line, expected):
    assert scrub(line) == expected


def test_each_line_of_a_message_is_cut_on_its_own():
    two = '"GET /a?Benali HTTP/1.1" 200 -\n"GET /b HTTP/1.1" 200 -'
    assert scrub(two) == '"GET /a?… HTTP/1.1" 200 -\n"GET /b HTTP/1.1" 200 -'


def test_gunicorn_atoms_lose_every_query_and_the_query_atom_is_empty():
    atoms = {"r": 'GET /p/?flt=\\"&search=Benali%20Fatima HTTP/1.1', "U": "/p/", "q": 'flt="&search=Benali',
             "f": "http://x/p/?search=Benali", "{location}o": "/login?next=/p/?search=Benali", "s": "302", "B": 12}
    scrub_atoms(atoms)
    assert "Benali" not in repr(atoms)
    assert atoms["r"] == "GET /p/?… HTTP/1.1" and atoms["q"] == "" and atoms["B"] == 12


def _record(name, level, msg, args):
    return logging.LogRecord(name, level, __file__, 1, msg, args, None)


def test_the_filter_cuts_werkzeug_lines_and_gunicorn_atoms_whatever_the_logger_class():
    line = _record("werkzeug", logging.INFO, '127.0.0.1 - - [x] "%s" %s %s',
                   ('GET /p/?flt="&nom=Benali HTTP/1.1', 302, "-"))
    assert ScrubRequestLines().filter(line) and "Benali" not in line.getMessage()
    access = _record("gunicorn.access", logging.INFO, '"%(r)s" %(s)s',
                     ({"r": "GET /p/?nom=Benali HTTP/1.1", "s": "200"},))
    assert ScrubRequestLines().filter(access) and access.getMessage() == '"GET /p/?… HTTP/1.1" 200'


@pytest.mark.parametrize("name, msg, args", [
    ("gunicorn.error", "Invalid request from ip=%s: %s", ("127.0.0.1", "Invalid HTTP Version: 'Fatima HTTP/1.1'")),
    ("werkzeug", "code %d, message %s", (400, "Bad request version ('Fatima')")),
])
def test_a_refused_request_line_quoted_in_a_warning_is_not_kept(name, msg, args):
    record = _record(name, logging.ERROR if name == "werkzeug" else logging.WARNING, msg, args)
    assert ScrubRequestLines().filter(record)
    assert "Fatima" not in record.getMessage() and "'…'" in record.getMessage()
