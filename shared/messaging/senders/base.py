"""The one small interface every sender implements."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass
class Outcome:
    """What the provider answered. ``retry``: the message was certainly not sent, try again later.
    A failure with ``retry=False`` is final: the provider refused it, or we cannot know whether it left."""

    sent: bool
    answer: str
    retry: bool = False


class Sender(Protocol):
    def send(self, address: str, subject: str | None, body: str) -> Outcome: ...
