"""The public follow-up page shows the cards a proposal came from: in plain words, never a test or q-value."""
from __future__ import annotations

from vertelpunt.proposals.status import change_status
from tests.facilitate.test_plain_words import TECHNICAL, drafts  # noqa: F401  (drafts is a fixture)


def test_the_public_follow_up_page_reads_plain_words(client, session, project, board, make_proposal, drafts):
    for draft in drafts:
        board.card.title, board.card.observation, board.card.content = draft.title, draft.observation, draft.to_content()
        session.commit()
        proposal = make_proposal()
        change_status(session, proposal, "chosen", None)
        session.commit()
        page = client.get(f"/v/{project.slug}/opvolging/{proposal.id}").get_data(as_text=True)
        assert draft.title in page.replace("&#39;", "'") and "dat dit toeval is" in page
        assert not [word for word in TECHNICAL if word in page], draft.observation
