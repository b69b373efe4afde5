"""Enums whose members carry the French label shown to users."""

from __future__ import annotations

import enum

from sqlalchemy import Enum as SAEnum


class LabelledEnum(str, enum.Enum):
    """``Member = ("stored_value", "Libellé français")``; stored by value, shown by label."""

    def __new__(cls, value: str, label: str):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    def __str__(self) -> str:
        return self.label

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(member.value, member.label) for member in cls]


def enum_column(enum_cls: type[LabelledEnum]) -> SAEnum:
    """A portable VARCHAR + CHECK column storing the enum's value (not its name)."""
    return SAEnum(
        enum_cls,
        native_enum=False,
        create_constraint=True,
        length=max(len(m.value) for m in enum_cls),
        values_callable=lambda cls: [m.value for m in cls],
        name=enum_cls.__name__.lower(),
        validate_strings=True,
    )
