"""attestations de parcours: the attestation, its consented items, the skills admins add, the tablet's requests.

Revision ID: 0036_attestations
Revises: 0035_journal_person
"""

import sqlalchemy as sa
from alembic import op

revision = "0036_attestations"
down_revision = "0035_journal_person"
branch_labels = None
depends_on = None

ITEM_KINDS = ("group", "sessions", "activities", "objective", "skill", "own_words")


def upgrade() -> None:
    op.create_table(
        "skill",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_skill"),
        sa.UniqueConstraint("name", name="uq_skill_name"),
    )
    op.create_table(
        "attestation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("issued_by_id", sa.Integer(), nullable=True),
        sa.Column("signed_by", sa.String(length=200), nullable=False),
        sa.Column("structure", sa.String(length=300), nullable=False),
        sa.Column("revoked_on", sa.Date(), nullable=True),
        sa.Column("revoked_by_id", sa.Integer(), nullable=True),
        sa.Column("replaces_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["group.id"], name="fk_attestation_group_id_group"),
        sa.ForeignKeyConstraint(["issued_by_id"], ["staff_member.id"], name="fk_attestation_issued_by_id_staff_member",
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["participant_id"], ["participant.id"],
                                name="fk_attestation_participant_id_participant", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["replaces_id"], ["attestation.id"], name="fk_attestation_replaces_id_attestation",
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["revoked_by_id"], ["staff_member.id"],
                                name="fk_attestation_revoked_by_id_staff_member", ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_attestation"),
        sa.UniqueConstraint("code", name="uq_attestation_code"),
        sa.UniqueConstraint("replaces_id", name="uq_attestation_replaces_id"),
    )
    for column in ("group_id", "issued_by_id", "issued_on", "participant_id", "revoked_by_id"):
        op.create_index(f"ix_attestation_{column}", "attestation", [column])
    op.create_table(
        "attestation_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("attestation_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.Enum(*ITEM_KINDS, name="itemkind", native_enum=False, create_constraint=True),
                  nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("included", sa.Boolean(), nullable=False),
        sa.Column("consent_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["attestation_id"], ["attestation.id"],
                                name="fk_attestation_item_attestation_id_attestation", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_attestation_item"),
    )
    op.create_index("ix_attestation_item_attestation_id", "attestation_item", ["attestation_id"])
    op.create_table(
        "attestation_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("requested_on", sa.Date(), nullable=False),
        sa.Column("answered_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["participant_id"], ["participant.id"],
                                name="fk_attestation_request_participant_id_participant", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_attestation_request"),
    )
    op.create_index("ix_attestation_request_participant_id", "attestation_request", ["participant_id"])


def downgrade() -> None:
    op.drop_table("attestation_request")
    op.drop_table("attestation_item")
    op.drop_table("attestation")
    op.drop_table("skill")
