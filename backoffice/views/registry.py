"""The list of back-office views, in menu order."""

from __future__ import annotations

from shared.audit.models import AuditEntry
from shared.contracts.models import Contract
from shared.exits.models import Exit
from shared.feedback.models import Feedback
from shared.groups.models import Group, Theme
from shared.groups.closures import GroupClosure
from shared.kiosk.models import Device, WalkIn
from shared.kiosk.offline_models import PendingAttendance
from shared.messaging.models import Message
from shared.people.models import Participant, Referral
from shared.reviews.models import ContractReview
from shared.sessions.models import Attendance, Session
from shared.staff.models import StaffMember

from ..extensions import db


def VIEWS():  # noqa: N802 - a list builder, called once per app
    from ..account import AccountView
    from ..actions import ACTION_VIEWS
    from ..imports import IMPORT_VIEWS
    from ..reports import REPORT_VIEWS
    from .audit import AuditView
    from .contracts import ContractView
    from .decisions import DecisionView
    from .exits import ExitView
    from .feedback import FeedbackView
    from .groups import GroupView, ThemeView
    from .closures import ClosureView
    from .kiosk_pending import PendingAttendanceView
    from .kiosk_records import DeviceView, WalkInView
    from .messages import MessageView
    from .people import ParticipantView, ReferralView
    from .reviews import ReviewView
    from .sessions import AttendanceView, SessionView
    from .staff import StaffView

    people, sessions, settings = "Personnes", "Séances", "Paramètres"
    return [
        ParticipantView(Participant, db, name="Personnes", category=people),
        ReferralView(Referral, db, name="Orientations", category=people),
        ExitView(Exit, db, name="Sorties", category=people),
        ContractView(Contract, db, name="Contrats"),
        ReviewView(ContractReview, db, name="Bilans"),
        SessionView(Session, db, name="Séances", category=sessions),
        AttendanceView(Attendance, db, name="Émargements", category=sessions),
        WalkInView(WalkIn, db, name="Visiteurs à rattacher", category=sessions),
        PendingAttendanceView(PendingAttendance, db, name="Présences à confirmer", category=sessions),
        MessageView(Message, db, name="Messages envoyés", category=sessions),
        FeedbackView(Feedback, db, name="Avis"),
        DecisionView(name="Décisions", endpoint="decisions", url="/decisions"),
        GroupView(Group, db, name="Groupes", category=settings),
        ThemeView(Theme, db, name="Thèmes", category=settings),
        ClosureView(GroupClosure, db, name="Fermetures des groupes", category=settings),
        DeviceView(Device, db, name="Tablettes", category=settings),
        StaffView(StaffMember, db, name="Comptes de l'équipe", category=settings),
        AuditView(AuditEntry, db, name="Journal des modifications", category=settings),
    ] + ACTION_VIEWS() + REPORT_VIEWS() + IMPORT_VIEWS() + [AccountView(name="Mon compte", endpoint="account", url="/account")]
