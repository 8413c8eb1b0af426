"""observation cards, card stories, pattern marks, theme runs

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('theme_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.String(length=254), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('filters', sa.JSON(), nullable=False),
    sa.Column('n_stories', sa.Integer(), nullable=False),
    sa.Column('n_topics', sa.Integer(), nullable=False),
    sa.Column('topics', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_theme_runs_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_theme_runs'))
    )
    with op.batch_alter_table('theme_runs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_theme_runs_project_id'), ['project_id'], unique=False)

    op.create_table('observation_cards',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('pattern_key', sa.String(length=250), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('observation', sa.Text(), nullable=False),
    sa.Column('interpretation_a', sa.Text(), nullable=False),
    sa.Column('interpretation_b', sa.Text(), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.Column('filters', sa.JSON(), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_by', sa.String(length=254), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('concept', 'published')", name=op.f('ck_observation_cards_known_status')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_observation_cards_project_id_projects'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['region_id'], ['regions.id'], name=op.f('fk_observation_cards_region_id_regions')),
    sa.ForeignKeyConstraint(['run_id'], ['pattern_runs.id'], name=op.f('fk_observation_cards_run_id_pattern_runs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_observation_cards'))
    )
    with op.batch_alter_table('observation_cards', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_observation_cards_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_observation_cards_region_id'), ['region_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_observation_cards_run_id'), ['run_id'], unique=False)

    op.create_table('pattern_marks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('pattern_key', sa.String(length=250), nullable=False),
    sa.Column('verdict', sa.String(length=20), nullable=False),
    sa.Column('marked_by', sa.String(length=254), nullable=False),
    sa.CheckConstraint("verdict IN ('opvallend', 'misschien', 'nee')", name=op.f('ck_pattern_marks_known_verdict')),
    sa.ForeignKeyConstraint(['run_id'], ['pattern_runs.id'], name=op.f('fk_pattern_marks_run_id_pattern_runs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pattern_marks')),
    sa.UniqueConstraint('run_id', 'pattern_key', name=op.f('uq_pattern_marks_run_id_pattern_key'))
    )
    with op.batch_alter_table('pattern_marks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pattern_marks_run_id'), ['run_id'], unique=False)

    op.create_table('theme_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('story_id', sa.Integer(), nullable=False),
    sa.Column('topic', sa.Integer(), nullable=False),
    sa.Column('weight', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['theme_runs.id'], name=op.f('fk_theme_members_run_id_theme_runs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['story_id'], ['stories.id'], name=op.f('fk_theme_members_story_id_stories'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_theme_members')),
    sa.UniqueConstraint('run_id', 'story_id', name=op.f('uq_theme_members_run_id_story_id'))
    )
    with op.batch_alter_table('theme_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_theme_members_run_id'), ['run_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_theme_members_story_id'), ['story_id'], unique=False)

    op.create_table('card_stories',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('card_id', sa.Integer(), nullable=False),
    sa.Column('story_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('quote', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['card_id'], ['observation_cards.id'], name=op.f('fk_card_stories_card_id_observation_cards'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['story_id'], ['stories.id'], name=op.f('fk_card_stories_story_id_stories'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_card_stories')),
    sa.UniqueConstraint('card_id', 'story_id', name=op.f('uq_card_stories_card_id_story_id'))
    )
    with op.batch_alter_table('card_stories', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_card_stories_card_id'), ['card_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_card_stories_story_id'), ['story_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('card_stories', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_card_stories_story_id'))
        batch_op.drop_index(batch_op.f('ix_card_stories_card_id'))

    op.drop_table('card_stories')
    with op.batch_alter_table('theme_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_theme_members_story_id'))
        batch_op.drop_index(batch_op.f('ix_theme_members_run_id'))

    op.drop_table('theme_members')
    with op.batch_alter_table('pattern_marks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pattern_marks_run_id'))

    op.drop_table('pattern_marks')
    with op.batch_alter_table('observation_cards', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_observation_cards_run_id'))
        batch_op.drop_index(batch_op.f('ix_observation_cards_region_id'))
        batch_op.drop_index(batch_op.f('ix_observation_cards_project_id'))

    op.drop_table('observation_cards')
    with op.batch_alter_table('theme_runs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_theme_runs_project_id'))

    op.drop_table('theme_runs')
