"""Server logs keep no line of the opinion screens: not their address, not their time, not their place.

A line without address or time still sits between the sign-ins before and after it, whose times are
in the attendance records: so the request lines of ``/avis`` (the form, the send, their refusals)
are dropped, not rewritten. Werkzeug colours 4xx and 5xx lines with ANSI escapes; those are
matched too. The same filter sits on gunicorn's access logger, in case an access log is switched
on; the documented gunicorn command keeps none for the kiosk (docs/kiosk.md).
"""

from __future__ import annotations

import logging
import re

from flask import Flask

from shared import request_log

ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")
FEEDBACK_PATH = re.compile(r'"[A-Z]+ \S*/avis(?:[/?\s]|")')
LOGGERS = ("werkzeug", "gunicorn.access")


class HideFeedbackClients(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, dict) and "U" in args:  # gunicorn's access atoms: U is the path
            return not _is_feedback_path(str(args.get("U", "")))
        message = ANSI_ESCAPE.sub("", record.getMessage())
        return FEEDBACK_PATH.search(message) is None


def _is_feedback_path(path: str) -> bool:
    return re.search(r"/avis(?:/|$)", path) is not None


def install(logger_names: tuple[str, ...] = LOGGERS) -> None:
    for name in logger_names:
        logger = logging.getLogger(name)
        if not any(isinstance(f, HideFeedbackClients) for f in logger.filters):
            logger.addFilter(HideFeedbackClients())


def init_app(app: Flask) -> None:
    install()
    request_log.install()  # and no query string in any request line (``shared.request_log``)
