"""sessions and proposals

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sensemaking_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('online', sa.Boolean(), nullable=False),
    sa.Column('join_code', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('focus_card_id', sa.Integer(), nullable=True),
    sa.Column('timer_ends_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('voting_open', sa.Boolean(), nullable=False),
    sa.Column('votes_revealed', sa.Boolean(), nullable=False),
    sa.Column('votes_per_participant', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.String(length=254), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('planned', 'open', 'closed')", name=op.f('ck_sensemaking_sessions_known_status')),
    sa.ForeignKeyConstraint(['focus_card_id'], ['observation_cards.id'], name=op.f('fk_sensemaking_sessions_focus_card_id_observation_cards'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_sensemaking_sessions_project_id_projects'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['region_id'], ['regions.id'], name=op.f('fk_sensemaking_sessions_region_id_regions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sensemaking_sessions')),
    sa.UniqueConstraint('join_code', name=op.f('uq_sensemaking_sessions_join_code'))
    )
    with op.batch_alter_table('sensemaking_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sensemaking_sessions_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sensemaking_sessions_region_id'), ['region_id'], unique=False)

    op.create_table('session_tables',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('perspectives', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['sensemaking_sessions.id'], name=op.f('fk_session_tables_session_id_sensemaking_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_session_tables'))
    )
    with op.batch_alter_table('session_tables', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_tables_session_id'), ['session_id'], unique=False)

    op.create_table('clusters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('table_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['sensemaking_sessions.id'], name=op.f('fk_clusters_session_id_sensemaking_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['table_id'], ['session_tables.id'], name=op.f('fk_clusters_table_id_session_tables'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clusters'))
    )
    with op.batch_alter_table('clusters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_clusters_session_id'), ['session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_clusters_table_id'), ['table_id'], unique=False)

    op.create_table('participants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('table_id', sa.Integer(), nullable=True),
    sa.Column('display_name', sa.String(length=60), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['sensemaking_sessions.id'], name=op.f('fk_participants_session_id_sensemaking_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['table_id'], ['session_tables.id'], name=op.f('fk_participants_table_id_session_tables'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_participants')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_participants_token_hash'))
    )
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_participants_session_id'), ['session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_participants_table_id'), ['table_id'], unique=False)

    op.create_table('table_cards',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('table_id', sa.Integer(), nullable=False),
    sa.Column('card_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['card_id'], ['observation_cards.id'], name=op.f('fk_table_cards_card_id_observation_cards'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['table_id'], ['session_tables.id'], name=op.f('fk_table_cards_table_id_session_tables'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_table_cards')),
    sa.UniqueConstraint('table_id', 'card_id', name=op.f('uq_table_cards_table_id_card_id'))
    )
    with op.batch_alter_table('table_cards', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_table_cards_card_id'), ['card_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_table_cards_table_id'), ['table_id'], unique=False)

    op.create_table('table_stories',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('table_id', sa.Integer(), nullable=False),
    sa.Column('story_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['story_id'], ['stories.id'], name=op.f('fk_table_stories_story_id_stories'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['table_id'], ['session_tables.id'], name=op.f('fk_table_stories_table_id_session_tables'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_table_stories')),
    sa.UniqueConstraint('table_id', 'story_id', name=op.f('uq_table_stories_table_id_story_id'))
    )
    with op.batch_alter_table('table_stories', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_table_stories_story_id'), ['story_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_table_stories_table_id'), ['table_id'], unique=False)

    op.create_table('notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('table_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=True),
    sa.Column('author_name', sa.String(length=60), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('goal', sa.Text(), nullable=True),
    sa.Column('card_id', sa.Integer(), nullable=True),
    sa.Column('cluster_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind IN ('verbazing', 'zorg', 'kans', 'idee')", name=op.f('ck_notes_known_kind')),
    sa.ForeignKeyConstraint(['card_id'], ['observation_cards.id'], name=op.f('fk_notes_card_id_observation_cards'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['cluster_id'], ['clusters.id'], name=op.f('fk_notes_cluster_id_clusters'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_notes_participant_id_participants'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['session_id'], ['sensemaking_sessions.id'], name=op.f('fk_notes_session_id_sensemaking_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['table_id'], ['session_tables.id'], name=op.f('fk_notes_table_id_session_tables'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notes'))
    )
    with op.batch_alter_table('notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notes_cluster_id'), ['cluster_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notes_session_id'), ['session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notes_table_id'), ['table_id'], unique=False)

    op.create_table('proposals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=True),
    sa.Column('session_id', sa.Integer(), nullable=True),
    sa.Column('table_id', sa.Integer(), nullable=True),
    sa.Column('cluster_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('seen', sa.Text(), nullable=False),
    sa.Column('solution', sa.Text(), nullable=False),
    sa.Column('owner_name', sa.String(length=120), nullable=False),
    sa.Column('owner_organisation', sa.String(length=200), nullable=False),
    sa.Column('owner_email', sa.String(length=254), nullable=True),
    sa.Column('owner_name_public', sa.Boolean(), nullable=False),
    sa.Column('deputy_name', sa.String(length=120), nullable=True),
    sa.Column('deputy_organisation', sa.String(length=200), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('status_reason', sa.Text(), nullable=True),
    sa.Column('created_by', sa.String(length=254), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status <> 'rejected' OR status_reason IS NOT NULL", name=op.f('ck_proposals_rejected_has_reason')),
    sa.CheckConstraint("status IN ('proposed', 'chosen', 'in_progress', 'realised', 'rejected', 'parked')", name=op.f('ck_proposals_known_status')),
    sa.ForeignKeyConstraint(['cluster_id'], ['clusters.id'], name=op.f('fk_proposals_cluster_id_clusters'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_proposals_project_id_projects'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['region_id'], ['regions.id'], name=op.f('fk_proposals_region_id_regions')),
    sa.ForeignKeyConstraint(['session_id'], ['sensemaking_sessions.id'], name=op.f('fk_proposals_session_id_sensemaking_sessions'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['table_id'], ['session_tables.id'], name=op.f('fk_proposals_table_id_session_tables'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposals'))
    )
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposals_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposals_region_id'), ['region_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposals_session_id'), ['session_id'], unique=False)

    op.create_table('proposal_cards',
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('card_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['card_id'], ['observation_cards.id'], name=op.f('fk_proposal_cards_card_id_observation_cards'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_proposal_cards_proposal_id_proposals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('proposal_id', 'card_id', name=op.f('pk_proposal_cards'))
    )
    op.create_table('proposal_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=254), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_proposal_events_proposal_id_proposals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_events'))
    )
    with op.batch_alter_table('proposal_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_events_proposal_id'), ['proposal_id'], unique=False)

    op.create_table('proposal_notes',
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('note_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['note_id'], ['notes.id'], name=op.f('fk_proposal_notes_note_id_notes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_proposal_notes_proposal_id_proposals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('proposal_id', 'note_id', name=op.f('pk_proposal_notes'))
    )
    op.create_table('proposal_stories',
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('story_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_proposal_stories_proposal_id_proposals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['story_id'], ['stories.id'], name=op.f('fk_proposal_stories_story_id_stories'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('proposal_id', 'story_id', name=op.f('pk_proposal_stories'))
    )
    op.create_table('proposal_updates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('author', sa.String(length=254), nullable=False),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_proposal_updates_proposal_id_proposals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_updates'))
    )
    with op.batch_alter_table('proposal_updates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_updates_proposal_id'), ['proposal_id'], unique=False)

    op.create_table('votes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('note_id', sa.Integer(), nullable=True),
    sa.Column('cluster_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('(note_id IS NULL) <> (cluster_id IS NULL)', name=op.f('ck_votes_one_target')),
    sa.ForeignKeyConstraint(['cluster_id'], ['clusters.id'], name=op.f('fk_votes_cluster_id_clusters'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['note_id'], ['notes.id'], name=op.f('fk_votes_note_id_notes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_votes_participant_id_participants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['sensemaking_sessions.id'], name=op.f('fk_votes_session_id_sensemaking_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_votes'))
    )
    with op.batch_alter_table('votes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_votes_cluster_id'), ['cluster_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_votes_note_id'), ['note_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_votes_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_votes_session_id'), ['session_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('votes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_votes_session_id'))
        batch_op.drop_index(batch_op.f('ix_votes_participant_id'))
        batch_op.drop_index(batch_op.f('ix_votes_note_id'))
        batch_op.drop_index(batch_op.f('ix_votes_cluster_id'))

    op.drop_table('votes')
    with op.batch_alter_table('proposal_updates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposal_updates_proposal_id'))

    op.drop_table('proposal_updates')
    op.drop_table('proposal_stories')
    op.drop_table('proposal_notes')
    with op.batch_alter_table('proposal_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposal_events_proposal_id'))

    op.drop_table('proposal_events')
    op.drop_table('proposal_cards')
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposals_session_id'))
        batch_op.drop_index(batch_op.f('ix_proposals_region_id'))
        batch_op.drop_index(batch_op.f('ix_proposals_project_id'))

    op.drop_table('proposals')
    with op.batch_alter_table('notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notes_table_id'))
        batch_op.drop_index(batch_op.f('ix_notes_session_id'))
        batch_op.drop_index(batch_op.f('ix_notes_cluster_id'))

    op.drop_table('notes')
    with op.batch_alter_table('table_stories', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_table_stories_table_id'))
        batch_op.drop_index(batch_op.f('ix_table_stories_story_id'))

    op.drop_table('table_stories')
    with op.batch_alter_table('table_cards', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_table_cards_table_id'))
        batch_op.drop_index(batch_op.f('ix_table_cards_card_id'))

    op.drop_table('table_cards')
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_participants_table_id'))
        batch_op.drop_index(batch_op.f('ix_participants_session_id'))

    op.drop_table('participants')
    with op.batch_alter_table('clusters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_clusters_table_id'))
        batch_op.drop_index(batch_op.f('ix_clusters_session_id'))

    op.drop_table('clusters')
    with op.batch_alter_table('session_tables', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_session_tables_session_id'))

    op.drop_table('session_tables')
    with op.batch_alter_table('sensemaking_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sensemaking_sessions_region_id'))
        batch_op.drop_index(batch_op.f('ix_sensemaking_sessions_project_id'))

    op.drop_table('sensemaking_sessions')
