"""retention: the audit trail records exports of a person's data (action "export")

Revision ID: 0007_retention
Revises: 0005_follow_through
Create Date: 2026-11-25 02:00:00
"""

from alembic import op

revision = '0007_retention'
down_revision = '0005_follow_through'
branch_labels = None
depends_on = None

CONSTRAINT = 'ck_audit_entry_auditaction'
BEFORE = ('create', 'update', 'delete', 'anonymise')
AFTER = BEFORE + ('export',)


def _allow(actions) -> None:
    listed = ", ".join(f"'{action}'" for action in actions)
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_constraint(op.f(CONSTRAINT), type_='check')
        batch_op.create_check_constraint(op.f(CONSTRAINT), f"action IN ({listed})")


def upgrade() -> None:
    _allow(AFTER)


def downgrade() -> None:
    # Older code cannot read "export": keep the entries, as creations of an export record.
    op.execute("UPDATE audit_entry SET action = 'create', table_name = 'export' WHERE action = 'export'")
    _allow(BEFORE)
