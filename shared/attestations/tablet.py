"""Where the tablet may show a person's own journey (« Mon parcours »): only in a group that asks for PINs.
Without one, tapping a name would show that person's sessions and skills to whoever holds the tablet."""

from __future__ import annotations


def journey_on_tablet(group) -> bool:
    return bool(group.requires_pin)
