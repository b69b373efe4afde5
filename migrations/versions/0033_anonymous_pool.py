"""anonymous pool: anonymous opinions, ideas and ballots wait sealed here, then are written in batches of three.

Revision ID: 0033_anonymous_pool
Revises: 0032_staff_oidc
"""

import sqlalchemy as sa
from alembic import op

revision = "0033_anonymous_pool"
down_revision = "0032_staff_oidc"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "anonymous_pool",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.Enum("opinion", "idea", "ballot", name="poolkind", native_enum=False,
                                  create_constraint=True, length=7), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("day", sa.Date(), nullable=True),
        sa.Column("vote_id", sa.Integer(), nullable=True),
        sa.Column("form_token", sa.String(length=64), nullable=True),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["session.id"], name=op.f("fk_anonymous_pool_session_id_session"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["group_id"], ["group.id"], name=op.f("fk_anonymous_pool_group_id_group"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["vote_id"], ["vote.id"], name=op.f("fk_anonymous_pool_vote_id_vote"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_anonymous_pool")),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_anonymous_pool_form_token", "anonymous_pool", ["form_token"], unique=True)
    op.create_index(op.f("ix_anonymous_pool_session_id"), "anonymous_pool", ["session_id"])
    op.create_index(op.f("ix_anonymous_pool_group_id"), "anonymous_pool", ["group_id"])
    op.create_index(op.f("ix_anonymous_pool_vote_id"), "anonymous_pool", ["vote_id"])
    if op.get_bind().dialect.name == "postgresql":
        # Kept in the row, never compressed nor moved to a TOAST table: every entry the same size on disk.
        op.execute("ALTER TABLE anonymous_pool ALTER COLUMN sealed SET STORAGE PLAIN")


def downgrade() -> None:
    op.drop_table("anonymous_pool")
