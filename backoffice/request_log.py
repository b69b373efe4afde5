"""The request log never holds a query string (what staff typed into a search) nor a calendar feed's
or a message link's secret token: ``shared.request_log`` on the werkzeug and gunicorn access loggers.

The development server (werkzeug) logs '127.0.0.1 - - [date] "GET /participant/?search=Dupont HTTP/1.1" 200 -';
the filter rewrites it '"GET /participant/?… HTTP/1.1"', '"GET /calendar/….ics HTTP/1.1"'. Under gunicorn,
the logger class of docs/securite.md (``backoffice.gunicorn_log.ScrubbingLogger``) does the same.
"""

from __future__ import annotations

from flask import Flask

from shared.request_log import ScrubRequestLines, install, scrub  # noqa: F401  (gunicorn_log, tests)


def init_app(app: Flask) -> None:
    install()
