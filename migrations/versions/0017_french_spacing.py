"""french spacing: the text staff typed before typed text was spaced the French way (``shared.text.clean_text``)
gets the same no-break spaces before « : ; ! ? » and inside « », so that a theme or a group typed again
with the same name is the same name (``check_theme_name_free``, ``check_group_name_free``).

Only the columns ``clean_text`` writes; not addresses, e-mails, SMS bodies or the audit trail. Going down
leaves the text as it is: a no-break space is what the forms store now.

Revision ID: 0017_french_spacing
Revises: 0016_list_indexes
"""

import sqlalchemy as sa
from alembic import op

from shared.text import french_spacing

revision = "0017_french_spacing"
down_revision = "0016_list_indexes"
branch_labels = None
depends_on = None

TYPED_COLUMNS = {
    "group": ("name", "district", "location"),
    "theme": ("name",),
    "group_closure": ("label",),
    "session": ("title", "place", "cancel_reason"),
    "staff_member": ("first_name", "last_name"),
    "participant": ("first_name", "last_name", "town"),
    "referral": ("reason", "expectations"),
    "contract": ("expectations", "early_end_reason"),
    "objective": ("wording",),
    "contract_review": ("next_steps",),
    "exit": ("comment",),
    "action_review": ("strengths", "weaknesses", "new_strategies", "social_ties", "valuing_people"),
    "vote": ("question",),
    "vote_choice": ("label",),
    "proposal": ("text",),
}
# What french_spacing changes: a space or a tab before one of these signs, or after «.
SPACED = (" :", " ;", " !", " ?", " »", "\t:", "\t;", "\t!", "\t?", "\t»", "« ", "«\t")


def upgrade() -> None:
    connection = op.get_bind()
    for table_name, columns in TYPED_COLUMNS.items():
        table = sa.table(table_name, sa.column("id"), *(sa.column(name) for name in columns))
        spaced = sa.or_(*(table.c[name].contains(sign, autoescape=True) for name in columns for sign in SPACED))
        rows = connection.execute(sa.select(table).where(spaced)).mappings().all()
        for row in rows:
            values = {name: french_spacing(row[name]) for name in columns if row[name] is not None}
            changed = {name: value for name, value in values.items() if value != row[name]}
            if changed:
                connection.execute(table.update().where(table.c.id == row["id"]).values(**changed))


def downgrade() -> None:
    pass
