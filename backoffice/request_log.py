"""The request log never holds a calendar feed's secret token nor what staff typed into a search.

The development server (werkzeug) logs '127.0.0.1 - - [date] "GET /participant/?search=Dupont HTTP/1.1" 200 -';
this filter rewrites the request line without its query string and with the feed's token hidden:
'"GET /participant/?… HTTP/1.1"', '"GET /calendar/….ics HTTP/1.1"'. Under gunicorn, the access-log
format of docs/securite.md does the same (``%(U)s`` is the path without the query string).
"""

from __future__ import annotations

import logging
import re

from flask import Flask

QUERY = re.compile(r'(?<=[^\s"?])\?[^\s"]*')
CALENDAR_TOKEN = re.compile(r"(/calendar/)(?!\?|\s|\")[^/\s\"?]+(\.ics)")
MESSAGE_TOKEN = re.compile(r"(/messages/(?:unsubscribe|sms-replies)/)[^/\s\"?]+")  # backoffice.messages_public


def scrub(line: str) -> str:
    """A log line without query strings nor calendar tokens."""
    return MESSAGE_TOKEN.sub(r"\1…", CALENDAR_TOKEN.sub(r"\1…\2", QUERY.sub("?…", line)))


class ScrubRequestLines(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = scrub(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


def install(logger_name: str = "werkzeug") -> None:
    logger = logging.getLogger(logger_name)
    if not any(isinstance(f, ScrubRequestLines) for f in logger.filters):
        logger.addFilter(ScrubRequestLines())


def init_app(app: Flask) -> None:
    install()
