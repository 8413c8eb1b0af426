"""initial schema

Revision ID: 0001
Revises: 
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('modules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('is_core', sa.Boolean(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_modules')),
    sa.UniqueConstraint('key', 'version', name=op.f('uq_modules_key_version'))
    )
    with op.batch_alter_table('modules', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_modules_key'), ['key'], unique=False)

    op.create_table('regions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_regions')),
    sa.UniqueConstraint('key', name=op.f('uq_regions_key'))
    )
    op.create_table('story_forms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('min_words', sa.Integer(), nullable=False),
    sa.Column('first_questions', sa.Integer(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_story_forms')),
    sa.UniqueConstraint('key', 'version', name=op.f('uq_story_forms_key_version'))
    )
    with op.batch_alter_table('story_forms', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_story_forms_key'), ['key'], unique=False)

    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_on', sa.Date(), nullable=False),
    sa.CheckConstraint("role IN ('admin', 'analyst', 'moderator', 'facilitator', 'viewer')", name=op.f('ck_users_known_role')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email'))
    )
    op.create_table('audit_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('actor', sa.String(length=254), nullable=False),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('target_type', sa.String(length=40), nullable=False),
    sa.Column('target_id', sa.String(length=60), nullable=True),
    sa.Column('detail', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_audit_events_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_events_at'), ['at'], unique=False)

    op.create_table('form_modules',
    sa.Column('form_id', sa.Integer(), nullable=False),
    sa.Column('module_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['form_id'], ['story_forms.id'], name=op.f('fk_form_modules_form_id_story_forms'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['module_id'], ['modules.id'], name=op.f('fk_form_modules_module_id_modules')),
    sa.PrimaryKeyConstraint('form_id', 'module_id', name=op.f('pk_form_modules'))
    )
    with op.batch_alter_table('form_modules', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_form_modules_module_id'), ['module_id'], unique=False)

    op.create_table('form_roles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('form_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['form_id'], ['story_forms.id'], name=op.f('fk_form_roles_form_id_story_forms'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_form_roles')),
    sa.UniqueConstraint('form_id', 'key', name=op.f('uq_form_roles_form_id_key'))
    )
    with op.batch_alter_table('form_roles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_form_roles_form_id'), ['form_id'], unique=False)

    op.create_table('municipalities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.ForeignKeyConstraint(['region_id'], ['regions.id'], name=op.f('fk_municipalities_region_id_regions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_municipalities')),
    sa.UniqueConstraint('region_id', 'key', name=op.f('uq_municipalities_region_id_key'))
    )
    with op.batch_alter_table('municipalities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_municipalities_region_id'), ['region_id'], unique=False)

    op.create_table('projects',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=60), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('intro', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('form_id', sa.Integer(), nullable=False),
    sa.Column('created_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['form_id'], ['story_forms.id'], name=op.f('fk_projects_form_id_story_forms')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_projects')),
    sa.UniqueConstraint('slug', name=op.f('uq_projects_slug'))
    )
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_projects_form_id'), ['form_id'], unique=False)

    op.create_table('questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('module_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('section', sa.String(length=10), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('help', sa.Text(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('left_label', sa.String(length=120), nullable=True),
    sa.Column('right_label', sa.String(length=120), nullable=True),
    sa.Column('allow_na', sa.Boolean(), nullable=False),
    sa.Column('max_choices', sa.Integer(), nullable=True),
    sa.Column('max_length', sa.Integer(), nullable=True),
    sa.Column('roles', sa.JSON(), nullable=True),
    sa.Column('text_by_role', sa.JSON(), nullable=True),
    sa.CheckConstraint("section IN ('duiding', 'teller', 'sharing')", name=op.f('ck_questions_known_section')),
    sa.CheckConstraint("type IN ('slider', 'single_choice', 'multi_choice', 'triad', 'text', 'place')", name=op.f('ck_questions_known_type')),
    sa.CheckConstraint('max_choices IS NULL OR max_choices >= 1', name=op.f('ck_questions_max_choices_positive')),
    sa.ForeignKeyConstraint(['module_id'], ['modules.id'], name=op.f('fk_questions_module_id_modules'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_questions')),
    sa.UniqueConstraint('module_id', 'key', name=op.f('uq_questions_module_id_key'))
    )
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_questions_module_id'), ['module_id'], unique=False)

    op.create_table('user_regions',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['region_id'], ['regions.id'], name=op.f('fk_user_regions_region_id_regions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_regions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'region_id', name=op.f('pk_user_regions'))
    )
    op.create_table('options',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['questions.id'], name=op.f('fk_options_question_id_questions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_options')),
    sa.UniqueConstraint('question_id', 'key', name=op.f('uq_options_question_id_key'))
    )
    with op.batch_alter_table('options', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_options_question_id'), ['question_id'], unique=False)

    op.create_table('project_regions',
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_regions_project_id_projects'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['region_id'], ['regions.id'], name=op.f('fk_project_regions_region_id_regions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('project_id', 'region_id', name=op.f('pk_project_regions'))
    )
    op.create_table('prompts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('role_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['role_id'], ['form_roles.id'], name=op.f('fk_prompts_role_id_form_roles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_prompts')),
    sa.UniqueConstraint('role_id', 'key', name=op.f('uq_prompts_role_id_key'))
    )
    with op.batch_alter_table('prompts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_prompts_role_id'), ['role_id'], unique=False)

    op.create_table('stories',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=12), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('form_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=40), nullable=False),
    sa.Column('prompt_key', sa.String(length=40), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('week', sa.Date(), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('is_complete', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('status_reason', sa.Text(), nullable=True),
    sa.Column('region_id', sa.Integer(), nullable=True),
    sa.Column('municipality_id', sa.Integer(), nullable=True),
    sa.Column('withdrawal_hash', sa.String(length=128), nullable=True),
    sa.CheckConstraint("channel IN ('online', 'verteltafel', 'import')", name=op.f('ck_stories_known_channel')),
    sa.CheckConstraint("status IN ('pending', 'published', 'hidden', 'duplicate', 'spam')", name=op.f('ck_stories_known_status')),
    sa.ForeignKeyConstraint(['form_id'], ['story_forms.id'], name=op.f('fk_stories_form_id_story_forms')),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_stories_municipality_id_municipalities')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_stories_project_id_projects'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['region_id'], ['regions.id'], name=op.f('fk_stories_region_id_regions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stories')),
    sa.UniqueConstraint('public_id', name=op.f('uq_stories_public_id'))
    )
    with op.batch_alter_table('stories', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stories_form_id'), ['form_id'], unique=False)
        batch_op.create_index('ix_stories_project_status', ['project_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_stories_region_id'), ['region_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_stories_week'), ['week'], unique=False)

    op.create_table('answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('story_id', sa.Integer(), nullable=False),
    sa.Column('question_key', sa.String(length=60), nullable=False),
    sa.Column('option_key', sa.String(length=60), nullable=True),
    sa.Column('number', sa.Float(), nullable=True),
    sa.Column('is_na', sa.Boolean(), nullable=False),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('triad_a', sa.Float(), nullable=True),
    sa.Column('triad_b', sa.Float(), nullable=True),
    sa.Column('triad_c', sa.Float(), nullable=True),
    sa.CheckConstraint('(triad_a IS NULL AND triad_b IS NULL AND triad_c IS NULL) OR (triad_a >= 0 AND triad_b >= 0 AND triad_c >= 0 AND triad_a + triad_b + triad_c BETWEEN 0.999 AND 1.001)', name=op.f('ck_answers_triad_shares')),
    sa.CheckConstraint('number IS NULL OR (number >= 0 AND number <= 100)', name=op.f('ck_answers_slider_range')),
    sa.ForeignKeyConstraint(['story_id'], ['stories.id'], name=op.f('fk_answers_story_id_stories'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answers'))
    )
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.create_index('ix_answers_question_option', ['question_key', 'option_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_answers_story_id'), ['story_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_answers_story_id'))
        batch_op.drop_index('ix_answers_question_option')

    op.drop_table('answers')
    with op.batch_alter_table('stories', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stories_week'))
        batch_op.drop_index(batch_op.f('ix_stories_region_id'))
        batch_op.drop_index('ix_stories_project_status')
        batch_op.drop_index(batch_op.f('ix_stories_form_id'))

    op.drop_table('stories')
    with op.batch_alter_table('prompts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_prompts_role_id'))

    op.drop_table('prompts')
    op.drop_table('project_regions')
    with op.batch_alter_table('options', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_options_question_id'))

    op.drop_table('options')
    op.drop_table('user_regions')
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_questions_module_id'))

    op.drop_table('questions')
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_projects_form_id'))

    op.drop_table('projects')
    with op.batch_alter_table('municipalities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_municipalities_region_id'))

    op.drop_table('municipalities')
    with op.batch_alter_table('form_roles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_form_roles_form_id'))

    op.drop_table('form_roles')
    with op.batch_alter_table('form_modules', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_form_modules_module_id'))

    op.drop_table('form_modules')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_events_at'))

    op.drop_table('audit_events')
    op.drop_table('users')
    with op.batch_alter_table('story_forms', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_story_forms_key'))

    op.drop_table('story_forms')
    op.drop_table('regions')
    with op.batch_alter_table('modules', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_modules_key'))

    op.drop_table('modules')
