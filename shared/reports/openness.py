"""« Ouverture sur l'extérieur »: joint sessions and the groups met, sessions with a partner and the partners met
(the action « doit permettre de rencontrer d'autres groupes dans des environnements différents »). One query; the
exits towards partners are counted with the other exits (``contracts.exit_figures``)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession, aliased

from shared.alphabetical import sort_key
from shared.groups.models import Group
from shared.partners.models import Partner
from shared.reports.scope import ReportScope
from shared.reports.sessions import held_condition
from shared.sessions.models import Session, session_guest_group


@dataclass(frozen=True)
class OpennessFigures:
    joint_sessions: int                 # sessions held with another group
    groups_met: dict[str, int]          # another group's name → joint sessions with it
    partner_sessions: int               # sessions held with a partner structure
    at_partner_sessions: int            # of which held at the partner's
    partners_met: dict[str, int]        # a partner's name → sessions with it


def openness_figures(db: DbSession, scope: ReportScope) -> OpennessFigures:
    guest = aliased(Group)
    rows = db.execute(
        select(Session.id, Session.group_id, Group.name, guest.id, guest.name, Partner.name, Session.at_partner)
        .join(Group, Group.id == Session.group_id)
        .outerjoin(session_guest_group, session_guest_group.c.session_id == Session.id)
        .outerjoin(guest, guest.id == session_guest_group.c.group_id)
        .outerjoin(Partner, Partner.id == Session.partner_id)
        .where(held_condition(scope))
    ).all()
    own = _own_groups(scope)
    participants: dict[int, dict[int, str]] = {}
    partners: dict[int, tuple[str, bool]] = {}
    for session_id, host_id, host_name, guest_id, guest_name, partner_name, at_partner in rows:
        groups = participants.setdefault(session_id, {host_id: host_name})
        if guest_id is not None:
            groups[guest_id] = guest_name
        if partner_name is not None:
            partners[session_id] = (partner_name, bool(at_partner))
    joint = {sid: groups for sid, groups in participants.items() if len(groups) > 1}
    met = Counter(name for groups in joint.values() for gid, name in groups.items() if own is None or gid not in own)
    return OpennessFigures(
        joint_sessions=len(joint),
        groups_met=dict(sorted(met.items(), key=lambda item: sort_key(item[0]))),
        partner_sessions=len(partners),
        at_partner_sessions=sum(1 for _, at in partners.values() if at),
        partners_met=dict(sorted(Counter(name for name, _ in partners.values()).items(),
                                 key=lambda item: sort_key(item[0]))),
    )


def _own_groups(scope: ReportScope) -> set[int] | None:
    """The report's groups: another group met is one of none of them (all groups: every group of a joint session)."""
    if scope.group_id is not None:
        return {scope.group_id}
    return set(scope.group_ids) if scope.group_ids is not None else None
