"""security: sessions that really end, and sign-in throttling per account and per client address

- ``staff_member.session_version``: written into every signed-in cookie and checked on each request;
  raised by a logout, a password change, a deactivation or a role change, it ends every existing
  session of the account;
- ``login_throttle``: failed sign-ins counted per account (the address typed, hashed) and per client
  address (hashed), in the database so every server process shares them; the delay before the next
  try grows with the failures;
- the per-account lock of ``staff_member`` (failed_logins, first_failed_login_at, locked_until)
  leaves: it said « bloqué » for real accounts only, and anyone could renew it.

Revision ID: 0010_security
Revises: 0009_closed_files
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_security"
down_revision = "0009_closed_files"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("staff_member") as batch:
        batch.add_column(sa.Column("session_version", sa.Integer(), nullable=False, server_default="1"))
        batch.drop_column("failed_logins")
        batch.drop_column("first_failed_login_at")
        batch.drop_column("locked_until")
    op.create_table(
        "login_throttle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=10), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("blocked_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_throttle")),
        sa.UniqueConstraint("scope", "key", name=op.f("uq_login_throttle_scope_key")),
    )


def downgrade() -> None:
    op.drop_table("login_throttle")
    with op.batch_alter_table("staff_member") as batch:
        batch.add_column(sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("first_failed_login_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True))
        batch.drop_column("session_version")
