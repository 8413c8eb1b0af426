"""NarraFirma exchange: its story-form CSV and stories CSV import (CLI), and the export that reads back."""
from __future__ import annotations

from pathlib import Path

import pytest

from vertelpunt.forms.narrafirma import parse_narrafirma_form
from vertelpunt.forms.narrafirma_csv import NarraFirmaError

DATA = Path(__file__).parent / "data" / "narrafirma"


def _questions(definition):
    return {q["key"]: q for module in definition["modules"] for q in module["questions"]}


def test_import_guide_form_covers_every_type():
    definition, report = parse_narrafirma_form((DATA / "import_guide_story_form.csv").read_bytes(), key="nf-gids")
    questions = _questions(definition)
    assert definition["key"] == "nf-gids" and definition["modules"][0]["core"] is False
    assert [p["key"] for p in definition["roles"][0]["prompts"]] == ["surprise", "really_like", "discovery"]
    assert questions["how_long_ago"]["type"] == "single_choice"
    assert [o["key"] for o in questions["how_long_ago"]["options"]] == ["last_week", "a_3_months", "a_6_months",
                                                                        "a_1_year"]
    assert questions["how_long_remember"]["type"] == "slider"
    assert questions["how_long_remember"]["left"] == "for a few minutes"
    for key in ("feel_about", "needed", "people_who_helped", "who_would_be_surprised"):
        assert questions[key]["type"] == "multi_choice", key
    assert questions["comment"]["section"] == "teller" and questions["comment"]["type"] == "text"
    assert any("deelnemer-id" in item and "Respondent" in item for item in report.not_kept)


def test_old_layout_example_form_reports_what_it_cannot_keep():
    definition, report = parse_narrafirma_form((DATA / "example_story_form.csv").read_text(encoding="utf-8"))
    questions = _questions(definition)
    assert definition["title"] == "Welcome to the <i>story collection</i>!"
    assert questions["position"]["section"] == "teller"
    assert questions["feel_about"]["type"] == "multi_choice"
    kept_out = " ".join(report.not_kept)
    assert "Image" in kept_out and "Start text" in kept_out
    assert "Custom CSS" not in kept_out  # empty in the file: nothing to lose


def test_boolean_checkbox_write_in_and_options():
    text = ("Data column name,Type,About,Short name,Long name,Options,Answers\n"
            "; a comment\n"
            "Ok,Boolean,story,Went well,Did it go well?,,\n"
            "Seen,Checkbox,participant,Seen before,Seen before?,,\n"
            "Who,Multi-choice single-column delimited,story,Who,Who helped?,"
            "maxNumAnswers=2|writeInTextBoxLabel=Iemand anders?|colour=red,a|A,b|B,c|C\n")
    definition, report = parse_narrafirma_form(text)
    questions = _questions(definition)
    assert [o["key"] for o in questions["went_well"]["options"]] == ["ja", "nee"]
    assert questions["seen_before"]["type"] == "single_choice"
    assert questions["who"]["max_choices"] == 2
    assert questions["who_anders"]["type"] == "text"
    assert any("colour" in item for item in report.not_kept)


@pytest.mark.parametrize("text, where", [
    ("key: value\n", "geen kopregel"),
    ("Type,About,Short name,Answers\nSingle choice,story,Q,alleen\n", "regel 2, kolom Answers"),
    ("Type,About,Short name,Answers\nWhatever,story,Q,a,b\n", "regel 2, kolom Type"),
    ("Type,About,Short name,Answers\nText,somewhere,Q,\n", "regel 2, kolom About"),
    ("Type,About,Short name,Answers\nText,story,,\n", "regel 2, kolom Short name"),
    ('Type,About,Short name,Answers\nText,story,"Q\n', "regel"),
])
def test_bad_form_files_name_line_and_column(text, where):
    with pytest.raises(NarraFirmaError) as error:
        parse_narrafirma_form(text)
    assert where in error.value.message


def _project_on(session, regions, text, key, slug="nf-test"):
    from vertelpunt.forms.services import import_definition
    from vertelpunt.projects.services import create_project

    definition, _ = parse_narrafirma_form(text, key=key)
    import_definition(session, definition)
    session.commit()
    project = create_project(session, slug, "NarraFirma", key, ("twente", "rijk-van-nijmegen"))
    session.commit()
    return project


def _answers(session, project):
    from sqlalchemy import select

    from vertelpunt.models import Story
    from vertelpunt.stories.services import story_answers

    stories = session.scalars(select(Story).where(Story.project_id == project.id).order_by(Story.id)).all()
    return stories, [story_answers(story) for story in stories]


def test_cli_imports_the_import_guide_example_with_every_type(run, session, regions, tmp_path):
    run("forms", "import", "--format", "narrafirma", "--key", "nf-gids", str(DATA / "import_guide_story_form.csv"))
    run("projects", "create", "nf-gids", "--title", "NarraFirma", "--form", "nf-gids", "--region", "twente")
    result = run("stories", "import", "--format", "narrafirma", "--project", "nf-gids", "--role", "professional",
                 str(DATA / "import_guide_stories.csv"))
    assert "3 verhalen" in result.output and "te beoordelen" in result.output
    from vertelpunt.models import Project

    project = session.query(Project).filter_by(slug="nf-gids").one()
    stories, answers = _answers(session, project)
    assert {s.status for s in stories} == {"pending"} and {s.role for s in stories} == {"professional"}
    assert stories[0].title == "Never would have guessed" and stories[0].prompt_key == "surprise"
    first = answers[0]
    assert first["how_long_ago"] == "a_1_year"
    assert first["where_story_came_from"] == "first_person"  # indexed: 1 is the first answer
    assert first["how_long_remember"] == pytest.approx((3 - 1) / 9 * 100, abs=1e-3)  # scale 1..10 -> 0..100
    assert first["feel_about"] == ["happy"]
    assert first["needed"] == ["help"]  # yes/no columns "Needed [help]"
    assert first["people_who_helped"] == ["manager", "colleague"]
    assert first["who_would_be_surprised"] == ["the_people_at_the_head_office", "our_competitors"]
    assert first["comment"] == "It's okay"
    assert answers[1]["needed"] == ["understanding"] and answers[1]["feel_about"] == ["sad"]


def test_separators_and_bom_and_role_column(session, regions):
    from vertelpunt.stories.narrafirma_import import import_narrafirma_stories

    text = (DATA / "import_guide_story_form.csv").read_text(encoding="utf-8")
    stories = (DATA / "import_guide_stories.csv").read_text(encoding="utf-8")
    project = _project_on(session, regions, text.replace(",", ";").replace('";"', '","'), "nf-puntkomma")
    assert project.form.narrafirma["delimiter"] == ","
    tabbed = "\ufeff" + stories.replace('"manager, colleague"', "manager| colleague").replace(
        '"colleague, friend"', "colleague| friend").replace(",", "\t").replace("|", ",")
    tabbed = tabbed.replace("Comment\n", "Comment\tWie\n").replace("okay\n", "okay\tyouth\n") \
        .replace("this\n", "this\tIk ben ouder of verzorger\n") + "\tyouth"
    report = import_narrafirma_stories(session, project, tabbed.encode("utf-8"), role_column="Wie")
    assert report.imported == 3
    stories_, answers = _answers(session, project)
    assert [s.role for s in stories_] == ["youth", "parent", "youth"]
    assert answers[0]["people_who_helped"] == ["manager", "colleague"]


def test_a_bad_row_stores_nothing_and_names_line_and_column(session, regions):
    from vertelpunt.models import Story
    from vertelpunt.stories.narrafirma_import import import_narrafirma_stories

    project = _project_on(session, regions, (DATA / "import_guide_story_form.csv").read_text(encoding="utf-8"),
                          "nf-fout")
    stories = (DATA / "import_guide_stories.csv").read_text(encoding="utf-8")
    bad = stories.replace("3 months,3,7", "3 months,9,700").replace("ReallyLike", "Onbekend")
    with pytest.raises(NarraFirmaError) as error:
        import_narrafirma_stories(session, project, bad, role="parent")
    session.rollback()
    message = error.value.message
    assert "regel 3, kolom Source: '9' is geen antwoordnummer" in message
    assert "regel 3, kolom Remember: 700 ligt niet tussen 1 en 10" in message
    assert "regel 3, kolom EQuestion" in message
    assert session.query(Story).count() == 0
    with pytest.raises(NarraFirmaError, match="--role"):
        import_narrafirma_stories(session, project, stories)
    with pytest.raises(NarraFirmaError, match="de kolom 'SText' ontbreekt"):
        import_narrafirma_stories(session, project, stories.replace("SText", "Tekst"), role="parent")


def test_example_stories_import_skip_empty_rows_report_extra_columns_and_scan(run, session, regions):
    run("forms", "import", "--format", "narrafirma", "--key", "nf-voorbeeld", str(DATA / "example_story_form.csv"))
    run("projects", "create", "nfv", "--title", "Voorbeeld", "--form", "nf-voorbeeld", "--region", "twente")
    result = run("stories", "import", "--format", "narrafirma", "--project", "nfv", "--role", "professional",
                 "--status", "published", str(DATA / "example_stories.csv"))
    assert "80 verhalen" in result.output
    assert "1 rijen zonder verhaaltekst overgeslagen" in result.output
    assert "Needed delimited" in result.output and "Needed yes/no == help" in result.output
    from vertelpunt.models import Project

    project = session.query(Project).filter_by(slug="nfv").one()
    stories, answers = _answers(session, project)
    assert answers[0]["feel_about"] == ["frustrated", "disappointed"]
    assert answers[0]["needed"] == ["help", "to_be_heard"]
    assert answers[0]["got_what_needed"] == 1.0 and answers[0]["position"] == "manager"
    assert stories[0].prompt_key == "best_or_worst_moment"
    assert len(stories) == 80 and stories[79].title == "My boss"
    assert answers[79]["scope"] == "pair" and answers[79]["needed"] == ["help", "to_be_heard"]
    scan = run("patterns", "--project", "nfv", "--splits", "0")
    assert "opvallende patronen" in scan.output and "77 verhalen" in scan.output


def test_export_then_import_into_a_new_project_keeps_every_answer(run, session, project, make_story, tmp_path):
    from vertelpunt.forms.question_types import NA

    make_story(project, answers={"outcome": NA, "heard": 40.0, "help_type": ["jeugdhulp", "ots"], "place": "enschede",
                                 "mattered": [0.2, 0.5, 0.3], "felt": "Goed, echt waar."})
    make_story(project, role="youth", title="=SOM(A1)", prompt_key="moment",
               answers={"outcome": 12.5, "place": "nijmegen", "age": "a16_17"})
    run("stories", "export", "--format", "narrafirma", "--project", "proef", "--out", str(tmp_path / "nf"))
    form_file, stories_file = tmp_path / "nf" / "proef_story_form.csv", tmp_path / "nf" / "proef_stories.csv"
    assert "does not apply" in stories_file.read_text(encoding="utf-8")
    assert "'=SOM(A1)" in stories_file.read_text(encoding="utf-8")
    run("forms", "import", "--format", "narrafirma", "--key", "terug", str(form_file))
    run("projects", "create", "terug", "--title", "Terug", "--form", "terug", "--region", "twente",
        "--region", "rijk-van-nijmegen")
    run("stories", "import", "--format", "narrafirma", "--project", "terug", "--role-column", "rol", str(stories_file))
    from vertelpunt.models import Project

    before_stories, before = _answers(session, project)
    after_stories, after = _answers(session, session.query(Project).filter_by(slug="terug").one())
    assert len(after) == len(before) == 2
    for old_story, old, new_story, new in zip(before_stories, before, after_stories, after):
        assert (new_story.role, new_story.title, new_story.text, new_story.week, new_story.prompt_key) == \
            (old_story.role, old_story.title, old_story.text, old_story.week, old_story.prompt_key)
        assert new["rol"] == old_story.role and new["regio"] == old_story.region.key.replace("-", "_")
        for key, value in old.items():
            if key == "place":
                assert new[key] == value.replace("-", "_")
            elif key == "mattered":  # a triad becomes three scales of 0-100 points (NarraFirma has no triad)
                shares = [new[f"mattered_{corner}"] / 100 for corner in ("worker", "rules", "family")]
                assert shares == pytest.approx(value)
            else:
                assert new[key] == value, key


def test_narrafirma_imports_refuse_bad_files_in_dutch(run, session, regions, tmp_path):
    from vertelpunt.models import Story

    run("forms", "import", "--format", "narrafirma", "--key", "nf-gids", str(DATA / "import_guide_story_form.csv"))
    run("projects", "create", "nf-gids", "--title", "NarraFirma", "--form", "nf-gids", "--region", "twente")
    header = "EQuestion,SText,STitle,Remember\n"
    files = {
        "latin1.csv": (header + "Surprise,één keer,titel,3\n").encode("latin-1"),
        "garbage.csv": bytes(range(256)) * 40,
        "wide.csv": (",".join(f"kolom{i}" for i in range(100_000)) + "\n").encode(),
        "nul.csv": (header + "Surprise,Een verhaal met \x00 erin,titel,3\n").encode(),
        "types.csv": (header + "Surprise,Een verhaal,titel,veel\n").encode(),
        "quote.csv": (header + 'Surprise,"Een verhaal zonder einde,titel,3\n').encode(),
        "empty.csv": b"",
        "only-bom.csv": "\ufeff".encode("utf-8"),
        "huge-cell.csv": (header + "Surprise," + "x" * 30_000 + ",titel,3\n").encode(),
    }
    for name, data in files.items():
        path = tmp_path / name
        path.write_bytes(data)
        for command in (("stories", "import", "--format", "narrafirma", "--project", "nf-gids", "--role", "parent"),
                        ("forms", "import", "--format", "narrafirma")):
            result = run(*command, str(path), ok=False)
            assert "Traceback" not in result.output and result.output.strip(), (name, command)
    assert session.query(Story).count() == 0


def test_hostile_text_is_stored_as_text_and_formulas_lose_their_apostrophe(session, regions):
    from vertelpunt.stories.narrafirma_import import import_narrafirma_stories

    project = _project_on(session, regions, (DATA / "import_guide_story_form.csv").read_text(encoding="utf-8"),
                          "nf-vijand")
    text = ("SText,STitle,Comment\n"
            "\"<script>alert(1)</script> Een verhaal, met ' OR 1=1 -- erin\",'=HYPERLINK(\"x\"),'@SUM(1)\n")
    import_narrafirma_stories(session, project, text, role="parent")
    stories, answers = _answers(session, project)
    assert stories[0].text.startswith("<script>") and stories[0].title == '=HYPERLINK("x")'
    assert answers[0]["comment"] == "@SUM(1)"


def test_cli_points_to_the_narrafirma_format_and_needs_an_out_directory(run, session, project, tmp_path):
    result = run("forms", "import", str(DATA / "import_guide_story_form.csv"), ok=False)
    assert "--format narrafirma" in result.output
    result = run("stories", "export", "--format", "narrafirma", "--project", "proef", ok=False)
    assert "--out" in result.output
    result = run("stories", "import", "--format", "narrafirma", "--project", "proef", "--role", "parent",
                 str(DATA / "import_guide_stories.csv"), ok=False)
    assert "komt niet uit NarraFirma" in result.output
