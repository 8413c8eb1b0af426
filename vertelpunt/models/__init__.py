"""SQLAlchemy models, one module per area. Importing this package registers every table."""
from vertelpunt.models.accounts import User, UserRole, user_regions
from vertelpunt.models.audit import AuditEvent
from vertelpunt.models.cards import CardStatus, CardStory, ObservationCard, PatternMark, Verdict
from vertelpunt.models.forms import FormModule, FormRole, Module, Option, Prompt, Question, StoryForm
from vertelpunt.models.geo import Municipality, Region
from vertelpunt.models.jobs import Job, JobResult, JobState
from vertelpunt.models.insights import ExpectedLink, PatternRun, PatternRunCharts, ProjectFdrState
from vertelpunt.models.projects import Project, ProjectStatus, project_regions
from vertelpunt.models.proposals import Proposal, ProposalEvent, ProposalStatus, ProposalUpdate
from vertelpunt.models.measures import ProposalMeasure
from vertelpunt.models.staged import StagedUpload
from vertelpunt.models.plans import ConditionKind, PlanReminder, ProposalCondition, ProposalPlan, ProposalTask
from vertelpunt.models.sessions import (
    Cluster, Note, NoteKind, Participant, SensemakingSession, SessionStatus, SessionTable, TableCard, TableStory, Vote,
)
from vertelpunt.models.stories import Answer, Channel, Story, StoryStatus, WithdrawnStory
from vertelpunt.models.tallies import AnswerTally, ListRule, TallyStamp, WeekSum
from vertelpunt.models.thanks import ThanksTicket
from vertelpunt.models.themes import ThemeMember, ThemeRun

__all__ = [
    "Answer", "AuditEvent", "CardStatus", "CardStory", "ObservationCard", "PatternMark", "ThemeMember", "ThemeRun", "Verdict",
    "Channel", "ExpectedLink", "Job", "JobResult", "JobState", "FormModule", "FormRole", "Module", "Municipality", "Option", "PatternRun", "PatternRunCharts", "ProjectFdrState",
    "Project", "ProjectStatus", "Prompt", "Question", "Region", "Story", "StoryForm",
    "StoryStatus", "StagedUpload", "WithdrawnStory", "User", "UserRole", "project_regions", "user_regions",
    "Proposal", "ProposalEvent", "ProposalMeasure", "ProposalStatus", "ProposalUpdate",
    "ConditionKind", "PlanReminder", "ProposalCondition", "ProposalPlan", "ProposalTask",
    "Cluster", "Note", "NoteKind", "Participant", "SensemakingSession", "SessionStatus", "SessionTable", "TableCard",
    "TableStory", "ThanksTicket", "Vote", "AnswerTally", "ListRule", "TallyStamp", "WeekSum",
]
