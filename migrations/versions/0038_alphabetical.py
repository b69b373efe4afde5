"""alphabetical: PostgreSQL sorts names in French dictionary order (ICU), and indexes the people's names so.

Both databases sort text by its bytes unless the server was set up in a French locale: « Évrard » came after
« Zidane ». On PostgreSQL the lists now order text ``COLLATE idmix_french`` (``shared.alphabetical``), made
here from ICU (Debian's PostgreSQL is built with it); the people list, the one list long enough for a sort to
cost (20 000 names in a department), reads its page from these indexes. SQLite needs nothing: it orders by
the folded name, a function each connection registers.

Revision ID: 0038_alphabetical
Revises: 0037_partners
"""

from alembic import op

revision = "0038_alphabetical"
down_revision = "0037_partners"
branch_labels = None
depends_on = None

COLLATION = "idmix_french"
INDEXES = {
    "ix_participant_alphabetical": "last_name COLLATE idmix_french, first_name COLLATE idmix_french",
    "ix_participant_open_alphabetical": "closed_on, last_name COLLATE idmix_french, first_name COLLATE idmix_french",
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"CREATE COLLATION IF NOT EXISTS {COLLATION} (provider = icu, locale = 'fr-FR')")
    for name, columns in INDEXES.items():
        op.execute(f"CREATE INDEX {name} ON participant ({columns})")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
    op.execute(f"DROP COLLATION IF EXISTS {COLLATION}")
