"""password change required: an admin no longer sets a colleague's password; a temporary one must be
changed at the first sign-in (issue #23, point 5).

Revision ID: 0020_password_change_required
Revises: 0021_journal_actor
"""

import sqlalchemy as sa
from alembic import op

revision = "0020_password_change_required"
down_revision = "0021_journal_actor"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("staff_member") as batch:
        batch.add_column(sa.Column("must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("staff_member") as batch:
        batch.drop_column("must_change_password")
