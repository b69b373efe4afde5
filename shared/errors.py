"""Domain errors. Each carries a French message the apps show as is."""


class DomainError(Exception):
    """A rule of the domain refused an operation; ``message`` is plain French for the user."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ContractRuleError(DomainError):
    """A contract breaks the 18-month, overlap, signature or renewal rules."""


class CheckInRefused(DomainError):
    """A sign-in to a session is not allowed (wrong day, cancelled session, person who left...)."""


class ScheduleError(DomainError):
    """A session schedule cannot be generated as asked."""


class ReferralError(DomainError):
    """A referral or an exit cannot be recorded as asked."""
