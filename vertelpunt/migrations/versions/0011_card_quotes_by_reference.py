"""card quotes are references into the story (sentence position), not copies of its words

Revision ID: 0011
Revises: 0010

Each stored quote is turned into the position of the sentence it came from in the story as it reads now
(a quote no longer in the text, e.g. after a redaction, becomes None: the card shows the story's opening
instead). Quote texts are also taken out of the cards' ``content["stories"]`` snapshots.
"""
import json

from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def _sentence_index(text, quote):
    from vertelpunt.cards.quotes import sentence_index

    return sentence_index(text, quote)


def upgrade() -> None:
    with op.batch_alter_table('card_stories', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sentence', sa.Integer(), nullable=True))
    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT card_stories.id, card_stories.quote, stories.text FROM card_stories "
        "JOIN stories ON stories.id = card_stories.story_id")).all()
    for link_id, quote, text in rows:
        bind.execute(sa.text("UPDATE card_stories SET sentence = :sentence WHERE id = :id"),
                     {"sentence": _sentence_index(text, quote), "id": link_id})
    with op.batch_alter_table('card_stories', schema=None) as batch_op:
        batch_op.drop_column('quote')
    cards = sa.table('observation_cards', sa.column('id', sa.Integer), sa.column('content', sa.JSON))
    for card_id, content in bind.execute(sa.select(cards.c.id, cards.c.content)).all():
        if isinstance(content, str):
            content = json.loads(content)
        if not isinstance(content, dict) or not content.get("stories"):
            continue
        stories = [{key: value for key, value in item.items() if key != "quote"} for item in content["stories"]]
        bind.execute(cards.update().where(cards.c.id == card_id).values(content={**content, "stories": stories}))


def downgrade() -> None:
    # The quote texts are not brought back: they were copies that outlived redactions.
    with op.batch_alter_table('card_stories', schema=None) as batch_op:
        batch_op.add_column(sa.Column('quote', sa.Text(), nullable=True))
        batch_op.drop_column('sentence')
