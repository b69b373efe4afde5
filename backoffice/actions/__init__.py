"""Actions a facilitator performs: renew, sign, end early, generate sessions, take attendance,
print, subscribe to a group's calendar. ``ACTION_VIEWS()`` gives the Flask-Admin views to add."""

from __future__ import annotations


def ACTION_VIEWS() -> list:  # noqa: N802 - a list builder, like views.registry.VIEWS
    from .attendance_sheet import AttendanceSheetView
    from .calendar import CalendarFeedView, CalendarSubscriptionView
    from .consent import ConsentView
    from .session_notice import SessionNoticeView
    from .contract_correction import ContractCorrectionView
    from .early_end import EarlyEndView
    from .exit_plans import ExitPlanView
    from .enrolment_codes import EnrolmentCodeView
    from .person_file import PersonFileView
    from .personal_data import PersonalDataView
    from .kiosk_symbol import KioskSymbolView
    from .pins import PinView
    from .printing import PrintView
    from .renewal import RenewalView
    from .reviews import ContractReviewView
    from .schedule import ScheduleView
    from .signatures import SignatureView
    from .staff_lock import StaffLockView
    from .staff_password import StaffPasswordView

    return [
        ScheduleView(name="Générer les séances", endpoint="session_schedule", url="/actions/schedule",
                     category="Actions"),
        CalendarSubscriptionView(name="Agenda (iCalendar)", endpoint="calendar_subscription",
                                 url="/actions/calendar", category="Actions"),
        RenewalView(name="Renouveler un contrat", endpoint="contract_renewal", url="/actions/renewal"),
        SignatureView(name="Signatures du contrat", endpoint="contract_signatures", url="/actions/signatures"),
        EarlyEndView(name="Fin anticipée du contrat", endpoint="contract_early_end", url="/actions/early-end"),
        ContractCorrectionView(name="Corriger un contrat", endpoint="contract_correction", url="/actions/correction"),
        ContractReviewView(name="Bilan du contrat", endpoint="contract_review", url="/actions/review"),
        ExitPlanView(name="Projet de sortie", endpoint="exit_plan", url="/actions/exit-plan"),
        AttendanceSheetView(name="Relevé des présences", endpoint="attendance_sheet", url="/actions/attendance"),
        PrintView(name="Impression", endpoint="printing", url="/actions/print"),
        CalendarFeedView(name="Flux iCalendar", endpoint="calendar_feed", url="/calendar"),
        EnrolmentCodeView(name="Activer une tablette", endpoint="kiosk_enrolment", url="/actions/kiosk/enrol",
                          category="Paramètres"),
        PinView(name="Code tablette", endpoint="kiosk_pin", url="/actions/kiosk/pin"),
        KioskSymbolView(name="Symbole tablette", endpoint="kiosk_symbol", url="/actions/kiosk/symbol"),
        PersonalDataView(name="Données personnelles", endpoint="personal_data", url="/actions/personal-data"),
        PersonFileView(name="Dossier de la personne", endpoint="person_file", url="/actions/person-file"),
        StaffLockView(name="Délai de connexion", endpoint="staff_lock", url="/actions/staff-lock"),
        StaffPasswordView(name="Mot de passe", endpoint="staff_password", url="/actions/staff-password"),
        ConsentView(name="Rappels SMS / e-mail", endpoint="message_consent", url="/actions/consent"),
        SessionNoticeView(name="Prévenir les participants", endpoint="session_notice", url="/actions/session-notice"),
    ]
