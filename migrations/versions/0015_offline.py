"""offline: the kiosk's queue kept on the tablet while the network is cut

- ``offline_receipt``: digests of sign-in keys made on a tablet, accepted once (day only, no time);
- ``pending_attendance``: « présences à confirmer » (a PIN given offline the server did not accept);
- ``device_contact``: when each tablet last reached the server and how many items it was waiting to send.

Revision ID: 0015_offline
Revises: 0014_decisions
"""

import sqlalchemy as sa
from alembic import op


revision = '0015_offline'
down_revision = '0014_decisions'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('offline_receipt',
    sa.Column('key_digest', sa.String(length=64), nullable=False),
    sa.Column('device_id', sa.Integer(), nullable=True),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['device_id'], ['device.id'], name=op.f('fk_offline_receipt_device_id_device'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('key_digest', name=op.f('pk_offline_receipt')),
    sqlite_with_rowid=False
    )
    with op.batch_alter_table('offline_receipt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_offline_receipt_device_id'), ['device_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_offline_receipt_received_on'), ['received_on'], unique=False)

    op.create_table('pending_attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('device_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('signed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.Enum('pending', 'confirmed', 'refused', name='confirmationstatus', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['decided_by_id'], ['staff_member.id'], name=op.f('fk_pending_attendance_decided_by_id_staff_member'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['device_id'], ['device.id'], name=op.f('fk_pending_attendance_device_id_device'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_pending_attendance_participant_id_participant'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['session.id'], name=op.f('fk_pending_attendance_session_id_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pending_attendance'))
    )
    with op.batch_alter_table('pending_attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pending_attendance_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pending_attendance_session_id'), ['session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pending_attendance_status'), ['status'], unique=False)

    op.create_table('device_contact',
    sa.Column('device_id', sa.Integer(), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('waiting', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['device_id'], ['device.id'], name=op.f('fk_device_contact_device_id_device'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('device_id', name=op.f('pk_device_contact'))
    )


def downgrade() -> None:
    op.drop_table('device_contact')
    with op.batch_alter_table('pending_attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pending_attendance_status'))
        batch_op.drop_index(batch_op.f('ix_pending_attendance_session_id'))
        batch_op.drop_index(batch_op.f('ix_pending_attendance_participant_id'))
    op.drop_table('pending_attendance')
    with op.batch_alter_table('offline_receipt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_offline_receipt_received_on'))
        batch_op.drop_index(batch_op.f('ix_offline_receipt_device_id'))
    op.drop_table('offline_receipt')
