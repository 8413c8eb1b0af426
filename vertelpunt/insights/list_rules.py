"""The small-group rule of a long story list, worked out by a job and kept, so the story page stays fast.

The story page shows a story as the list it was opened from shows it (vertelpunt/insights/story_view.py):
the rule of that list (:func:`analysis.disclosure.mask_rule`) reads every story of the list, 3.5 s at 10,000
stories and half a minute at 100,000. So for a list longer than ``INLINE_STORIES`` the rule is made by a
``list_rule`` job and stored (``list_rules``) with a stamp of the list's stories: their number, the sums of
their ids, of a hash of their ids and of the complete ones' ids, and the largest id. The attributes the rule
reads (role, region, week, place, answers) never change after a story is told; only which stories are in the
list and whether they are complete. So a rule whose stamp equals the list's stamp now is the rule of the list
now, and any other rule is never applied. Until the job is done the page hides every grouped label, which
shows less, never more. A shorter list gets its rule inside the request (0.4 s at 1,000 stories), kept the
same way, so the next story opened from it reads the rule instead of every story again.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from analysis.disclosure import MaskRule
from vertelpunt.db import dialect_insert
from vertelpunt.insights.records import StoryFilter, story_query
from vertelpunt.insights.tallies import sum_columns
from vertelpunt.jobs.kinds import KINDS, JobKind, JobRefused, Outcome, Progress, page_path
from vertelpunt.models import Job, JobState, ListRule, Project, Story, UserRole

INLINE_STORIES = 2000  # a list this long is masked inside the request (about 0.4 s), and the rule kept
JOB_KIND = "list_rule"


@dataclass(frozen=True)
class ListRequest:
    """Which list a rule is for: a project's stories under a filter, within a viewer's regions, at a threshold."""

    project_id: int
    story_filter: StoryFilter
    region_ids: tuple[int, ...] | None
    min_group: int
    story: str = ""  # the public id of the story whose page asked (the job's result links back to it)

    @property
    def key(self) -> str:
        named = {"filter": self.story_filter.to_dict(), "regions": self.region_ids, "min_group": self.min_group}
        return hashlib.sha256(json.dumps(named, sort_keys=True).encode()).hexdigest()

    def params(self) -> dict:
        return {"project_id": self.project_id, "filter": self.story_filter.to_dict(),
                "regions": None if self.region_ids is None else list(self.region_ids),
                "min_group": self.min_group, "story": self.story}

    @classmethod
    def from_params(cls, params: dict) -> ListRequest:
        regions = params.get("regions")
        return cls(int(params["project_id"]), StoryFilter.from_dict(params["filter"]),
                   None if regions is None else tuple(regions), int(params["min_group"]), params.get("story", ""))

    @classmethod
    def of(cls, project_id: int, story_filter: StoryFilter, region_ids: set[int] | None, min_group: int,
           story: str = "") -> ListRequest:
        return cls(project_id, story_filter, None if region_ids is None else tuple(sorted(region_ids)), min_group,
                   story)

    def ids(self, project: Project):
        """The select() of the list's story ids."""
        return story_query(project, self.story_filter, None if self.region_ids is None else set(self.region_ids))


def list_stamp(session: Session, ids) -> list:
    """Which stories the list ``ids`` (a story_query) holds and which of them are complete, in one pass: the sums
    of :func:`tallies.sum_columns`, the largest id and its public id (SQLite gives a deleted largest id to the
    next story; its random public id tells the two apart)."""
    *sums, largest = session.execute(select(*sum_columns(session), func.coalesce(func.max(Story.id), 0))
                                     .where(ids.whereclause)).one()
    last = session.scalar(select(Story.public_id).where(Story.id == largest)) if largest else ""
    return [*(int(part) for part in sums), int(largest), last or ""]


def _plain(value):
    return list(value) if isinstance(value, tuple) else value


def _hashable(value):
    return tuple(_hashable(item) for item in value) if isinstance(value, list) else value


def rule_to_json(rule: MaskRule) -> dict:
    return {"attributes": list(rule.attributes), "dropped": sorted(rule.dropped),
            "hidden": {name: [_plain(value) for value in values] for name, values in rule.hidden_values.items()}}


def rule_from_json(data: dict) -> MaskRule:
    """The stored rule again; JSON turned the tuples of multiple choices and triads into lists."""
    return MaskRule(tuple(data["attributes"]),
                    {name: frozenset(_hashable(value) for value in values) for name, values in data["hidden"].items()},
                    frozenset(data["dropped"]))


def stored_rule(session: Session, request: ListRequest, stamp: list) -> MaskRule | None:
    """The kept rule of this list, if it was made from exactly the stories the list holds now."""
    found = session.scalar(select(ListRule).where(ListRule.project_id == request.project_id,
                                                  ListRule.key == request.key)
                           .execution_options(populate_existing=True))  # store_rule writes past the ORM
    return rule_from_json(found.rule) if found is not None and list(found.stamp) == stamp else None


def store_rule(session: Session, request: ListRequest, stamp: list, rule: MaskRule) -> None:
    """Keep the rule under its stamp: one INSERT ... ON CONFLICT, since two views of a short list (which make
    their rule in the request) may store it at the same moment."""
    statement = dialect_insert(session, ListRule.__table__).values(
        project_id=request.project_id, key=request.key, stamp=stamp, rule=rule_to_json(rule))
    session.execute(statement.on_conflict_do_update(index_elements=["project_id", "key"],
                                                    set_={"stamp": statement.excluded.stamp,
                                                          "rule": statement.excluded.rule}))


def make_rule(session: Session, project: Project, request: ListRequest) -> tuple[list, MaskRule]:
    """Work out the list's rule from its stories (the job's work), with the stamp taken first: a story that
    changes meanwhile makes the stamp stale, never the rule wrong under a current stamp."""
    from analysis.disclosure import mask_rule
    from vertelpunt.insights.story_view import attributes_of  # it applies kept rules: imports this module

    ids = request.ids(project)
    stamp = list_stamp(session, ids)
    listed = ids.subquery()
    return stamp, mask_rule(attributes_of(session, select(listed.c.id)), request.min_group)


def pending(session: Session, request: ListRequest) -> Job | None:
    """A waiting or running ``list_rule`` job for this list (one whose worker's lease ran out does not count)."""
    from vertelpunt.jobs.services import lease_expired

    jobs = session.scalars(select(Job).where(Job.kind == JOB_KIND, Job.project_id == request.project_id,
                                             Job.state.in_((JobState.QUEUED.value, JobState.RUNNING.value))))
    key = request.key
    return next((job for job in jobs if ListRequest.from_params(job.params).key == key and not lease_expired(job)),
                None)


def ask(session: Session, request: ListRequest, user) -> Job:
    """The waiting or running job that makes this list's rule, started now when there is none (flushed)."""
    from vertelpunt.jobs.services import start_job

    return pending(session, request) or start_job(session, user, JOB_KIND, request.params(),
                                                  project_id=request.project_id, step_text="in de wachtrij")


def run_list_rule_job(session: Session, user, params: dict, progress: Progress) -> Outcome:
    request = ListRequest.from_params(params)
    project = session.get(Project, request.project_id)
    if project is None:
        raise JobRefused("Dit project bestaat niet meer.")
    progress(0, 1, "de verhalen van de lijst tellen")
    stamp, rule = make_rule(session, project, request)
    store_rule(session, request, stamp, rule)
    url = page_path("insights.story", public_id=request.story) if request.story else page_path("insights.stories")
    return Outcome(url=url, story_ids=[])  # a rule holds labels and counts' outcome, no story text


def may_read_list_rule_job(session: Session, user, params: dict) -> bool:
    return user.has_role(UserRole.ANALYST, UserRole.FACILITATOR, UserRole.VIEWER)  # the story pages' own rule


def register() -> None:
    KINDS.setdefault(JOB_KIND, JobKind(JOB_KIND, "Groepen van een verhalenlijst tellen", run_list_rule_job,
                                       may_read_list_rule_job, writes=True))
