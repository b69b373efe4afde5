"""offline refused: each tablet's count of offline items the server refused (another session, damaged,
past the caps of « présences à confirmer »), shown to staff with its last contact.

Revision ID: 0019_offline_refused
Revises: 0018_message_list_index
"""

import sqlalchemy as sa
from alembic import op

revision = "0019_offline_refused"
down_revision = "0018_message_list_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("device_contact") as batch:
        batch.add_column(sa.Column("refused", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("device_contact") as batch:
        batch.drop_column("refused")
