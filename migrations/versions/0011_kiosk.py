"""kiosk: nothing of the previous person stays behind

- ``feedback.form_token``: the digest of the one-time token of the form that sent an opinion (unique):
  the same form is stored once, another person's opinion is never refused;
- ``device.last_feedback_at`` leaves: the time of a tablet's last opinion, to the microsecond, placed
  an anonymous opinion next to the sign-in just before it;
- ``participant.pin_lock_level`` and ``device.pin_lock_level``: locks since the last right PIN (15 minutes,
  an hour, then until staff unlock);
- ``participant.symbol``: the pictogram a person chose, on their tile and PIN screen.

Revision ID: 0011_kiosk
Revises: 0010_security
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_kiosk"
down_revision = "0010_security"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("participant") as batch:
        batch.add_column(sa.Column("pin_lock_level", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("symbol", sa.String(length=40), nullable=True))
    with op.batch_alter_table("device") as batch:
        batch.add_column(sa.Column("pin_lock_level", sa.Integer(), nullable=False, server_default="0"))
        batch.drop_column("last_feedback_at")
    # A plain ADD COLUMN: on SQLite the feedback table is WITHOUT ROWID, which a batch copy would lose.
    op.add_column("feedback", sa.Column("form_token", sa.String(length=64), nullable=True))
    op.create_index("ix_feedback_form_token", "feedback", ["form_token"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_feedback_form_token", table_name="feedback")
    op.drop_column("feedback", "form_token")  # SQLite 3.35+: ALTER TABLE DROP COLUMN, the table kept as it is
    with op.batch_alter_table("device") as batch:
        batch.add_column(sa.Column("last_feedback_at", sa.DateTime(timezone=True), nullable=True))
        batch.drop_column("pin_lock_level")
    with op.batch_alter_table("participant") as batch:
        batch.drop_column("symbol")
        batch.drop_column("pin_lock_level")
