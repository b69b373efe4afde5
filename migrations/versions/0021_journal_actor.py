"""journal actor: who acted when no staff member did (« Tablette … », « Commande idmix create-user »).

Revision ID: 0021_journal_actor
Revises: 0018_message_list_index
"""

import sqlalchemy as sa
from alembic import op

revision = "0021_journal_actor"
down_revision = "0018_message_list_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_entry") as batch:
        batch.add_column(sa.Column("actor_label", sa.String(length=120), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("audit_entry") as batch:
        batch.drop_column("actor_label")
