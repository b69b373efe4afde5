"""decisions: proposals, votes with their choices, who voted and, apart, secret ballots

- ``proposal``: an idea from the tablet (a few words or a pictogram), merged or put to the vote;
- ``vote``, ``vote_choice``: a question with 2 to 6 choices, open between two days;
- ``vote_participation``: that a person voted (the day only), one row per person and question;
- ``ballot``: a choice with a random key, nothing else (no rowid on SQLite);
- ``group.anonymous_proposals``: whether a proposal may come from someone who did not sign in.

Revision ID: 0014_decisions
Revises: 0013_reminders
"""

import sqlalchemy as sa
from alembic import op


revision = '0014_decisions'
down_revision = '0013_reminders'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('proposal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=200), nullable=True),
    sa.Column('pictogram', sa.String(length=40), nullable=True),
    sa.Column('proposed_on', sa.Date(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('new', 'merged', 'put_to_vote', name='proposalstatus', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('merged_into_id', sa.Integer(), nullable=True),
    sa.Column('supporters', sa.Integer(), nullable=False),
    sa.Column('form_token', sa.String(length=64), nullable=True),
    sa.CheckConstraint('text IS NOT NULL OR pictogram IS NOT NULL', name=op.f('ck_proposal_words_or_picture')),
    sa.ForeignKeyConstraint(['group_id'], ['group.id'], name=op.f('fk_proposal_group_id_group'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['merged_into_id'], ['proposal.id'], name=op.f('fk_proposal_merged_into_id_proposal'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_proposal_participant_id_participant'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal'))
    )
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.create_index('ix_proposal_form_token', ['form_token'], unique=True)
        batch_op.create_index(batch_op.f('ix_proposal_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposal_participant_id'), ['participant_id'], unique=False)

    op.create_table('vote',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('question', sa.String(length=200), nullable=False),
    sa.Column('opens_on', sa.Date(), nullable=False),
    sa.Column('closes_on', sa.Date(), nullable=False),
    sa.Column('closed_early', sa.Boolean(), nullable=False),
    sa.Column('adopted_session_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('closes_on >= opens_on', name=op.f('ck_vote_dates_order')),
    sa.ForeignKeyConstraint(['adopted_session_id'], ['session.id'], name=op.f('fk_vote_adopted_session_id_session'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['group_id'], ['group.id'], name=op.f('fk_vote_group_id_group'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vote'))
    )
    with op.batch_alter_table('vote', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vote_closes_on'), ['closes_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_vote_group_id'), ['group_id'], unique=False)

    op.create_table('vote_choice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vote_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=80), nullable=False),
    sa.Column('pictogram', sa.String(length=40), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_vote_choice_proposal_id_proposal'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['vote_id'], ['vote.id'], name=op.f('fk_vote_choice_vote_id_vote'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vote_choice'))
    )
    with op.batch_alter_table('vote_choice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vote_choice_vote_id'), ['vote_id'], unique=False)

    op.create_table('vote_participation',
    sa.Column('vote_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('voted_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_vote_participation_participant_id_participant'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['vote_id'], ['vote.id'], name=op.f('fk_vote_participation_vote_id_vote'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('vote_id', 'participant_id', name=op.f('pk_vote_participation')),
    sqlite_with_rowid=False
    )
    with op.batch_alter_table('vote_participation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vote_participation_participant_id'), ['participant_id'], unique=False)

    op.create_table('ballot',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('vote_id', sa.Integer(), nullable=False),
    sa.Column('choice_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['choice_id'], ['vote_choice.id'], name=op.f('fk_ballot_choice_id_vote_choice'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['vote_id'], ['vote.id'], name=op.f('fk_ballot_vote_id_vote'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ballot')),
    sqlite_with_rowid=False
    )
    with op.batch_alter_table('ballot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ballot_vote_id'), ['vote_id'], unique=False)

    with op.batch_alter_table('group', schema=None) as batch_op:
        batch_op.add_column(sa.Column('anonymous_proposals', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('group', schema=None) as batch_op:
        batch_op.drop_column('anonymous_proposals')

    with op.batch_alter_table('ballot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ballot_vote_id'))

    op.drop_table('ballot')
    with op.batch_alter_table('vote_participation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vote_participation_participant_id'))

    op.drop_table('vote_participation')
    with op.batch_alter_table('vote_choice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vote_choice_vote_id'))

    op.drop_table('vote_choice')
    with op.batch_alter_table('vote', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vote_group_id'))
        batch_op.drop_index(batch_op.f('ix_vote_closes_on'))

    op.drop_table('vote')
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposal_participant_id'))
        batch_op.drop_index(batch_op.f('ix_proposal_group_id'))
        batch_op.drop_index('ix_proposal_form_token')

    op.drop_table('proposal')
