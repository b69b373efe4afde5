"""An iCalendar feed read by ical.js (npm, Thunderbird's engine) and by vobject (PyPI): never by icalendar,
the library that wrote it. Each gives {UID: (start, end)} as aware UTC datetimes."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import vobject

from tests.chromium import need
from tests.kiosk.browser_support import ROOT

ICAL_JS = ROOT / "node_modules" / "ical.js"
SCRIPT = Path(__file__).with_name("ical_instants.mjs")


def _utc(seconds: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, dt.timezone.utc)


def read_with_ical_js(feed: bytes) -> dict[str, tuple[dt.datetime, dt.datetime]]:
    need(shutil.which("node") is not None and ICAL_JS.exists(), "node and ical.js are needed: npm install")
    done = subprocess.run(["node", str(SCRIPT)], input=feed, capture_output=True, cwd=ROOT, timeout=60, check=True)
    return {uid: (_utc(start), _utc(end)) for uid, (start, end) in json.loads(done.stdout).items()}


def read_with_vobject(feed: bytes) -> dict[str, tuple[dt.datetime, dt.datetime]]:
    calendar = vobject.readOne(feed.decode("utf-8"))
    return {str(event.uid.value): (event.dtstart.value.astimezone(dt.timezone.utc),
                                   event.dtend.value.astimezone(dt.timezone.utc))
            for event in calendar.vevent_list}
