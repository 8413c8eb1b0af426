"""staged_uploads.project_id may be empty: an uploaded backup waits for its confirmation there too

Revision ID: 0025
Revises: 0024

A backup to restore from the browser (Beheer > Onderhoud) belongs to no project; it waits, like a story file,
at most an hour for the admin who uploaded it to confirm the restore (format 'backup').
"""
import sqlalchemy as sa
from alembic import op

revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('staged_uploads') as batch:
        batch.alter_column('project_id', existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM staged_uploads WHERE project_id IS NULL")
    with op.batch_alter_table('staged_uploads') as batch:
        batch.alter_column('project_id', existing_type=sa.Integer(), nullable=False)
