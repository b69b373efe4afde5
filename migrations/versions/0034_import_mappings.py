"""import mappings: a corrected column mapping, remembered by the digest of its file's header row.

Revision ID: 0034_import_mappings
Revises: 0033_anonymous_pool
"""

import sqlalchemy as sa
from alembic import op

revision = "0034_import_mappings"
down_revision = "0033_anonymous_pool"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_mapping",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("mapping", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_import_mapping"),
        sa.UniqueConstraint("digest", name="uq_import_mapping_digest"),
    )


def downgrade() -> None:
    op.drop_table("import_mapping")
