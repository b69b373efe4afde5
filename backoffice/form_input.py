"""Every value posted to the back-office or put in its query string loses control characters
(``shared.text``) before any form, filter or operation reads it."""

from __future__ import annotations

from flask import Request
from werkzeug.datastructures import ImmutableMultiDict, MultiDict

from shared.text import strip_control_characters


class CleanMultiDict(ImmutableMultiDict):
    def __init__(self, mapping=None):
        raw = MultiDict(mapping)
        super().__init__([(strip_control_characters(key), strip_control_characters(value) if isinstance(value, str)
                           else value) for key, value in raw.items(multi=True)])


class CleanRequest(Request):
    parameter_storage_class = CleanMultiDict
