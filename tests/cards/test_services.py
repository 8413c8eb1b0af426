"""Card services: drafting from a run, story choice (only published stories), publishing, verdicts."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from vertelpunt.cards import services
from vertelpunt.cards.errors import CardError
from vertelpunt.cards.runs import ranked_patterns, set_verdict, verdicts
from vertelpunt.models import AuditEvent, CardStory, PatternMark, Story


def test_card_drafted_from_the_top_pattern(session, scanned, top_key, analyst):
    card = services.create_card(session, scanned, top_key, analyst)
    session.commit()
    assert card.status == "concept" and card.run_id == scanned.id and card.pattern_key == top_key
    assert card.title and card.observation and card.n > 0
    assert card.content["stats"]["rows"] and card.content["chart"]["kind"]
    assert card.content["filters_text"].startswith("gepubliceerde, complete verhalen")
    assert 1 <= len(card.stories) <= 3
    assert [s["public_id"] for s in card.content["stories"]] == [link.story.public_id for link in card.stories]
    assert session.scalar(select(AuditEvent).where(AuditEvent.action == "card.create")) is not None


def test_unknown_pattern_is_a_dutch_error(session, scanned, analyst):
    with pytest.raises(CardError, match="staat niet in scan"):
        services.create_card(session, scanned, "outcome|schoenmaat", analyst)


def _unpublished_twins(session, project, make_story):
    """Stories that would be the most typical of all (the high group's text, top answers), never published."""
    from tests.cards.conftest import HIGH_TEXT

    twins = [make_story(project, commit=False, text=HIGH_TEXT, status=status,
                        answers={"outcome": 95.0, "heard": 95.0, "help_type": ["jeugdhulp"], "place": "enschede"})
             for status in ("hidden", "pending", "duplicate", "spam") for _ in range(3)]
    session.commit()
    return {story.public_id for story in twins}


def test_unpublished_stories_are_never_proposed(session, project, make_story, planted, scanned, top_key, analyst):
    never = _unpublished_twins(session, project, make_story)
    card = services.create_card(session, scanned, top_key, analyst)
    session.commit()
    seen = {link.story.public_id for link in card.stories}
    swaps = 0
    for _ in range(6):  # swap the first story again and again: still only published ones
        current = [link.story.public_id for link in card.stories]
        try:
            services.swap_story(session, card, current[0], analyst)
        except CardError as error:  # only running out of candidates may end the swaps early
            assert "geen ander passend verhaal" in str(error)
            break
        session.commit()
        swaps += 1
        seen |= {link.story.public_id for link in card.stories}
    assert swaps >= 3, f"only {swaps} swaps: too few to show that unpublished stories are never proposed"
    assert not seen & never
    linked = session.scalars(select(Story).join(CardStory, CardStory.story_id == Story.id)).all()
    assert linked and all(story.status == "published" and story.is_complete for story in linked)
    for public_id in never:
        with pytest.raises(CardError, match="geen gepubliceerd"):
            services.add_story(session, card, public_id, analyst)
        session.rollback()


def test_story_hidden_after_the_scan_is_not_proposed(session, scanned, top_key, analyst):
    card = services.create_card(session, scanned, top_key, analyst)
    session.commit()
    first = card.stories[0].story
    first.status = "hidden"
    session.commit()
    assert first.public_id not in {link.story.public_id for link in services.visible_links(card)}
    others = [link.story.public_id for link in card.stories if link.story.public_id != first.public_id]
    services.swap_story(session, card, others[0], analyst)
    session.commit()
    assert all(link.story.status == "published" for link in card.stories if link.story.public_id != first.public_id)
    card2 = services.create_card(session, scanned, top_key, analyst)
    assert first.public_id not in {link.story.public_id for link in card2.stories}


def test_withdrawn_story_leaves_the_card(session, scanned, top_key, analyst):
    card = services.create_card(session, scanned, top_key, analyst)
    session.commit()
    gone = card.stories[0].story
    public_id = gone.public_id
    session.delete(gone)
    session.commit()
    session.expire_all()
    assert public_id not in {link.story.public_id for link in card.stories}


def test_swap_replaces_in_place_and_remove_add(session, scanned, top_key, analyst, planted):
    card = services.create_card(session, scanned, top_key, analyst)
    session.commit()
    before = [link.story.public_id for link in card.stories]
    new = services.swap_story(session, card, before[0], analyst)
    session.commit()
    after = [link.story.public_id for link in card.stories]
    assert after[0] == new.story.public_id and new.story.public_id not in before and after[1:] == before[1:]
    services.remove_story(session, card, after[0], analyst)
    session.commit()
    assert after[0] not in [link.story.public_id for link in card.stories]
    extra = next(s for s in planted if s.public_id not in after)
    link = services.add_story(session, card, extra.public_id.lower(), analyst)
    session.commit()
    assert link.story.public_id == extra.public_id and card.content["stories"][-1]["public_id"] == extra.public_id
    with pytest.raises(CardError, match="staat al"):
        services.add_story(session, card, extra.public_id, analyst)


def test_publish_needs_both_interpretations(session, scanned, top_key, analyst):
    card = services.create_card(session, scanned, top_key, analyst)
    session.commit()
    with pytest.raises(CardError) as refused:
        services.publish(session, card, analyst)
    assert "interpretatie" in refused.value.errors["interpretation_a"]
    assert "tweede interpretatie" in refused.value.errors["interpretation_b"]
    assert card.status == "concept" and card.published_at is None
    services.update_card(session, card, analyst, card.title, card.observation,
                         "Wie gehoord wordt, ervaart de hulp als beter.", "")
    with pytest.raises(CardError) as still:
        services.publish(session, card, analyst)
    assert set(still.value.errors) == {"interpretation_b"}
    services.update_card(session, card, analyst, card.title, card.observation,
                         "Wie gehoord wordt, ervaart de hulp als beter.",
                         "Wie goede hulp kreeg, kijkt milder terug op het gesprek.")
    services.publish(session, card, analyst)
    session.commit()
    assert card.is_published and card.published_at is not None
    with pytest.raises(CardError, match="terug naar concept"):
        services.update_card(session, card, analyst, "Nieuwe titel", "x", "a", "b")
    services.unpublish(session, card, analyst)
    assert card.status == "concept" and card.published_at is None


def test_update_validates_in_dutch_and_changes_nothing(session, scanned, top_key, analyst):
    card = services.create_card(session, scanned, top_key, analyst)
    session.commit()
    title = card.title
    with pytest.raises(CardError) as bad:
        services.update_card(session, card, analyst, "Kort", "obs", "a" * 4001, "b")
    assert "minstens 5 tekens" in bad.value.errors["title"] and "te lang" in bad.value.errors["interpretation_a"]
    assert card.title == title and card.interpretation_b == ""


def test_publish_needs_a_story(session, scanned, top_key, analyst):
    card = services.create_card(session, scanned, top_key, analyst)
    for public_id in [link.story.public_id for link in card.stories]:
        services.remove_story(session, card, public_id, analyst)
    services.update_card(session, card, analyst, card.title, card.observation, "Eén kant.", "Andere kant.")
    with pytest.raises(CardError) as refused:
        services.publish(session, card, analyst)
    assert "minstens één verhaal" in refused.value.errors["stories"]


def test_verdicts_set_and_change(session, scanned, top_key, analyst):
    set_verdict(session, scanned, top_key, "opvallend", analyst)
    session.commit()
    assert verdicts(session, scanned) == {top_key: "opvallend"}
    set_verdict(session, scanned, top_key, "nee", analyst)
    session.commit()
    assert verdicts(session, scanned) == {top_key: "nee"}
    assert len(session.scalars(select(PatternMark)).all()) == 1
    assert [row.key for row in ranked_patterns(session, scanned, "marked")] == [top_key]
    with pytest.raises(CardError, match="opvallend, misschien, nee of verwacht"):
        set_verdict(session, scanned, top_key, "misschien wel", analyst)
    with pytest.raises(CardError, match="staat niet in scan"):
        set_verdict(session, scanned, "a|b", "nee", analyst)


def test_single_region_filter_sets_the_card_region(session, project, planted, analyst):
    from vertelpunt.cards.runs import pattern_key, start_scan
    from vertelpunt.insights.records import StoryFilter
    from vertelpunt.insights.scans import stored_result

    whole = start_scan(session, project, StoryFilter(), analyst, splits=0)
    assert services.create_card(session, whole, pattern_key(stored_result(whole).patterns[0]), analyst).region is None
    twente = start_scan(session, project, StoryFilter(regions=("twente",)), analyst, splits=0)
    card = services.create_card(session, twente, pattern_key(stored_result(twente).patterns[0]), analyst)
    assert card.region.key == "twente" and "regio Twente" in card.content["filters_text"]
    assert all(link.story.region.key == "twente" for link in card.stories)


def test_the_planted_relation_is_on_top(top_key):
    assert set(top_key.split("|")) == {"outcome", "heard"}
