"""thank-you tickets: the withdrawal code waits, sealed, for its one showing

Revision ID: 0010
Revises: 0009
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'thanks_tickets',
        sa.Column('ticket_hash', sa.String(length=64), nullable=False),
        sa.Column('project_id', sa.Integer(), nullable=False),
        sa.Column('sealed_code', sa.LargeBinary(length=64), nullable=False),
        sa.Column('verteltafel', sa.Boolean(), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_thanks_tickets_project_id_projects'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('ticket_hash', name=op.f('pk_thanks_tickets')),
    )
    op.create_index(op.f('ix_thanks_tickets_expires_at'), 'thanks_tickets', ['expires_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_thanks_tickets_expires_at', table_name='thanks_tickets')
    op.drop_table('thanks_tickets')
