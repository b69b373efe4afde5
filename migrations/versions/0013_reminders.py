"""reminders: consent per person and channel, one row per message, closure periods, reminder times

- ``message_consent``: a person agreed to SMS or e-mail reminders (address, day), until withdrawn;
- ``message``: one row per message with its unique key, its state and the provider's answer;
- ``group_closure``: weeks a group does not meet;
- ``group.reminder_at``, ``group.morning_reminder_at``, ``group.holiday_region``.

Revision ID: 0013_reminders
Revises: 0011_kiosk
"""

import sqlalchemy as sa
from alembic import op


revision = '0013_reminders'
down_revision = '0011_kiosk'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('group_closure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('label', sa.String(length=120), nullable=False),
    sa.CheckConstraint('ends_on >= starts_on', name=op.f('ck_group_closure_ends_after_start')),
    sa.ForeignKeyConstraint(['group_id'], ['group.id'], name=op.f('fk_group_closure_group_id_group'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_closure'))
    )
    with op.batch_alter_table('group_closure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_closure_group_id'), ['group_id'], unique=False)

    op.create_table('message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('eve_reminder', 'morning_reminder', 'cancellation', 'change', 'digest', name='messagekind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('channel', sa.Enum('sms', 'email', name='channel', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('dedup_key', sa.String(length=120), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=True),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('session_id', sa.Integer(), nullable=True),
    sa.Column('address', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('topics', sa.Text(), nullable=True),
    sa.Column('state', sa.Enum('pending', 'sending', 'sent', 'failed', name='messagestate', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('provider_answer', sa.String(length=300), nullable=True),
    sa.CheckConstraint('attempts >= 0', name=op.f('ck_message_attempts_positive')),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_message_participant_id_participant'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['session.id'], name=op.f('fk_message_session_id_session'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_member.id'], name=op.f('fk_message_staff_id_staff_member'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_message')),
    sa.UniqueConstraint('dedup_key', name=op.f('uq_message_dedup_key'))
    )
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_message_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_message_session_id'), ['session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_message_staff_id'), ['staff_id'], unique=False)
        batch_op.create_index('ix_message_state_next', ['state', 'next_attempt_at'], unique=False)

    op.create_table('message_consent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.Enum('sms', 'email', name='channel', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('address', sa.String(length=254), nullable=True),
    sa.Column('given_on', sa.Date(), nullable=False),
    sa.Column('withdrawn_on', sa.Date(), nullable=True),
    sa.Column('withdrawn_how', sa.Enum('staff', 'link', 'stop', name='withdrawal', native_enum=False, create_constraint=True), nullable=True),
    sa.CheckConstraint('withdrawn_on IS NULL OR withdrawn_on >= given_on', name=op.f('ck_message_consent_withdrawn_after_given')),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_message_consent_participant_id_participant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_message_consent')),
    sa.UniqueConstraint('participant_id', 'channel', name=op.f('uq_message_consent_participant_id_channel'))
    )
    # Plain ADD COLUMN: no copy of a table every other one refers to.
    op.add_column('group', sa.Column('reminder_at', sa.Time(), server_default='18:00:00', nullable=False))
    op.add_column('group', sa.Column('morning_reminder_at', sa.Time(), nullable=True))
    op.add_column('group', sa.Column('holiday_region', sa.String(length=10), nullable=True))



def downgrade() -> None:
    op.drop_column('group', 'holiday_region')  # SQLite 3.35+: ALTER TABLE DROP COLUMN
    op.drop_column('group', 'morning_reminder_at')
    op.drop_column('group', 'reminder_at')

    op.drop_table('message_consent')
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.drop_index('ix_message_state_next')
        batch_op.drop_index(batch_op.f('ix_message_staff_id'))
        batch_op.drop_index(batch_op.f('ix_message_session_id'))
        batch_op.drop_index(batch_op.f('ix_message_participant_id'))

    op.drop_table('message')
    with op.batch_alter_table('group_closure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_group_closure_group_id'))

    op.drop_table('group_closure')
