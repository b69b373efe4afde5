"""Server logs never hold the address (or time) of a feedback request.

The development server (werkzeug) writes '203.0.113.7 - - [date] "POST /kiosk/avis ..." 200 -';
for the feedback screens this filter rewrites it to '- - [-] "POST /kiosk/avis ..." 200 -'.
Under gunicorn, run the kiosk with an access-log format without %(h)s and %(t)s, see docs/kiosk.md.
"""

from __future__ import annotations

import logging
import re

from flask import Flask

FEEDBACK_PATH = re.compile(r'"[A-Z]+ \S*/avis(?:[/?\s]|")')
ADDRESS_AND_TIME = re.compile(r"^\S+ - - \[[^\]]*\]")


class HideFeedbackClients(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if FEEDBACK_PATH.search(message):
            record.msg = ADDRESS_AND_TIME.sub("- - [-]", message)
            record.args = ()
        return True


def install(logger_name: str = "werkzeug") -> None:
    logger = logging.getLogger(logger_name)
    if not any(isinstance(f, HideFeedbackClients) for f in logger.filters):
        logger.addFilter(HideFeedbackClients())


def init_app(app: Flask) -> None:
    install()
