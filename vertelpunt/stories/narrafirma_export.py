"""A project's form and stories as NarraFirma's two CSV files: a story form and a stories file.

Written in the layout NarraFirma's import guide describes, so NarraFirma (and
:mod:`vertelpunt.forms.narrafirma` with :mod:`vertelpunt.stories.narrafirma_import`) read them back:
prompts as eliciting questions; sliders as Scale 0-100 with n.v.t. written as ``does not apply``;
multiple choices as single-column delimited; a triad (which NarraFirma does not have) as three Scale
columns of 0-100 points with a comment in the form file; role, region and place as single choices; the
week as the story date. Question and option keys are used as NarraFirma's names, so importing the files
into a new project gives the same keys again. Cells a spreadsheet would run as a formula start with an
apostrophe, as in Vertelpunt's own CSV export.
"""
from __future__ import annotations

import csv
import io

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from vertelpunt.forms.narrafirma_csv import formula_safe
from vertelpunt.forms.question_types import NA
from vertelpunt.models import Project, Story
from vertelpunt.stories.services import story_answers

HEADER = ["Data column name", "Type", "About", "Short name", "Long name", "Options", "Answers"]
FIXED = ["Story title", "Story text", "Eliciting question", "Week", "Language"]
DOES_NOT_APPLY = "does not apply"
DELIMITER = ","


def export_narrafirma(session: Session, project: Project, statuses: tuple[str, ...] | None = None) -> dict[str, str]:
    """``{filename: text}`` for the story form CSV and the stories CSV of ``project`` (all stories unless
    ``statuses`` names some). Reads only; the caller audits."""
    form_rows, columns = _form_rows(project)
    header = FIXED + [name for name, _ in columns]
    query = (select(Story).where(Story.project_id == project.id).order_by(Story.id)
             .options(selectinload(Story.answers), selectinload(Story.region), selectinload(Story.municipality)))
    if statuses:
        query = query.where(Story.status.in_(statuses))
    story_rows = [header]
    for story in session.scalars(query):
        answers = story_answers(story) | {"__role": story.role, "__region": story.region.key if story.region else ""}
        row = [story.title or "", story.text, story.prompt_key or "", story.week.isoformat(), story.language]
        row += [cell(answers) for _, cell in columns]
        story_rows.append(row)
    base = project.slug
    return {f"{base}_story_form.csv": _csv(form_rows), f"{base}_stories.csv": _csv(story_rows)}


def _form_rows(project: Project):
    """The form file's rows, and the stories file's answer columns as (name, function of a story's answers)."""
    form = project.form
    rows: list[list[str]] = [["; Vertelpunt: vragenset " + f"{form.key} versie {form.version}, project {project.slug}"],
                             HEADER]
    rows += [["", "Story title column name", "import", "", "", "", "Story title"],
             ["", "Story text column name", "import", "", "", "", "Story text"],
             ["", "Story date column name", "import", "", "", "", "Week"],
             ["", "Story language column name", "import", "", "", "", "Language"],
             ["", "Scale range", "import", "", "", "", "0", "100"],
             ["", "Multi choice single column delimiter", "import", "", "", "", DELIMITER],
             ["", "Title", "form", "", "", "", form.title]]
    prompts: dict[str, str] = {}
    for role in form.roles:
        for prompt in role.prompts:
            prompts.setdefault(prompt.key, prompt.text)
    rows.append(["Eliciting question", "eliciting", "eliciting", "Eliciting question", "Eliciting question", ""]
                + [f"{key}|{text}" for key, text in prompts.items()])
    columns = []
    if len(form.roles) >= 2:
        rows.append(["rol", "Single choice", "participant", "rol", "Rol van de verteller", ""]
                    + [f"{role.key}|{role.label}" for role in form.roles])
        columns.append(("rol", lambda answers: answers["__role"]))
    regions = list(project.regions)
    if len(regions) >= 2:
        rows.append(["regio", "Single choice", "story", "regio", "Regio", ""]
                    + [f"{region.key}|{region.name}" for region in regions])
        columns.append(("regio", lambda answers: answers["__region"]))
    for question in form.questions:
        rows_and_columns = _question(question, project)
        for row in rows_and_columns[0]:
            rows.append(row)
        columns += rows_and_columns[1]
    return rows, columns


def _question(question, project):
    key, about = question.key, "participant" if question.section == "teller" else "story"
    text = question.text.replace("\n", " ")
    if question.type == "slider":
        def scale(answers, key=key):
            value = answers.get(key)
            return "" if value is None else DOES_NOT_APPLY if value == NA else f"{value:g}"
        na = [DOES_NOT_APPLY] if question.allow_na else []
        return [[key, "Scale", about, key, text, "", question.left_label, question.right_label, "0", "100", *na]], \
            [(key, scale)]
    if question.type == "single_choice":
        return [[key, "Single choice", about, key, text, ""] + [f"{o.key}|{o.label}" for o in question.options]], \
            [(key, lambda answers, key=key: answers.get(key) or "")]
    if question.type == "multi_choice":
        options = f"maxNumAnswers={question.max_choices}" if question.max_choices else ""
        return [[key, "Multi-choice single-column delimited", about, key, text, options]
                + [f"{o.key}|{o.label}" for o in question.options]], \
            [(key, lambda answers, key=key: DELIMITER.join(answers.get(key) or []))]
    if question.type == "triad":
        rows = [[(f"; De driehoek '{key}' heeft NarraFirma niet: hij staat hier als drie schalen van 0 tot 100 "
                 "punten (samen 100), een per hoek.")]]
        columns = []
        for index, corner in enumerate(question.options):
            name = f"{key}_{corner.key}"
            rows.append([name, "Scale", about, name, f"{text} - {corner.label}", "", "0 punten", "100 punten",
                         "0", "100"])
            columns.append((name, lambda answers, key=key, index=index:
                            "" if answers.get(key) is None else f"{answers[key][index] * 100:g}"))
        return rows, columns
    if question.type == "place":
        places = [m for region in project.regions for m in region.municipalities]
        return [[key, "Single choice", about, key, text, ""] + [f"{m.key}|{m.name}" for m in places]], \
            [(key, lambda answers, key=key: answers.get(key) or "")]
    kind = "Text" if (question.max_length or 1000) <= 1000 else "Textarea"
    return [[key, kind, about, key, text, ""]], [(key, lambda answers, key=key: answers.get(key) or "")]


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([formula_safe(str(cell)) for cell in row])
    return out.getvalue()
