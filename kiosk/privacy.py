"""Server logs keep no line of any kiosk request: not its address, not its time, not its place.

A line without address or time still sits between the sign-ins before and after it, whose times are
in the attendance records; and the lines around an opinion say what was done just before it (a tap
on the speaker of « Pas très bien » is a ``POST /parler``). So every request line of the kiosk is
dropped, not rewritten, whoever logs it:

- the development server (``idmix serve``, Werkzeug), which colours 4xx and 5xx lines with ANSI
  escapes (matched too);
- gunicorn's access log, if one is switched on (the documented kiosk command keeps none; the
  back-office's documented command, serving ``wsgi:app``, keeps one: the kiosk's lines are dropped).

With the combined app (``wsgi:app``) the kiosk's paths start with ``/kiosk/``; served alone
(``wsgi:create_kiosk()``) they do not, so the kiosk also marks each request's WSGI environ
(``mark_kiosk_requests``), which gunicorn hands to its access log as ``{idmix.kiosk}e``.
"""

from __future__ import annotations

import logging
import re

from flask import Flask

from shared import request_log

ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")
KIOSK_LINE = re.compile(r'"[A-Z]+ /kiosk(?:[/?\s]|")')
LOGGERS = ("werkzeug", "gunicorn.access")
MARK = "idmix.kiosk"


class HideKioskRequests(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, dict) and "U" in args:  # gunicorn's access atoms: U is the path, then the environ
            return not (_is_kiosk_path(str(args.get("U", ""))) or f"{{{MARK}}}e" in args)
        message = ANSI_ESCAPE.sub("", record.getMessage())
        return KIOSK_LINE.search(message) is None


def _is_kiosk_path(path: str) -> bool:
    return re.match(r"/kiosk(?:/|$)", path) is not None


def install(logger_names: tuple[str, ...] = LOGGERS) -> None:
    for name in logger_names:
        logger = logging.getLogger(name)
        if not any(isinstance(f, HideKioskRequests) for f in logger.filters):
            logger.addFilter(HideKioskRequests())


def mark_kiosk_requests(wsgi_app):
    """The kiosk's WSGI app, marking each request's environ: its access log line is not written."""

    def marked(environ, start_response):
        environ[MARK] = "1"
        return wsgi_app(environ, start_response)

    return marked


def init_app(app: Flask) -> None:
    install()
    request_log.install()  # and no query string in any request line (``shared.request_log``)
    app.wsgi_app = mark_kiosk_requests(app.wsgi_app)
