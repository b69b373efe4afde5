"""scale indexes: what the lists, the dashboard and the participant status need at department scale

- attendance (participant_id, status, is_trial, session_id) replaces the single-column index: the
  status's trial count and the "present" look-ups read it alone, without the table;
- contract (group_id, ends_on, starts_on, early end, signatures) replaces the group index: the
  contracts of a group in force on a day, from the index alone (the yearly report's attendance);
- the default sort of the lists: referral.referred_on, exit.left_on, feedback.given_on, and
  participant (last_name, first_name).

Revision ID: 0008_scale_indexes
Revises: 0007_retention
"""

from alembic import op

revision = "0008_scale_indexes"
down_revision = "0007_retention"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_attendance_participant_id", table_name="attendance")
    op.create_index("ix_attendance_participant_status", "attendance",
                    ["participant_id", "status", "is_trial", "session_id"])
    op.drop_index("ix_contract_group_id", table_name="contract")
    op.create_index("ix_contract_group_in_force", "contract", [
        "group_id", "ends_on", "starts_on", "ended_early_on", "participant_signed_on", "facilitator_signed_on",
        "referrer_signed_on"])
    op.create_index("ix_referral_referred_on", "referral", ["referred_on"])
    op.create_index("ix_exit_left_on", "exit", ["left_on"])
    op.create_index("ix_feedback_given_on", "feedback", ["given_on"])
    op.create_index("ix_participant_names", "participant", ["last_name", "first_name"])


def downgrade() -> None:
    op.drop_index("ix_participant_names", table_name="participant")
    op.drop_index("ix_feedback_given_on", table_name="feedback")
    op.drop_index("ix_exit_left_on", table_name="exit")
    op.drop_index("ix_referral_referred_on", table_name="referral")
    op.drop_index("ix_contract_group_in_force", table_name="contract")
    op.create_index("ix_contract_group_id", "contract", ["group_id"])
    op.drop_index("ix_attendance_participant_status", table_name="attendance")
    op.create_index("ix_attendance_participant_id", "attendance", ["participant_id"])
