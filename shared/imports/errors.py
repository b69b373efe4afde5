"""Why a whole file is refused (not a spreadsheet, macros, password, too big, empty, no known column)."""

from __future__ import annotations

from shared.errors import DomainError


class ImportRefused(DomainError):
    """The file as a whole cannot be imported; ``message`` says why, in French."""
