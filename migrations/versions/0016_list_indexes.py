"""list indexes: the people list counts and reads the open files (``closed_on IS NULL``) in name order
from one index (closed_on, last_name, first_name). An index on ``closed_on`` alone made SQLite sort every
open file, with its derived status, before taking a page of 25.

Revision ID: 0016_list_indexes
Revises: 0015_offline
"""

from alembic import op

revision = "0016_list_indexes"
down_revision = "0015_offline"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_participant_open_names", "participant", ["closed_on", "last_name", "first_name"])


def downgrade() -> None:
    op.drop_index("ix_participant_open_names", table_name="participant")
