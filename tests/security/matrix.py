"""The access matrix: for every endpoint of the app, who may use it and how to fill in its URL.

Keep this table next to the URL map: tests/security/test_access_matrix.py fails for any endpoint that is
missing here, so a new route cannot be added without deciding who may open it.

Actors: anonymous, participant (joined the world's session through the real form), viewer_own (viewer of
Twente, where the world's session, proposal and story live), viewer_other (viewer of Rijk van Nijmegen),
moderator, facilitator, analyst, admin.

Denials (``deny``): ``"staff"`` (the default) means anonymous visitors and participants are sent to the
login page and logged-in staff without the role get 403. ``"join"`` means whoever is not a participant of
this session is sent to the join page; ``403`` means a plain 403 for everyone not allowed. ``hidden=404``
means a viewer of another region gets 404: the object exists, but outside their regions the app does not
admit it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

ACTORS = ("anonymous", "participant", "viewer_own", "viewer_other", "moderator", "facilitator", "analyst", "admin")
EVERYONE = frozenset(ACTORS)
STAFF = frozenset({"viewer_own", "viewer_other", "moderator", "facilitator", "analyst", "admin"})
VIEWERS = frozenset({"viewer_own", "viewer_other"})
ADMIN = frozenset({"admin"})
FACILITATORS = frozenset({"facilitator", "admin"})
SESSION_READERS = frozenset({"facilitator", "analyst", "admin"})
MODERATORS = frozenset({"moderator", "analyst", "admin"})
INSIGHTS = VIEWERS | SESSION_READERS
PROPOSAL_READERS = VIEWERS | SESSION_READERS
PROPOSAL_EDITORS = SESSION_READERS
CARD_MAKERS = frozenset({"analyst", "admin"})
CARD_READERS = VIEWERS | SESSION_READERS
PARTICIPANT = frozenset({"participant"})


@dataclass(frozen=True)
class Access:
    allow: frozenset
    args: Callable = lambda w: {}
    query: str = ""
    deny: object = "staff"  # "staff" | "join" | an HTTP status for everyone not allowed
    hidden: int | None = None  # status for the actors in hidden_from (the object is not theirs to see)
    hidden_from: frozenset = frozenset({"viewer_other"})
    data: dict = field(default_factory=dict)  # form fields for POST (besides the CSRF token)
    fresh: str | None = None  # POST deletes its object: use a throw-away one ("cluster", "table")
    content_type: str | None = None  # downloads: the expected mimetype for allowed actors
    clone: bool = False  # POST would end the actor's own session (logout): use a copy of the client

    def url_args(self, world) -> dict:
        return self.args(world)


def _slug(w):
    return {"slug": w.slug}


def _job(w):
    return {"job_id": w.ids["job"]}


def _session(w):
    return {"session_id": w.ids["session"]}


def _code(w):
    return {"code": w.join_code}


def _code_table(w):
    return {"code": w.join_code, "table_id": w.ids["table"]}


def _proposal(w):
    return {"proposal_id": w.ids["proposal"]}


def _pending_story(w):
    return {"public_id": w.public_ids["story_pending"]}


MATRIX: dict[str, Access] = {
    # Public pages: everybody, logged in or not.
    "public.home": Access(EVERYONE),
    "public.privacy": Access(EVERYONE),
    "public.accessibility": Access(EVERYONE),
    "public.project_privacy": Access(EVERYONE, _slug),
    "brand_css": Access(EVERYONE),  # the installation's colours as CSS (vertelpunt/brand.py)
    "collect.landing": Access(EVERYONE, _slug),
    "collect.tell": Access(EVERYONE, lambda w: {"slug": w.slug, "role": "parent"}),
    "collect.thanks": Access(EVERYONE, _slug),
    "collect.withdraw": Access(EVERYONE, _slug),
    "collect.my_story": Access(EVERYONE, _slug),
    "proposals_public.index": Access(EVERYONE, _slug),
    "proposals_public.show": Access(EVERYONE, lambda w: {"slug": w.slug, "proposal_id": w.ids["proposal"]}),
    "accounts.login": Access(EVERYONE),
    "accounts.logout": Access(EVERYONE, clone=True),
    # Probes for the load balancer: anyone, no login, no data.
    "health.healthz": Access(EVERYONE, content_type="application/json"),
    "health.readyz": Access(EVERYONE, content_type="application/json"),
    # Metrics: staff, or a request from this machine. The matrix's clients all come from 127.0.0.1, so here
    # everyone may; tests/observability/test_metrics.py tries them from another address (anonymous: 404).
    "metrics.metrics": Access(EVERYONE, content_type="text/plain"),
    # Participant pages: the join form is public, the table only for this session's participants.
    "participate.enter_code": Access(EVERYONE),
    "participate.join": Access(EVERYONE, _code),
    "participate.table": Access(PARTICIPANT, _code_table, deny="join"),
    "participate.add_note": Access(PARTICIPANT, _code_table, deny="join"),
    "participate.poll": Access(PARTICIPANT, _code_table, deny=403),
    "participate.edit_note": Access(PARTICIPANT, lambda w: {**_code_table(w), "note_id": w.fresh("own_note")},
                                    deny="join", fresh="own_note", data={"text": "Aangepast briefje"}),
    "participate.delete_note": Access(PARTICIPANT, lambda w: {**_code_table(w), "note_id": w.fresh("own_note")},
                                      deny="join", fresh="own_note"),
    "participate.vote": Access(PARTICIPANT, _code, deny="join"),
    # Staff start page: every staff role.
    "staff.overview": Access(STAFF),
    "audit.log": Access(ADMIN),
    # Project settings: admins only (a POST without fields is refused with 400 and saves nothing).
    "staff.project_privacy": Access(ADMIN, _slug),
    # Administration in the browser (vertelpunt/admin): admins only; a POST without fields is refused with 400.
    "admin_projects.index": Access(ADMIN),
    "admin_projects.new": Access(ADMIN),
    "admin_projects.edit": Access(ADMIN, _slug),
    "admin_projects.status": Access(ADMIN, _slug),
    "admin_accounts.index": Access(ADMIN),
    "admin_accounts.new": Access(ADMIN),
    "admin_accounts.edit": Access(ADMIN, lambda w: {"user_id": w.ids["user_spare"]}),
    "admin_accounts.active": Access(ADMIN, lambda w: {"user_id": w.ids["user_spare"]}),
    "admin_accounts.password": Access(ADMIN, lambda w: {"user_id": w.ids["user_spare"]}),
    "admin_forms.index": Access(ADMIN),
    "admin_forms.download": Access(ADMIN, lambda w: {"key": "mini", "version": 1, "fmt": "yaml"},
                                   content_type="application/yaml"),
    "admin_forms.upload": Access(ADMIN),
    "admin_forms.publish": Access(ADMIN),
    "admin_stories.index": Access(ADMIN, _slug),
    "admin_stories.upload": Access(ADMIN, _slug),
    "admin_stories.confirm": Access(ADMIN, _slug),
    "admin_stories.export": Access(ADMIN, _slug),
    # Beheer > Onderhoud: admins only. The POSTs carry no confirmation word, so restore and purge are refused
    # by their form (400), never carried out; a restore that started would log the admin out (clone).
    "admin_maintenance.index": Access(ADMIN),
    "admin_maintenance.backup": Access(ADMIN),
    "admin_maintenance.restore_upload": Access(ADMIN),
    "admin_maintenance.restore_confirm": Access(ADMIN, clone=True),
    "admin_maintenance.purge_preview": Access(ADMIN, data={"period": "2y"}),
    "admin_maintenance.purge": Access(ADMIN, data={"period": "2y"}),
    "admin_maintenance.run_now": Access(ADMIN),
    # Moderation: moderators and analysts (stories of every region: moderation comes before publication).
    "moderate.queue": Access(MODERATORS),
    "moderate.detail": Access(MODERATORS, _pending_story),
    "moderate.redact": Access(MODERATORS, _pending_story),
    "moderate.change_status": Access(MODERATORS, _pending_story),
    # Dashboard and story reading: viewers (their regions only), facilitators, analysts.
    "insights.dashboard": Access(INSIGHTS, query="project=proef"),
    "insights.stories": Access(INSIGHTS, query="project=proef"),
    "insights.story": Access(INSIGHTS, lambda w: {"public_id": w.public_ids["story_twente"]}, hidden=404),
    # Sessions: facilitators plan and run them, analysts read along; viewers only get the report.
    "facilitate.index": Access(SESSION_READERS),
    "facilitate.new": Access(FACILITATORS),
    "facilitate.detail": Access(SESSION_READERS, _session),
    "facilitate.edit": Access(FACILITATORS, _session),
    "facilitate.change_status": Access(FACILITATORS, _session),
    "facilitate.add_table": Access(FACILITATORS, _session),
    "facilitate.table": Access(FACILITATORS, lambda w: {"session_id": w.ids["session"], "table_id": w.ids["table"]}),
    "facilitate.remove_table": Access(FACILITATORS, lambda w: {"session_id": w.ids["session"], "table_id": w.fresh("table")},
                                      fresh="table"),
    "facilitate.invite": Access(SESSION_READERS, _session),
    "facilitate.qr": Access(SESSION_READERS, _session, content_type="image/svg+xml"),
    "board.show": Access(SESSION_READERS, _session),
    "board.poll": Access(SESSION_READERS, _session, content_type="application/json"),
    "board.screen": Access(SESSION_READERS, _session),
    "board.create_cluster": Access(FACILITATORS, _session),
    "board.rename_cluster": Access(FACILITATORS, lambda w: {"session_id": w.ids["session"], "cluster_id": w.ids["cluster"]}),
    "board.delete_cluster": Access(FACILITATORS, lambda w: {"session_id": w.ids["session"], "cluster_id": w.fresh("cluster")},
                                   fresh="cluster"),
    "board.move_note": Access(FACILITATORS, lambda w: {"session_id": w.ids["session"], "note_id": w.ids["loose_note"]}),
    "board.hide_note": Access(FACILITATORS, lambda w: {"session_id": w.ids["session"], "note_id": w.fresh("note")},
                              fresh="note", data={"reason": "Er staat een naam in"}),
    "board.voting": Access(FACILITATORS, _session),
    "board.timer": Access(FACILITATORS, _session),
    "board.focus": Access(FACILITATORS, _session),
    # Session reports: also for viewers, but only of sessions in their regions.
    "proposals_exports.session_report_html": Access(PROPOSAL_READERS, _session, hidden=404),
    # The PDFs are made by jobs: POST starts one (the button on the report's page).
    "proposals_exports.session_report_pdf": Access(PROPOSAL_READERS, _session, hidden=404),
    # Proposals: facilitators and analysts make and change them, viewers read those of their regions.
    "proposals.index": Access(PROPOSAL_READERS),
    "proposals.new": Access(PROPOSAL_EDITORS, query="cluster={cluster}"),
    "proposals.detail": Access(PROPOSAL_READERS, _proposal, hidden=404),
    "proposals.edit": Access(PROPOSAL_EDITORS, _proposal),
    "proposals.status": Access(PROPOSAL_EDITORS, _proposal),
    "proposals.update": Access(PROPOSAL_EDITORS, _proposal),
    "proposals.measure": Access(PROPOSAL_EDITORS, _proposal),
    "proposals.remove_measure": Access(PROPOSAL_EDITORS, _proposal),
    "proposal_plans.add_task": Access(PROPOSAL_EDITORS, _proposal),
    "proposal_plans.finish_task": Access(PROPOSAL_EDITORS, lambda w: {**_proposal(w), "task_id": w.fresh("task")}),
    "proposal_plans.remove_task": Access(PROPOSAL_EDITORS, lambda w: {**_proposal(w), "task_id": w.fresh("task")}),
    "proposal_plans.add_condition": Access(PROPOSAL_EDITORS, _proposal),
    "proposal_plans.condition_met": Access(PROPOSAL_EDITORS,
                                           lambda w: {**_proposal(w), "condition_id": w.fresh("condition")}),
    "proposal_plans.remove_condition": Access(PROPOSAL_EDITORS,
                                              lambda w: {**_proposal(w), "condition_id": w.fresh("condition")}),
    "proposal_plans.rhythm": Access(PROPOSAL_EDITORS, _proposal),
    "proposals_exports.proposals_csv": Access(PROPOSAL_READERS, content_type="text/csv"),
    "proposals_exports.progress": Access(PROPOSAL_READERS),
    "proposals_exports.progress_pdf": Access(PROPOSAL_READERS),
    # Patterns: analysts (and admins) only.
    "patterns.index": Access(CARD_MAKERS),
    "patterns.scan": Access(CARD_MAKERS),
    "patterns.run": Access(CARD_MAKERS, lambda w: {"run_id": w.ids["run"]}),
    "patterns.mark": Access(CARD_MAKERS, lambda w: {"run_id": w.ids["run"]}),
    "patterns.make_card": Access(CARD_MAKERS, lambda w: {"run_id": w.ids["run"]}),
    # Cards: analysts edit; facilitators and viewers read published cards, viewers those of their regions.
    "cards.index": Access(CARD_READERS),
    "cards.show": Access(CARD_READERS, lambda w: {"card_id": w.ids["card_twente"]}, hidden=403),
    "cards.edit": Access(CARD_MAKERS, lambda w: {"card_id": w.ids["card_concept"]}),
    "cards.save": Access(CARD_MAKERS, lambda w: {"card_id": w.ids["card_concept"]}),
    "cards.unpublish": Access(CARD_MAKERS, lambda w: {"card_id": w.fresh("card")}, fresh="card"),
    # Card downloads: whoever may read the card on its page; decks for viewers only of their own regions.
    "card_exports.card_as_pdf": Access(CARD_READERS, lambda w: {"card_id": w.ids["card_twente"]}, hidden=403,
                                       content_type="application/pdf"),
    "card_exports.card_as_html": Access(CARD_READERS, lambda w: {"card_id": w.ids["card_twente"]}, hidden=403,
                                        content_type="text/html"),
    # A deck's page says what it holds; its button starts the job that makes it (vertelpunt/jobs).
    "card_exports.deck": Access(CARD_READERS, query="project=proef&region=twente&format=pdf", hidden=403),
    "card_exports.start_deck": Access(CARD_READERS, query="project=proef&region=twente&format=pdf", hidden=403),
    # Jobs: only the person who started one sees it (every other member of staff gets "not found"), and only
    # while the rule of the page that started it still lets them read what it holds.
    "jobs.index": Access(STAFF),
    "jobs.show": Access(STAFF, _job, hidden=404, hidden_from=STAFF - {"admin"}),
    "jobs.status": Access(STAFF, _job, hidden=404, hidden_from=STAFF - {"admin"}),
    "jobs.download": Access(STAFF, _job, hidden=404, hidden_from=STAFF - {"admin"}, content_type="application/pdf"),
    # Themes: analysts (and admins) only.
    "themes.index": Access(CARD_MAKERS),
    "themes.start": Access(CARD_MAKERS),
    "themes.show": Access(CARD_MAKERS, lambda w: {"run_id": w.ids["theme_run"]}),
    "themes.scan": Access(CARD_MAKERS, lambda w: {"run_id": w.ids["theme_run"], "topic": 0}),
}

#: Second objects (or modes) for endpoints whose answer depends on the object, not only on the role.
VARIANTS: dict[str, tuple[str, Access]] = {
    # The story table mode (a facilitator's device on a table at an event) is for facilitators only.
    "verteltafel-landing": ("collect.landing", Access(FACILITATORS, _slug, query="verteltafel=1", deny=403)),
    "verteltafel-tell": ("collect.tell", Access(FACILITATORS, lambda w: {"slug": w.slug, "role": "parent"},
                                                query="verteltafel=1", deny=403, data={"verteltafel": "1"})),
    "concept-card": ("cards.show", Access(CARD_READERS, lambda w: {"card_id": w.ids["card_concept"]}, hidden=403,
                                          hidden_from=frozenset({"viewer_own", "viewer_other", "facilitator"}))),
    "other-region-card": ("cards.show", Access(CARD_READERS, lambda w: {"card_id": w.ids["card_nijmegen"]},
                                               hidden=403, hidden_from=frozenset({"viewer_own"}))),
    "concept-card-pdf": ("card_exports.card_as_pdf", Access(
        CARD_READERS, lambda w: {"card_id": w.ids["card_concept"]}, hidden=403, content_type="application/pdf",
        hidden_from=frozenset({"viewer_own", "viewer_other", "facilitator"}))),
    "job-outside-its-owners-reach": ("jobs.download", Access(
        STAFF, lambda w: {"job_id": w.ids["job_out_of_reach"]}, hidden=404, hidden_from=STAFF)),
    "session-deck": ("card_exports.start_deck", Access(CARD_READERS, query="project=proef&sessie={session}&format=zip",
                                                       hidden=403)),
    "whole-project-deck": ("card_exports.start_deck", Access(CARD_READERS, query="project=proef&format=zip",
                                                             hidden=403, hidden_from=VIEWERS)),
    # A card or proposal without a region (and not from a regional session) is about the whole project: viewers
    # of each of its regions see it; one from the Twente session stays Twente's (vertelpunt/projects/visibility.py).
    "project-wide-card": ("cards.show", Access(CARD_READERS, lambda w: {"card_id": w.ids["card_project"]}, hidden=403,
                                               hidden_from=frozenset())),
    "project-wide-card-pdf": ("card_exports.card_as_pdf", Access(
        CARD_READERS, lambda w: {"card_id": w.ids["card_project"]}, hidden=403, content_type="application/pdf",
        hidden_from=frozenset())),
    "project-wide-proposal": ("proposals.detail", Access(
        PROPOSAL_READERS, lambda w: {"proposal_id": w.ids["proposal_project"]}, hidden=404, hidden_from=frozenset())),
    "session-proposal-without-region": ("proposals.detail", Access(
        PROPOSAL_READERS, lambda w: {"proposal_id": w.ids["proposal_session"]}, hidden=404)),
    "pending-story": ("insights.story", Access(INSIGHTS, lambda w: {"public_id": w.public_ids["story_pending"]},
                                               hidden=404, hidden_from=INSIGHTS)),
    "other-region-story": ("insights.story", Access(INSIGHTS, lambda w: {"public_id": w.public_ids["story_nijmegen"]},
                                                    hidden=404, hidden_from=frozenset({"viewer_own"}))),
}
