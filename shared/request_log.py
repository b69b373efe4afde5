"""Request logs hold no query string at all, nor the secret token of a calendar feed or a message link.

A query string holds what staff typed into a search or a filter: names. Every log line of the
development server (werkzeug) and every atom of gunicorn's access log loses everything from its first
``?``: in a request line up to its protocol (``"GET /participant/?… HTTP/1.1"``), elsewhere (a referrer,
a redirect's target) to the end of the value. Nothing in the query stops the cut, neither a raw ``"``
(issue #23) nor a space nor the colour escapes werkzeug puts around 4xx and 5xx lines. A malformed
request line is refused with a warning that quotes a piece of it (gunicorn: "Invalid HTTP Version:
'Fatima HTTP/1.1'", werkzeug: "Bad request version ('Fatima')"): the quoted piece is dropped.

Both apps install ``ScrubRequestLines`` on the ``werkzeug`` and gunicorn's loggers, so any
``--access-logformat`` is safe; ``backoffice.gunicorn_log.ScrubbingLogger`` applies the same cut.
Standard library only: the back-office and the kiosk share it.
"""

from __future__ import annotations

import logging
import re

PROTOCOL = re.compile(r" HTTP/\d(?:\.\d)?")
CALENDAR_TOKEN = re.compile(r"(/calendar/)(?!\?|\s|\")[^/\s\"?]+(\.ics)")
MESSAGE_TOKEN = re.compile(r"(/messages/(?:unsubscribe|sms-replies)/)[^/\s\"?]+")  # backoffice.messaging.public
QUOTED = re.compile(r"'[^\n]*'")
LOGGERS = ("werkzeug", "gunicorn.access", "gunicorn.error")


def without_query(text: str) -> str:
    """Each line of ``text`` cut from its first ``?`` to its last protocol (`` HTTP/1.1``), else to its end."""
    return "\n".join(_cut(line) for line in text.split("\n"))


def _cut(line: str) -> str:
    start = line.find("?")
    if start == -1:
        return line
    last = None
    for last in PROTOCOL.finditer(line, start):
        pass
    if last is None:
        return line[:start] + "?…"
    return line[:start] + "?…" + last.group() + _cut(line[last.end():])


def scrub(text: str) -> str:
    """A log line without query strings nor calendar and message tokens."""
    return MESSAGE_TOKEN.sub(r"\1…", CALENDAR_TOKEN.sub(r"\1…\2", without_query(text)))


def scrub_atoms(atoms: dict) -> dict:
    """gunicorn's access-log atoms, changed in place: every text scrubbed (the request line, the path,
    the referrer, request and response headers, environ values), the query ``%(q)s`` empty."""
    for name, value in list(atoms.items()):
        if isinstance(value, str):
            atoms[name] = scrub(value)
    atoms["q"] = ""
    return atoms


class ScrubRequestLines(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, dict):  # gunicorn's access atoms, whatever its logger class
            scrub_atoms(record.args)
            return True
        message = record.getMessage()
        cleaned = scrub(message)
        if record.levelno >= logging.WARNING:  # a refused request line, quoted in the warning
            cleaned = QUOTED.sub("'…'", cleaned)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


def install(logger_names: tuple[str, ...] = LOGGERS) -> None:
    for name in logger_names:
        logger = logging.getLogger(name)
        if not any(isinstance(f, ScrubRequestLines) for f in logger.filters):
            logger.addFilter(ScrubRequestLines())
