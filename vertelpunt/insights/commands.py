"""`vertelpunt patterns`: the pattern scan from the command line.

With ``--csv`` the command needs no database and no application (``vertelpunt.cli`` builds none for it): it
reads the file and the form file, scans and writes, and imports nothing of Flask or SQLAlchemy, so it
starts in a fraction of the time (docs/benchmarks.md).
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import click

from vertelpunt.cli import STORY_STATUSES
from vertelpunt.cli_helpers import fail

#: Story statuses, from the one list the CLI keeps (it imports no models, so neither does the CSV path).
CSV_STATUSES = STORY_STATUSES


@click.command()
@click.option("--project", "slug", help="Scan de gepubliceerde verhalen van dit project (en bewaar de scan).")
@click.option("--csv", "csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Of: scan een CSV-export, zonder database (met --form).")
@click.option("--form", "form_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Het vragenset-bestand bij --csv.")
@click.option("--region", "regions", multiple=True, help="Alleen deze regio('s).")
@click.option("--role", "roles", multiple=True, help="Alleen deze rol(len).")
@click.option("--help-type", "help_types", multiple=True, help="Alleen verhalen met deze soort hulp (help_type).")
@click.option("--answer", "answers", multiple=True,
              help="Alleen verhalen met dit antwoord, als vraag:antwoord (feeling:boos, on_time:20-60, mattered:worker).")
@click.option("--from", "week_from", type=click.DateTime(["%Y-%m-%d"]), help="Vanaf deze datum (week).")
@click.option("--to", "week_to", type=click.DateTime(["%Y-%m-%d"]), help="Tot en met deze datum.")
@click.option("--compare", "comparison", help="Eén groep tegen de rest: region=twente, role=youth, period=2026-K3:2026-K2.")
@click.option("--alpha", default=0.05, show_default=True, type=click.FloatRange(0.0001, 0.5),
              help="Grens voor de q-waarde (false discovery rate).")
@click.option("--min-group", type=click.IntRange(2, 1000),
              help="Kleinste groep om te toetsen (standaard: de instelling SMALL_GROUP_THRESHOLD).")
@click.option("--splits", default=10, show_default=True, type=click.IntRange(0, 500),
              help="Splitsingen in twee helften voor de bevestiging (0: niet bevestigen).")
@click.option("--top", default=25, show_default=True, type=click.IntRange(1, 10_000),
              help="Zoveel patronen in de tabel.")
@click.option("--status", "statuses", multiple=True, type=click.Choice(CSV_STATUSES),
              help="Bij --csv: alleen verhalen met deze status (standaard: published; herhaal voor meer).")
@click.option("--json", "json_file", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Schrijf het volledige resultaat als JSON.")
def patterns(slug, csv_file, form_file, regions, roles, help_types, answers, week_from, week_to, comparison, alpha,
             min_group, splits, top, statuses, json_file) -> None:
    """Zoek statistisch opvallende patronen (Benjamini-Hochberg, effectgrootte, bevestiging, controle op verklaring)."""
    from analysis.patterns import ScanOptions

    if bool(slug) == bool(csv_file):
        fail("Kies --project SLUG of --csv BESTAND --form VRAGENSET.")
    if statuses and not csv_file:
        fail("--status hoort bij --csv; een scan van een project gebruikt de gepubliceerde verhalen.")
    if answers and csv_file:
        fail("--answer werkt alleen met --project.")
    if csv_file:
        # no command transaction runs around the CSV path (vertelpunt.cli builds no app for it), so its user
        # errors are reported here; the project path's go through vertelpunt.cli_helpers.command_transaction
        from vertelpunt.errors import USER_ERRORS, user_message

        try:
            options = ScanOptions(alpha=alpha, min_group=min_group or _configured_threshold(), confirm_splits=splits)
            result, run_id, family = _scan_csv(csv_file, form_file, statuses or ("published",), regions, roles,
                                               help_types, comparison, options), None, None
        except USER_ERRORS as error:
            fail(user_message(error))
    else:
        result, run_id, family = _scan_project(slug, regions, roles, help_types, answers, week_from, week_to,
                                               comparison, alpha, min_group, splits)
    from vertelpunt.insights.report import format_family, format_table

    click.echo(format_table(result, top))
    if run_id is not None:
        click.echo(format_family(**family))
        click.echo(f"Bewaard als scan {run_id}.")
    if json_file:
        data = result.to_dict() | ({"family": family} if family else {})
        json_file.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        click.echo(f"Resultaat geschreven naar {json_file}.", err=True)


def _configured_threshold() -> int:
    """SMALL_GROUP_THRESHOLD from the environment, as the app would read it, without building the app."""
    from analysis.disclosure import DEFAULT_THRESHOLD
    from vertelpunt.config import read_environment

    return int(read_environment(os.environ).get("SMALL_GROUP_THRESHOLD", DEFAULT_THRESHOLD))


def _scan_csv(csv_file, form_file, statuses, regions, roles, help_types, comparison, options):
    """The scan of a CSV export: no database, no application."""
    from analysis.data import AnswerTable
    from analysis.patterns import scan
    from vertelpunt.forms.files import read_form_file
    from vertelpunt.insights.comparison import Comparison, compare

    if form_file is None:
        fail("Bij --csv hoort --form (het vragenset-bestand).")
    if help_types:
        fail("--help-type werkt alleen met --project.")
    parsed = Comparison.parse(comparison) if comparison else None
    table = AnswerTable.from_csv(csv_file, read_form_file(form_file), statuses, texts=False)
    if regions or roles:
        mask = table.mask_for("region", *regions) if regions else None
        if roles:
            role_mask = table.mask_for("role", *roles)
            mask = role_mask if mask is None else mask & role_mask
        table = table.subset(mask)
    return compare(table, parsed, options) if parsed else scan(table, options)


def _scan_project(slug, regions, roles, help_types, answers, week_from, week_to, comparison, alpha, min_group,
                  splits):
    from analysis.patterns import ScanOptions
    from vertelpunt.cli_helpers import project_or_fail
    from vertelpunt.db import get_session
    from vertelpunt.insights.answer_filters import check
    from vertelpunt.insights.records import StoryFilter
    from vertelpunt.insights.comparison import Comparison
    from vertelpunt.insights.scans import run_scan, stored_result
    from vertelpunt.small_groups import threshold

    options = ScanOptions(alpha=alpha, min_group=min_group or threshold(), confirm_splits=splits)
    parsed = Comparison.parse(comparison) if comparison else None
    project = project_or_fail(slug)
    conditions = []
    for text in answers:  # checked as the web's filter form checks them, but a wrong one stops the command
        condition, problem = check(project.form.questions, text)
        if problem:
            fail(problem)
        conditions.append(condition)
    filters = StoryFilter(
        regions=regions, roles=roles, choice_question="help_type" if help_types else None,
        choice_options=help_types, week_from=week_from.date() if week_from else None,
        week_to=week_to.date() if week_to else None, answers=tuple(dict.fromkeys(conditions)))
    run = run_scan(get_session(), project, filters, options, actor="cli", comparison=parsed)  # committed by the CLI
    return stored_result(run), run.id, {"expected": run.expected, "power": run.power, "online": run.online}
