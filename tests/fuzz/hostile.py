"""Hypothesis strategies for what people (and attackers) type into forms, and for a form's fields.

A submission keeps most fields as the page filled them in and changes up to three: so the random
values reach the deep checks (domain rules, the database) instead of stopping at the first field.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from bench.html_forms import Form

# Modest by default so that CI stays quick; IDMIX_FUZZ_EXAMPLES=500 for a long hunt.
EXAMPLES = int(os.environ.get("IDMIX_FUZZ_EXAMPLES", "10"))
fuzz_settings = settings(max_examples=EXAMPLES, deadline=None, derandomize=False, database=None,
                         suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

NAUGHTY = [
    "", " ", "\x00", "a\x00b", "\t\r\n", "\x1b[31m", "\u202eevil", "\ufeff", "\ud7ff", "😀" * 20,
    "'; DROP TABLE participant; --", "' OR '1'='1", "1; SELECT pg_sleep(0)", "%", "_", "\\",
    "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "{{ 7*7 }}", "{% raw %}", "%s%s%n",
    "=HYPERLINK(\"http://x\")", "../../etc/passwd", "null", "None", "true", "on", "[]", "{}",
    "0", "-1", "1.5", "1e309", "NaN", "-0", "9" * 30, "2147483648", "-9223372036854775809",
    "0001-01-01", "9999-12-31", "10000-01-01", "2026-02-30", "2026-13-01", "2026-00-10", "31/12/2026",
    "2026-03-10T14:00", "25:61", "14:00:00.000001", "x" * 5000,
]

hostile_text = st.one_of(
    st.sampled_from(NAUGHTY),
    st.text(max_size=40),  # any code point, control characters included
    st.text(alphabet=st.characters(codec="utf-8"), min_size=250, max_size=600),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.dates(min_value=__import__("datetime").date(1, 1, 1)).map(lambda d: d.isoformat()),
)
# A field sent twice, or with a list where one value is expected ("wrong types").
hostile_value = st.one_of(hostile_text, hostile_text, st.lists(hostile_text, min_size=2, max_size=3))

NEVER_CHANGED = {"csrf_token"}  # a wrong token is tested elsewhere (tests/backoffice/test_csrf.py)


@st.composite
def submission(draw, form: Form | None, extra_names: tuple[str, ...] = ()) -> dict:
    """The form's own values with up to three fields changed to hostile ones, or removed."""
    data = dict(form.defaults()) if form is not None else {}
    names = sorted({f.name for f in (form.fields if form else []) if f.name not in NEVER_CHANGED} | set(extra_names))
    if not names:
        return data
    for name in draw(st.lists(st.sampled_from(names), max_size=3, unique=True)):
        field = form.field(name) if form is not None else None
        choices = [st.just(None), hostile_value]
        if field is not None and field.options:
            choices.append(st.sampled_from(field.options))
        value = draw(st.one_of(*choices))
        if value is None:
            data.pop(name, None)  # a missing field
        else:
            data[name] = value
    return data
