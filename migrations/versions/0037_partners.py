"""partners: the directory of partner structures, joint sessions, a session's and an exit's partner.

Revision ID: 0037_partners
Revises: 0036_attestations
"""

import sqlalchemy as sa
from alembic import op

revision = "0037_partners"
down_revision = "0036_attestations"
branch_labels = None
depends_on = None

KINDS = ("association", "training", "employer", "integration", "health", "collective_action", "other")


def upgrade() -> None:
    op.create_table(
        "partner",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.Enum(*KINDS, name="partnerkind", native_enum=False, create_constraint=True,
                                  length=17), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=True),
        sa.Column("contact_name", sa.String(length=120), nullable=True),
        sa.Column("phone", sa.String(length=30), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_partner"),
    )
    op.create_index("ix_partner_name", "partner", ["name"])
    op.create_table(
        "partner_group",
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["partner_id"], ["partner.id"], name="fk_partner_group_partner_id_partner",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["group_id"], ["group.id"], name="fk_partner_group_group_id_group",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("partner_id", "group_id", name="pk_partner_group"),
    )
    op.create_index("ix_partner_group_group_id", "partner_group", ["group_id"])
    op.create_table(
        "session_guest_group",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["session.id"], name="fk_session_guest_group_session_id_session",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["group_id"], ["group.id"], name="fk_session_guest_group_group_id_group",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("session_id", "group_id", name="pk_session_guest_group"),
    )
    op.create_index("ix_session_guest_group_group_id", "session_guest_group", ["group_id"])
    with op.batch_alter_table("session") as batch:
        batch.add_column(sa.Column("partner_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("at_partner", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.create_index("ix_session_partner_id", ["partner_id"])
        batch.create_foreign_key("fk_session_partner_id_partner", "partner", ["partner_id"], ["id"],
                                 ondelete="SET NULL")
    for table in ("exit", "exit_plan"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("partner_id", sa.Integer(), nullable=True))
            batch.create_index(f"ix_{table}_partner_id", ["partner_id"])
            batch.create_foreign_key(f"fk_{table}_partner_id_partner", "partner", ["partner_id"], ["id"],
                                     ondelete="SET NULL")


def downgrade() -> None:
    for table in ("exit_plan", "exit"):
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(f"fk_{table}_partner_id_partner", type_="foreignkey")
            batch.drop_index(f"ix_{table}_partner_id")
            batch.drop_column("partner_id")
    with op.batch_alter_table("session") as batch:
        batch.drop_constraint("fk_session_partner_id_partner", type_="foreignkey")
        batch.drop_index("ix_session_partner_id")
        batch.drop_column("at_partner")
        batch.drop_column("partner_id")
    op.drop_index("ix_session_guest_group_group_id", table_name="session_guest_group")
    op.drop_table("session_guest_group")
    op.drop_index("ix_partner_group_group_id", table_name="partner_group")
    op.drop_table("partner_group")
    op.drop_index("ix_partner_name", table_name="partner")
    op.drop_table("partner")
