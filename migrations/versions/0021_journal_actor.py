"""journal actor: who acted when no staff member did (« Tablette … », « Commande idmix create-user »); and an
index by record, for a record's history and a person's (their referral, contracts, attendance...).

Revision ID: 0021_journal_actor
Revises: 0027_walk_in_device
"""

import sqlalchemy as sa
from alembic import op

revision = "0021_journal_actor"
down_revision = "0027_walk_in_device"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_entry") as batch:
        batch.add_column(sa.Column("actor_label", sa.String(length=120), nullable=True))
    op.create_index("ix_audit_entry_record", "audit_entry", ["table_name", "record_id"])


def downgrade() -> None:
    op.drop_index("ix_audit_entry_record", table_name="audit_entry")
    with op.batch_alter_table("audit_entry") as batch:
        batch.drop_column("actor_label")
