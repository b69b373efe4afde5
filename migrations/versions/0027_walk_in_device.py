"""walk-in device: the tablet whose offline queue brought a visitor, for its cap per session
(shared.kiosk.offline_limits.MAX_WALK_INS_PER_TABLET).

Revision ID: 0027_walk_in_device
Revises: 0019_offline_refused
"""

import sqlalchemy as sa
from alembic import op

revision = "0027_walk_in_device"
# The head of main when this branch was made (the brief said 0018, but 0019 had landed since).
down_revision = "0019_offline_refused"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("walk_in") as batch:
        batch.add_column(sa.Column("device_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(batch.f("fk_walk_in_device_id_device"), "device", ["device_id"], ["id"],
                                 ondelete="SET NULL")


def downgrade() -> None:
    with op.batch_alter_table("walk_in") as batch:
        batch.drop_constraint(batch.f("fk_walk_in_device_id_device"), type_="foreignkey")
        batch.drop_column("device_id")
