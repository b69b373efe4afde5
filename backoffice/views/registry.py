"""The list of back-office views, in menu order."""

from __future__ import annotations


def VIEWS():  # noqa: N802 - a list builder, called once per app
    return []
