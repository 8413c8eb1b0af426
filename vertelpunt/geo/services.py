"""Keep the regions table in step with the shipped list of youth-care regions."""
from __future__ import annotations

from pathlib import Path

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from vertelpunt.models import Municipality, Region

REGIONS_PATH = Path(__file__).resolve().parent.parent / "data" / "regions.yaml"


def read_regions(path: Path = REGIONS_PATH) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)["regions"]


def sync_regions(session: Session, regions: list[dict] | None = None) -> int:
    """Add missing regions and municipalities (never removes: stories may point at them).

    Returns how many rows were added. Names are updated when the list renames a region.
    """
    regions = read_regions() if regions is None else regions
    stored = {r.key: r for r in session.scalars(select(Region).options(selectinload(Region.municipalities)))}
    added = 0
    for entry in regions:
        region = stored.get(entry["key"])
        if region is None:
            region = Region(key=entry["key"], name=entry["name"])
            session.add(region)
            added += 1
        region.name = entry["name"]
        known = {m.key for m in region.municipalities}
        for item in entry.get("municipalities", []):
            if item["key"] not in known:
                region.municipalities.append(Municipality(key=item["key"], name=item["name"]))
                added += 1
    session.flush()
    return added


def find_regions(session: Session, keys) -> tuple[list[Region], list[str]]:
    """The regions with these keys in the order given (one query), and the keys no region has."""
    keys = list(keys)
    found = {r.key: r for r in session.scalars(select(Region).where(Region.key.in_(keys)))} if keys else {}
    return [found[key] for key in keys if key in found], [key for key in keys if key not in found]
