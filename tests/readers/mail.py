"""A message as it left, read by Python's ``email`` in strict mode (a defect raises) and by mail-parser (PyPI),
as a participant's or a referrer's mail program would: never through the object that built it."""

from __future__ import annotations

import email
import email.policy
from dataclasses import dataclass

import mailparser


@dataclass
class Read:
    strict: email.message.EmailMessage
    parsed: object  # mailparser.MailParser
    header_lines: dict[str, str]  # each header's raw line, unfolded, as on the wire


def raw_headers(raw: bytes) -> dict[str, str]:
    head = raw.split(b"\r\n\r\n", 1)[0] if b"\r\n\r\n" in raw else raw.split(b"\n\n", 1)[0]
    lines: dict[str, str] = {}
    name = None
    for line in head.decode("ascii").splitlines():
        if line[:1] in (" ", "\t") and name:
            lines[name] += line
        else:
            name, _, value = line.partition(":")
            name = name.lower()
            lines[name] = value.strip()
    return lines


def read_mail(raw: bytes) -> Read:
    strict = email.message_from_bytes(raw, policy=email.policy.strict)
    assert not strict.defects, strict.defects
    for name, value in strict.items():
        assert not getattr(value, "defects", ()), (name, value.defects)
    parsed = mailparser.parse_from_bytes(raw)
    assert not parsed.defects, parsed.defects
    return Read(strict, parsed, raw_headers(raw))
