"""Staff accounts with a job title (who refers) and a role (what they may see)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Integer, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.db import Base
from shared.types import UTCDateTime
from shared.groups.models import group_staff
from shared.labels import LabelledEnum, enum_column


class JobTitle(LabelledEnum):
    ASS = ("ass", "Assistant(e) de service social de proximité (ASS)")
    CIP = ("cip", "Chargé(e) d'insertion professionnelle (CIP)")
    CESF = ("cesf", "Conseiller(ère) en économie sociale et familiale (CESF)")
    ASS_RMI = ("ass_rmi", "Assistant(e) de service social spécialisé(e) RMI/RSA")
    FACILITATOR = ("facilitator", "Animateur(trice) d'atelier")
    MANAGER = ("manager", "Responsable de circonscription")

    @property
    def is_referrer_job(self) -> bool:
        return self in REFERRER_JOBS


REFERRER_JOBS = frozenset({JobTitle.ASS, JobTitle.CIP, JobTitle.CESF, JobTitle.ASS_RMI})


class Role(LabelledEnum):
    ADMIN = ("admin", "Administrateur")
    FACILITATOR = ("facilitator", "Animateur")
    REFERRER = ("referrer", "Travailleur social orienteur")


class StaffMember(Base):
    __tablename__ = "staff_member"
    __table_args__ = (UniqueConstraint("oidc_issuer", "oidc_subject", name="uq_staff_member_oidc"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(80))
    email: Mapped[str] = mapped_column(String(254), unique=True)
    job_title: Mapped[JobTitle] = mapped_column(enum_column(JobTitle))
    role: Mapped[Role] = mapped_column(enum_column(Role))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=lambda: _utcnow())
    # Written into every signed-in cookie; raising it ends every existing session of the account.
    session_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # Set by a temporary password an admin gave: every page asks for a new password until it is changed.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The department's OpenID provider's identity, linked at the first sign-in (shared.staff.identity).
    oidc_issuer: Mapped[str | None] = mapped_column(String(255))
    oidc_subject: Mapped[str | None] = mapped_column(String(255))

    groups: Mapped[list["Group"]] = relationship(  # noqa: F821
        secondary=group_staff, back_populates="staff"
    )

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def __str__(self) -> str:
        return self.full_name


class LoginThrottle(Base):
    """Failed sign-ins of one account (the address typed) or one client address, shared by every
    server process. ``key`` is a hash: neither typed addresses nor client addresses are stored."""

    __tablename__ = "login_throttle"
    __table_args__ = (UniqueConstraint("scope", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(10))  # "account" or "address"
    key: Mapped[str] = mapped_column(String(64))
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    blocked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)
