"""staff OpenID identity: the provider's issuer and subject of an account, linked at its first sign-in.

Revision ID: 0032_staff_oidc
Revises: 0020_password_change_required
"""

import sqlalchemy as sa
from alembic import op

revision = "0032_staff_oidc"
down_revision = "0020_password_change_required"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("staff_member") as batch:
        batch.add_column(sa.Column("oidc_issuer", sa.String(length=255), nullable=True))
        batch.add_column(sa.Column("oidc_subject", sa.String(length=255), nullable=True))
        batch.create_unique_constraint("uq_staff_member_oidc", ["oidc_issuer", "oidc_subject"])


def downgrade() -> None:
    with op.batch_alter_table("staff_member") as batch:
        batch.drop_constraint("uq_staff_member_oidc", type_="unique")
        batch.drop_column("oidc_subject")
        batch.drop_column("oidc_issuer")
