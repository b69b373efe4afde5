"""closed files: a person's file is closed (archived) instead of deleted

``participant.closed_on``: the day the file was closed; empty while it is open. A closed file leaves
the lists and the tablet, and stays in the reports and the retention purge.

Revision ID: 0009_closed_files
Revises: 0008_scale_indexes
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_closed_files"
down_revision = "0008_scale_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("participant") as batch:
        batch.add_column(sa.Column("closed_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("participant") as batch:
        batch.drop_column("closed_on")
