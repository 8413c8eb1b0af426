"""Form texts in other languages: read from the file, stored on the form version, missing ones in Dutch."""
import textwrap

import pytest
import yaml

from vertelpunt.forms.files import parse_form_text
from vertelpunt.forms.schema import FormValidationError
from vertelpunt.forms.services import (DEFAULT_FORM_PATH, content_hash, export_document, import_definition,
                                       read_form_file)
from vertelpunt.forms.snapshot import form_spec
from vertelpunt.forms.translations import localized, missing_translations

FORM = textwrap.dedent("""\
    format: vertelpunt-form/1
    key: twee-talen
    title: Twee talen
    language: nl
    roles:
      - key: youth
        label: Ik ben jongere
        translations: {en: I am a young person}
        prompts:
          - key: moment
            text: Vertel over een moment.
            translations:
              en: Tell us about a moment.
      - key: parent
        label: Ik ben ouder
        prompts:
          - {key: moment, text: Vertel over je kind.}
    modules:
      - key: kern
        title: Kern
        questions:
          - key: outcome
            type: slider
            text: Hoe was het?
            text_by_role: {youth: "Hoe was het voor jou?"}
            help: Schuif het bolletje.
            left: slecht
            right: goed
            translations:
              en:
                text: How was it?
                left: bad
                right: good
          - key: feeling
            type: single_choice
            text: Hoe voelde je je?
            options:
              - {key: blij, label: Blij, translations: {en: Happy}}
              - {key: boos, label: Boos}
            translations:
              en: {text: "How did you feel?"}
    """)


def test_the_file_gathers_its_translations_in_one_map_beside_the_modules():
    definition = parse_form_text(FORM)
    assert definition["translations"] == {"en": {
        "roles": {"youth": {"label": "I am a young person", "prompts": {"moment": "Tell us about a moment."}}},
        "questions": {"outcome": {"text": "How was it?", "left": "bad", "right": "good"},
                      "feeling": {"text": "How did you feel?", "options": {"blij": "Happy"}}},
    }}
    assert all("translations" not in q for m in definition["modules"] for q in m["questions"])


def test_a_translation_does_not_change_the_modules_so_they_stay_shared():
    with_english = parse_form_text(FORM)
    dutch_only = FORM.replace(", translations: {en: Happy}", "").replace("    translations: {en: I am a young person}\n", "")
    keep, block = [], None  # block: the indentation of the translations: block being left out
    for line in dutch_only.splitlines():
        if block is not None and line.startswith(" " * (block + 1)):
            continue
        block = len(line) - len(line.lstrip()) if line.strip() == "translations:" else None
        if block is None:
            keep.append(line)
    without = parse_form_text("\n".join(keep) + "\n")
    assert "translations" not in without
    assert [content_hash(m) for m in with_english["modules"]] == [content_hash(m) for m in without["modules"]]
    assert content_hash(with_english) != content_hash(without)


@pytest.mark.parametrize("broken, message", [
    ("translations: {en: I am a young person}", "translations: {EN: I am a young person}"),
    ("translations: {en: I am a young person}", "translations: {nl: Ik ben jongere}"),
    ("            right: good", "            right: good\n            options: nope"),
    ('en: {text: "How did you feel?"}', "en: {left: bad}"),
])
def test_a_wrong_translation_is_a_clear_problem(broken, message):
    with pytest.raises(FormValidationError) as raised:
        parse_form_text(FORM.replace(broken, message, 1))
    assert "translations" in raised.value.message


def test_the_import_report_lists_what_falls_back_to_dutch():
    missing = missing_translations(parse_form_text(FORM), ["nl", "en"])
    assert list(missing) == ["en"]
    assert missing["en"] == [
        "rol parent: label", "rol parent, vertelvraag moment", "vraag outcome: help",
        "vraag outcome: text_by_role youth", "vraag feeling, optie boos",
    ]


def test_the_default_form_is_complete_in_english():
    assert missing_translations(read_form_file(DEFAULT_FORM_PATH), ["en"]) == {"en": []}


def test_the_english_form_has_the_same_keys_and_dutch_where_english_is_missing(session):
    form = import_definition(session, parse_form_text(FORM)).form
    session.flush()
    dutch = form_spec(form)
    en = localized(dutch, "en")
    assert localized(dutch, "nl") is dutch and localized(dutch, "de") is dutch and localized(dutch, "en") is en
    assert [q.key for q in en.questions] == [q.key for q in dutch.questions]
    assert [q.id for q in en.questions] == [q.id for q in dutch.questions]
    youth, parent = en.roles
    assert youth.label == "I am a young person" and youth.prompts[0].text == "Tell us about a moment."
    assert parent.label == "Ik ben ouder" and parent.prompts[0].text == "Vertel over je kind."
    outcome, feeling = en.questions
    assert (outcome.text, outcome.left_label, outcome.right_label) == ("How was it?", "bad", "good")
    assert outcome.help == "Schuif het bolletje." and outcome.text_for("youth") == "Hoe was het voor jou?"
    assert [o.label for o in feeling.options] == ["Happy", "Boos"] and feeling.option_keys() == ["blij", "boos"]
    assert dutch.questions[0].text == "Hoe was het?"  # the shared snapshot is never changed


def test_export_puts_each_translation_back_beside_its_text_and_reads_back_the_same(session):
    definition = parse_form_text(FORM)
    form = import_definition(session, definition).form
    session.flush()
    document = export_document(form)
    assert document["roles"][0]["translations"] == {"en": "I am a young person"}
    assert document["modules"][0]["questions"][1]["options"][0]["translations"] == {"en": "Happy"}
    assert document["modules"][0]["questions"][0]["translations"]["en"]["left"] == "bad"
    again = parse_form_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False))
    assert again == definition
    assert not import_definition(session, again).created


def test_forms_import_says_which_translations_are_missing(run, regions, tmp_path):
    path = tmp_path / "form.yaml"
    path.write_text(FORM, encoding="utf-8")
    output = run("forms", "import", str(path)).output
    assert "Vertaling en: 5 teksten ontbreken" in output and "  - vraag feeling, optie boos" in output
    assert "Vertaling en: compleet." in run("forms", "import", str(DEFAULT_FORM_PATH)).output
