"""list indexes: the people list counts the open files (``participant.closed_on IS NULL``) from an index

Revision ID: 0016_list_indexes
Revises: 0015_offline
"""

from alembic import op

revision = "0016_list_indexes"
down_revision = "0015_offline"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_participant_closed_on", "participant", ["closed_on"])


def downgrade() -> None:
    op.drop_index("ix_participant_closed_on", table_name="participant")
