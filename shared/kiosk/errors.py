"""Refusals of the kiosk's rules, each with a plain French message the tablet shows as is."""

from shared.errors import DomainError


class KioskError(DomainError):
    """Base of every kiosk refusal."""


class EnrolmentRefused(KioskError):
    """An enrolment code is unknown, already used or expired."""


class PinRefused(KioskError):
    """A PIN check did not let the person through."""


class WrongPin(PinRefused):
    """A wrong PIN; ``failures``: this person's wrong PINs in a row, this one included (what staff read)."""

    def __init__(self, message: str, *, field: str | None = None, failures: int = 1) -> None:
        super().__init__(message, field=field)
        self.failures = failures


class PinLocked(PinRefused):
    """This person's PIN is locked for a while after too many wrong tries; ``fresh``: locked by this very try."""

    def __init__(self, message: str, *, field: str | None = None, fresh: bool = False) -> None:
        super().__init__(message, field=field)
        self.fresh = fresh


class DeviceLocked(PinRefused):
    """Too many people got their PIN wrong on this tablet since its last right PIN: PIN entry pauses."""


class PinNotSet(PinRefused):
    pass


class InvalidPin(KioskError):
    """Staff typed a PIN that is not four digits."""


class WalkInError(KioskError):
    pass
