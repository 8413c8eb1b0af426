"""Running counts of the published stories' answers, kept in step by the few places that change which stories count.

At 100,000 stories a project has about five million answers, and counting them per dashboard view takes
seconds (docs/benchmarks.md). The charts need only each question's distribution, so ``answer_tallies`` keeps
those counts per cell (project, region, role, completeness): tens of thousands of rows however many stories,
summed per view in a few milliseconds.

Kept in step by:

* :func:`move`, for one story entering or leaving the published set or changing its completeness (moderation,
  a redaction, a withdrawal), in the same transaction as the change itself;
* :func:`refresh`, a full recount, after bulk changes (imports, the retention purge, the demo, a restore) and
  by the worker's periodic clean-up for any project whose tallies are out of step.

Correctness never rests on every writer remembering this. ``tally_stamps`` holds a fingerprint of the
published stories the tallies count (their number, the sum of their ids, a sum of a hash of their ids and the
sum of the complete ones' ids, and the public id of the largest id, since SQLite gives a deleted largest id
to the next story); :func:`fingerprint` computes the same from the stories table in two indexed queries, and
:func:`tallied` answers only when both agree. A writer that forgot to call :func:`move` (a test
fixture, a future script) makes the dashboard count live, slowly and correctly, until the next refresh. The
fingerprint is enough because a story's region, role and answers never change after it is told: only which
stories are published and whether they are complete.

The same stamp vouches for ``week_sums`` (:mod:`.week_sums`, a proposal's re-measurement), written in the same
places: :func:`move` and :func:`recount`.

Only filters that cells can express are answered here (regions, roles, completeness); a period, an answer or a
theme filter counts live.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlalchemy import BigInteger, case, cast, delete, event, func, literal, select, update
from sqlalchemy.orm import Session

from vertelpunt.db import dialect_insert
from vertelpunt.insights import week_sums
from vertelpunt.insights.records import StoryFilter
from vertelpunt.models import Answer, AnswerTally, Region, Story, StoryStatus, TallyStamp, WeekSum
from vertelpunt.models.tallies import NO_REGION

log = logging.getLogger(__name__)

STORIES = ""  # question_key of the row that counts the stories of a cell
ANSWERED = "*"  # value of the row that counts a cell's stories with any answer to the question
TRIAD = "t"  # value of a triad's row, with its summed shares
HASH_FACTOR, HASH_MODULUS = 2654435761, 4294967291
BATCH = 2000
CHANGED = "tally_changes"  # session.info: ids of projects to recount before the commit
CHECKED = "tally_checks"  # session.info: project id -> the fingerprint of its published stories
NO_TRIAD = (0, None, None, None)  # a triad nobody among the selected stories answered


@dataclass
class Tallied:
    """What the dashboard's charts need, summed over the cells a filter selects."""

    n: int
    values: dict[str, list[tuple]] = field(default_factory=dict)  # key -> (number, is_na, option, count)
    answered: dict[str, int] = field(default_factory=dict)  # key -> stories with any answer to it
    triads: dict[str, tuple[int, float | None, float | None, float | None]] = field(default_factory=dict)
    from_tallies: bool = True  # False: counted live, and ``triads`` was not filled


def answer_value(number: float | None, is_na: bool, option_key: str | None) -> str:
    """One answer as the text of a tally's ``value``; :func:`read_value` turns it back."""
    return f"{'' if number is None else repr(float(number))}|{1 if is_na else 0}|{option_key or ''}"


def read_value(value: str) -> tuple[float | None, bool, str | None]:
    number, is_na, option = value.split("|", 2)
    return (float(number) if number else None), is_na == "1", (option or None)


def id_hash(session: Session, column):
    """A story id spread over 32 bits, in 64-bit arithmetic: PostgreSQL's integer has 32 bits, so it casts
    first; SQLite's integers have 64 already, and a CAST there costs a function call per story (30 -> 50 ms)."""
    if session.get_bind().dialect.name == "postgresql":
        return (cast(column, BigInteger) * literal(HASH_FACTOR, BigInteger)) % literal(HASH_MODULUS, BigInteger)
    return (column * HASH_FACTOR) % HASH_MODULUS


def sum_columns(session: Session) -> tuple:
    """The stories' number, sum of ids, sum of id hashes and sum of complete ids, as SQL aggregates: what both
    the tallies' stamp and a kept list rule's stamp (vertelpunt/insights/list_rules.py) are made of."""
    return (func.count(Story.id), func.coalesce(func.sum(Story.id), 0),
            func.coalesce(func.sum(id_hash(session, Story.id)), 0),
            func.coalesce(func.sum(case((Story.is_complete.is_(True), Story.id), else_=0)), 0))



def fingerprint(session: Session, project_id: int) -> tuple:
    """(stories, sum of ids, sum of id hashes, sum of complete ids, public id of the largest id) of the
    project's published stories. The public id is there because SQLite gives a deleted largest id to the next
    story: the same ids can then hold another story, never with the same random public id."""
    published = (Story.project_id == project_id, Story.status == StoryStatus.PUBLISHED.value)
    sums = session.execute(select(*sum_columns(session)).where(*published)).one()
    return (*(int(part) for part in sums), _last_public_id(session, project_id))


def _last_public_id(session: Session, project_id: int, leaving: int | None = None) -> str:
    """The public id of the project's published story with the largest id (``leaving``: one about to go)."""
    query = select(Story.public_id).where(Story.project_id == project_id, Story.status == StoryStatus.PUBLISHED.value)
    if leaving is not None:
        query = query.where(Story.id != leaving)
    return session.scalar(query.order_by(Story.id.desc()).limit(1)) or ""


def _stamp_of(stamp: TallyStamp | None) -> tuple | None:
    return None if stamp is None else (stamp.stories, stamp.id_sum, stamp.hash_sum, stamp.complete_sum,
                                       stamp.last_public_id)


def is_current(session: Session, project_id: int) -> bool:
    """Whether the project's tallies count exactly its published stories now."""
    return current_stamp(session, project_id) is not None


def current_stamp(session: Session, project_id: int) -> tuple | None:
    """The fingerprint the project's tallies count when it is that of its published stories now, else None."""
    now = published_stamp(session, project_id)
    return now if _stamp_of(session.get(TallyStamp, project_id)) == now else None


def published_stamp(session: Session, project_id: int) -> tuple:
    """The fingerprint of the project's published stories now, whether or not the tallies count them.

    Remembered until the session next flushes, commits or rolls back (a dashboard asks for its charts, its
    kinds of help and its re-measurements: one fingerprint of 100,000 stories, 30 ms, instead of several)."""
    checked = session.info.setdefault(CHECKED, {})
    if project_id not in checked:
        if not event.contains(session, "after_flush", _forget_checks):
            for name in ("after_flush", "after_commit", "after_soft_rollback"):
                event.listen(session, name, _forget_checks)
        checked[project_id] = fingerprint(session, project_id)
    return checked[project_id]


def _forget_checks(session: Session, *_) -> None:
    session.info.pop(CHECKED, None)


def can_answer(story_filter: StoryFilter) -> bool:
    """Whether cells express this filter (regions, roles and completeness only)."""
    return not (story_filter.week_from or story_filter.week_to or story_filter.choice_options
                or story_filter.themes or story_filter.answers)


def tallied(session: Session, project_id: int, story_filter: StoryFilter, region_ids: set[int] | None,
            keys: list[str]) -> Tallied | None:
    """The summed counts of these questions among the selected stories, or None (count live instead)."""
    if not can_answer(story_filter):
        return None
    if not is_current(session, project_id):
        log.info("answer tallies out of step, counting live", extra={"project_id": project_id})
        return None
    where = [AnswerTally.project_id == project_id, AnswerTally.question_key.in_([STORIES, *keys])]
    if story_filter.complete_only:
        where.append(AnswerTally.is_complete.is_(True))
    if story_filter.roles:
        where.append(AnswerTally.role.in_(story_filter.roles))
    if story_filter.regions:
        where.append(AnswerTally.region_id.in_(select(Region.id).where(Region.key.in_(story_filter.regions))))
    if region_ids is not None:
        where.append(AnswerTally.region_id.in_(region_ids or {-1}))
    result = Tallied(0)
    rows = session.execute(
        select(AnswerTally.question_key, AnswerTally.value, func.sum(AnswerTally.count), func.sum(AnswerTally.sum_a),
               func.sum(AnswerTally.sum_b), func.sum(AnswerTally.sum_c))
        .where(*where).group_by(AnswerTally.question_key, AnswerTally.value))
    for key, value, count, sum_a, sum_b, sum_c in rows:
        count = int(count or 0)
        if count <= 0:
            continue
        if key == STORIES:
            result.n += count
        elif value == ANSWERED:
            result.answered[key] = count
        elif value == TRIAD:
            result.triads[key] = (count, sum_a / count, sum_b / count, sum_c / count)
        else:
            result.values.setdefault(key, []).append((*read_value(value), count))
    return result


# Writing ---------------------------------------------------------------------------------------------------

def _story_rows(session: Session, story_ids) -> dict[int, dict]:
    """Per story its cell and its tally rows (key, value) -> (count, a, b, c), from the database."""
    stories = {row.id: {"cell": (row.region_id or NO_REGION, row.role), "rows": {(STORIES, ""): [1, None, None, None]}}
               for row in session.execute(select(Story.id, Story.region_id, Story.role).where(Story.id.in_(story_ids)))}
    answers = session.execute(
        select(Answer.story_id, Answer.question_key, Answer.number, Answer.is_na, Answer.option_key,
               Answer.triad_a, Answer.triad_b, Answer.triad_c)
        .where(Answer.story_id.in_(story_ids), Answer.text.is_(None)))
    for story_id, key, number, is_na, option, a, b, c in answers:
        rows = stories[story_id]["rows"]
        rows[(key, ANSWERED)] = [1, None, None, None]
        if a is not None:
            rows[(key, TRIAD)] = [1, a, b, c]
        else:
            entry = rows.setdefault((key, answer_value(number, bool(is_na), option)), [0, None, None, None])
            entry[0] += 1
    return stories


def move(session: Session, story_id: int, before: bool | None, after: bool | None) -> None:
    """One story stops being counted as ``before`` and is counted as ``after`` (its completeness if published,
    None if not published). Call it in the transaction that changes the story, with the story still present.

    Both the stamp and the counts change by SQL increments (``count = count + 1``), never by a value read
    first, so two moderators publishing at once on PostgreSQL both count; the stamp is changed first, which
    takes its row lock, so a move waits for a running :func:`recount` of the project and never interleaves."""
    if before == after:
        return
    project_id = session.scalar(select(Story.project_id).where(Story.id == story_id))
    hashed = (story_id * HASH_FACTOR) % HASH_MODULUS
    signs = [(complete, sign) for complete, sign in ((before, -1), (after, 1)) if complete is not None]
    changed = session.execute(update(TallyStamp).where(TallyStamp.project_id == project_id).values(
        stories=TallyStamp.stories + sum(sign for _, sign in signs),
        id_sum=TallyStamp.id_sum + sum(sign * story_id for _, sign in signs),
        hash_sum=TallyStamp.hash_sum + sum(sign * hashed for _, sign in signs),
        complete_sum=TallyStamp.complete_sum + sum(sign * story_id for complete, sign in signs if complete),
    )).rowcount
    if not changed:  # never counted: the next refresh counts everything
        return
    # Set from a read (it is not a sum): two moves at once may leave it wrong, which only makes the stamp stale
    session.execute(update(TallyStamp).where(TallyStamp.project_id == project_id)
                    .values(last_public_id=_last_public_id(session, project_id, story_id if after is None else None)))
    story = _story_rows(session, [story_id])[story_id]
    region_id, role = story["cell"]
    rows = [{"project_id": project_id, "region_id": region_id, "role": role, "is_complete": complete,
             "question_key": key, "value": value, "count": sign * count,
             "sum_a": None if a is None else sign * a, "sum_b": None if b is None else sign * b,
             "sum_c": None if c is None else sign * c}
            for complete, sign in signs for (key, value), (count, a, b, c) in story["rows"].items()]
    session.execute(_upsert(session), rows)
    net = (after is not None) - (before is not None)  # week sums do not split by completeness
    if net:
        week_sums.move_story(session, project_id, story_id, net)


def _upsert(session: Session):
    """INSERT ... ON CONFLICT DO UPDATE that adds to an existing tally row."""
    table = AnswerTally.__table__
    statement = dialect_insert(session, table)
    added = {name: func.coalesce(table.c[name], 0.0) + statement.excluded[name] for name in ("sum_a", "sum_b", "sum_c")}
    return statement.on_conflict_do_update(index_elements=[column.name for column in table.primary_key.columns],
                                           set_={"count": table.c.count + statement.excluded.count, **added})


def mark_changed(session: Session, project_id: int) -> None:
    """Many of the project's stories changed at once (an import, the purge, the demo): recount its tallies just
    before this session commits, in the same transaction, so the change and its counts land together."""
    marked = session.info.setdefault(CHANGED, set())
    marked.add(project_id)
    if not event.contains(session, "before_commit", _recount_marked):
        event.listen(session, "before_commit", _recount_marked)
        event.listen(session, "after_soft_rollback", _drop_marked)


def _recount_marked(session: Session) -> None:
    for project_id in sorted(session.info.pop(CHANGED, set())):
        recount(session, project_id)


def _drop_marked(session: Session, _previous_transaction) -> None:
    if not session.in_transaction():
        session.info.pop(CHANGED, None)


def refresh_stale(session: Session) -> list[int]:
    """Recount every project whose tallies are out of step (the worker's periodic clean-up); their ids."""
    from vertelpunt.models import Project

    return [project_id for project_id in session.scalars(select(Project.id).order_by(Project.id))
            if refresh(session, project_id)]


def refresh(session: Session, project_id: int) -> bool:
    """Count a project's published stories again if its tallies are out of step; True if it did."""
    if is_current(session, project_id):
        return False
    recount(session, project_id)
    return True


def recount(session: Session, project_id: int) -> bool:
    """Replace a project's tallies by a full count (GROUP BY in the database) and stamp them; True if stamped.

    The stamp row is locked first (moves wait), and the fingerprint is taken before and after counting: a
    story published in between by a writer that does not call :func:`move` would make the counts and the
    stamp disagree, so then the stamp is removed and the dashboard counts live until the next refresh."""
    session.execute(_insert_ignore(session), [{"project_id": project_id, "stories": -1, "id_sum": 0, "hash_sum": 0,
                                               "complete_sum": 0, "last_public_id": ""}])
    stamp = session.scalar(select(TallyStamp).where(TallyStamp.project_id == project_id).with_for_update())
    before = fingerprint(session, project_id)
    for table, rows in ((AnswerTally, _counted_rows(session, project_id)),
                        (WeekSum, week_sums.counted_rows(session, project_id))):
        session.execute(delete(table).where(table.project_id == project_id))
        for start in range(0, len(rows), BATCH):
            session.execute(table.__table__.insert(), rows[start:start + BATCH])
    after = fingerprint(session, project_id)
    if after != before:
        log.warning("stories changed during a tally recount; left unstamped", extra={"project_id": project_id})
        session.delete(stamp)
        session.flush()
        return False
    stamp.stories, stamp.id_sum, stamp.hash_sum, stamp.complete_sum, stamp.last_public_id = after
    session.flush()
    return True


def _insert_ignore(session: Session):
    return dialect_insert(session, TallyStamp.__table__).on_conflict_do_nothing(index_elements=["project_id"])


def _counted_rows(session: Session, project_id: int) -> list[dict]:
    """Every tally row of the project, counted from its published stories and their answers."""
    published = (Story.project_id == project_id, Story.status == StoryStatus.PUBLISHED.value)
    cell = (func.coalesce(Story.region_id, NO_REGION), Story.role, Story.is_complete)
    joined = (Answer.story_id == Story.id, *published, Answer.text.is_(None))

    def row(region_id, role, done, key, value, count, a=None, b=None, c=None) -> dict:
        return {"project_id": project_id, "region_id": region_id, "role": role, "is_complete": bool(done),
                "question_key": key, "value": value, "count": count, "sum_a": a, "sum_b": b, "sum_c": c}

    rows = [row(r, role, done, STORIES, "", n)
            for r, role, done, n in session.execute(select(*cell, func.count()).where(*published).group_by(*cell))]
    answer = (Answer.question_key, Answer.number, Answer.is_na, Answer.option_key)
    rows += [row(r, role, done, key, answer_value(number, bool(is_na), option), n)
             for r, role, done, key, number, is_na, option, n in session.execute(
                 select(*cell, *answer, func.count()).where(*joined, Answer.triad_a.is_(None))
                 .group_by(*cell, *answer))]
    rows += [row(r, role, done, key, ANSWERED, n) for r, role, done, key, n in session.execute(
        select(*cell, Answer.question_key, func.count(func.distinct(Answer.story_id)))
        .where(*joined).group_by(*cell, Answer.question_key))]
    rows += [row(r, role, done, key, TRIAD, n, a, b, c) for r, role, done, key, n, a, b, c in session.execute(
        select(*cell, Answer.question_key, func.count(), func.sum(Answer.triad_a), func.sum(Answer.triad_b),
               func.sum(Answer.triad_c))
        .where(*joined, Answer.triad_a.is_not(None)).group_by(*cell, Answer.question_key))]
    return rows


def counted_as(story: Story) -> bool | None:
    """How a story is counted now: its completeness if published, None if it is not counted."""
    return bool(story.is_complete) if story.status == StoryStatus.PUBLISHED.value else None
