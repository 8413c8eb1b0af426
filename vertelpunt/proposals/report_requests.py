"""Which report a request asks for, and whether this user may have it: one rule for the report's page, the job
that makes its PDF and the download of that PDF (``vertelpunt.jobs.kinds``)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from vertelpunt.accounts.access import visible_region_ids
from vertelpunt.models import Region, SensemakingSession, UserRole
from vertelpunt.proposals.report import ProgressReport, progress_report

READ_ROLES = (UserRole.FACILITATOR, UserRole.ANALYST, UserRole.VIEWER)
PERIOD_DAYS = 90


def readable_session(session: Session, user, session_id: int) -> SensemakingSession | None:
    """The sense-making session, if ``user`` may read its report (viewers: only their regions)."""
    if not user.has_role(*READ_ROLES):
        return None
    sess = session.get(SensemakingSession, session_id)
    region_ids = visible_region_ids(user)
    if sess is None or (region_ids is not None and sess.region_id not in region_ids):
        return None
    return sess


@dataclass(frozen=True)
class ProgressRequest:
    report: ProgressReport
    regions: list[Region]  # the regions this user may choose
    errors: dict[str, str]  # field -> Dutch message

    @property
    def params(self) -> dict:
        """What a job needs to make the same report again (as in the URL)."""
        params = {"from": self.report.start.isoformat(), "to": self.report.end.isoformat()}
        if self.report.region is not None:
            params["region"] = self.report.region.key
        return params

    @property
    def filename(self) -> str:
        key = self.report.region.key if self.report.region else "alle-regios"
        return f"voortgang-{key}-{self.report.start.isoformat()}-{self.report.end.isoformat()}.pdf"


def progress_request(session: Session, user, args: Mapping[str, str], today: date | None = None) -> ProgressRequest:
    """Region (key) and period from the query string; defaults: every visible region, the last 90 days."""
    errors = {}
    today = today or date.today()
    dates = {}
    for name, default in (("from", today - timedelta(days=PERIOD_DAYS)), ("to", today)):
        raw = (args.get(name) or "").strip()
        try:
            dates[name] = date.fromisoformat(raw) if raw else default
        except ValueError:
            errors[name] = "Vul een datum in, bijvoorbeeld 2026-12-31."
            dates[name] = default
    if dates["from"] > dates["to"]:
        errors["to"] = "De einddatum ligt voor de begindatum."
    region = None
    key = (args.get("region") or "").strip()
    region_ids = visible_region_ids(user)
    if key:
        region = session.scalar(select(Region).where(Region.key == key))
        if region is None or (region_ids is not None and region.id not in region_ids):
            errors["region"] = "Kies een regio uit de lijst."
            region = None
    regions = [r for r in session.scalars(select(Region).order_by(Region.name))
               if region_ids is None or r.id in region_ids]
    report = progress_report(session, region, dates["from"], dates["to"], region_ids)
    return ProgressRequest(report, regions, errors)
