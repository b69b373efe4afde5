"""Every model of the project, imported in one place so the mapper registry is complete."""

from shared.anonymity.models import PoolEntry
from shared.attestations.models import Attestation, AttestationItem, AttestationRequest, ItemKind, Skill
from shared.audit.models import AuditAction, AuditEntry
from shared.contracts.models import Contract, Objective, ObjectiveCategory, ObjectiveStatus
from shared.db import Base
from shared.decisions.models import Ballot, Proposal, Vote, VoteChoice, VoteParticipation
from shared.evaluation.models import ActionReview
from shared.exits.models import Exit, ExitDestination, ExitPlan
from shared.feedback.models import Feedback, FeedbackScope, FeedbackStatus, Mood
from shared.groups.calendar_feeds import CalendarFeed
from shared.groups.closures import GroupClosure
from shared.groups.models import Group, Theme
from shared.imports.models import ImportMapping
from shared.kiosk.models import Device, EnrolmentCode, WalkIn
from shared.kiosk.offline_models import DeviceContact, OfflineReceipt, PendingAttendance
from shared.messaging.models import Message, MessageConsent
from shared.partners.models import Partner, PartnerKind
from shared.people.models import Benefit, Gender, Participant, ParticipantStatus, Referral
from shared.people.status import attach_status_column
from shared.reviews.models import ContractReview, LifeArea, ObjectivePosition, ReviewKind, SelfRating
from shared.sessions.models import Attendance, AttendanceSource, AttendanceStatus, Session
from shared.staff.models import JobTitle, Role, StaffMember

attach_status_column()

__all__ = [
    "ActionReview", "Attestation", "AttestationItem", "AttestationRequest", "ItemKind", "Skill", "Attendance", "Ballot", "Proposal", "Vote", "VoteChoice", "VoteParticipation", "AttendanceSource", "AttendanceStatus", "AuditAction", "AuditEntry", "Base",
    "Benefit", "CalendarFeed", "Contract", "ContractReview", "Device", "DeviceContact", "EnrolmentCode", "Exit",
    "ExitDestination", "ExitPlan", "Feedback", "FeedbackScope", "FeedbackStatus", "Gender", "Group",
    "GroupClosure", "ImportMapping", "JobTitle", "Message", "MessageConsent", "OfflineReceipt", "Partner", "PartnerKind", "PendingAttendance",
    "LifeArea", "Mood", "Objective", "ObjectiveCategory", "ObjectivePosition", "ObjectiveStatus", "Participant",
    "ParticipantStatus", "PoolEntry", "Referral", "ReviewKind", "Role", "SelfRating", "Session", "StaffMember", "Theme",
    "WalkIn",
]
