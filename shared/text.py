"""Text from outside (forms, imports): no NUL or other control characters, except tab and line breaks.

No field needs them; PostgreSQL refuses NUL in text, and the others hide text on screens and in exports.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_control_characters(value: str) -> str:
    return _CONTROL.sub("", value)
