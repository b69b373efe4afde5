"""journal person: each entry names the person its record is about, so that a person's history keeps the
records deleted since (a review, an exit entered by mistake).

Revision ID: 0035_journal_person
Revises: 0034_import_mappings
"""

import sqlalchemy as sa
from alembic import op

revision = "0035_journal_person"
down_revision = "0034_import_mappings"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_entry") as batch:
        batch.add_column(sa.Column("participant_id", sa.Integer(), nullable=True))
    op.create_index("ix_audit_entry_participant_id", "audit_entry", ["participant_id"])


def downgrade() -> None:
    op.drop_index("ix_audit_entry_participant_id", table_name="audit_entry")
    with op.batch_alter_table("audit_entry") as batch:
        batch.drop_column("participant_id")
