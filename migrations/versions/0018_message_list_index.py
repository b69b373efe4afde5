"""message list index: « Messages envoyés » shows the newest first. Without an index on ``created_at`` the
database joined every message to its person, session and staff member before keeping 25; with it, it reads
the 25 newest and joins those.

Revision ID: 0018_message_list_index
Revises: 0017_french_spacing
"""

from alembic import op

revision = "0018_message_list_index"
down_revision = "0017_french_spacing"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_message_created_at", "message", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_message_created_at", table_name="message")
