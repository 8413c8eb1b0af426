"""The interface catalogues: current with the sources, complete, shipped compiled, and safe to format."""
import gettext
import io
import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from vertelpunt.i18n import LANGUAGES, TRANSLATIONS_DIR
from vertelpunt.i18n.sources import texts_module

ROOT = Path(__file__).resolve().parent.parent
OTHER_LANGUAGES = [code for code in LANGUAGES if code != "nl"]
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
TAG = re.compile(r"</?[a-z]+")


def catalogue(language):
    with open(TRANSLATIONS_DIR / language / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po, locale=language)


def extracted_ids() -> set:
    """What pybabel extract finds now, with the method map of babel.cfg."""
    method_map = [("vertelpunt/**.py", "python"), ("templates/**.html", "jinja2")]
    keywords = dict(DEFAULT_KEYWORDS, N_=None)
    found = extract_from_dir(str(ROOT), method_map, keywords=keywords, directory_filter=lambda path: (
        not Path(path).name.startswith(".") and Path(path).name != "__pycache__" and (
            Path(path).relative_to(ROOT).parts[:1] in ((), ("vertelpunt",), ("templates",)))))
    return {message[2] for message in found}


def test_the_texts_module_is_current():
    """vertelpunt/i18n/texts.py holds the constants that other modules define: rewrite it with
    ``python -m vertelpunt.i18n.sources`` when one changes."""
    assert (ROOT / "vertelpunt" / "i18n" / "texts.py").read_text(encoding="utf-8") == texts_module()


def test_the_template_holds_every_text_of_the_sources():
    with open(TRANSLATIONS_DIR / "messages.pot", "rb") as pot:
        template = {message.id for message in read_po(pot) if message.id}
    assert extracted_ids() == template, "run pybabel extract (docs/form-format.md, 'Een taal toevoegen')"


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_every_text_is_translated_with_the_same_placeholders_and_tags(language):
    with open(TRANSLATIONS_DIR / "messages.pot", "rb") as pot:
        template = {message.id for message in read_po(pot) if message.id}
    translated = catalogue(language)
    assert {message.id for message in translated if message.id} == template, "run pybabel update"
    for message in translated:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"not translated: {ids[0]!r}"
        assert not message.fuzzy, f"fuzzy: {ids[0]!r}"
        for string in strings:
            assert sorted(PLACEHOLDER.findall(string)) == sorted(PLACEHOLDER.findall(ids[0])), ids[0]
            assert TAG.findall(string) == TAG.findall(ids[0]), ids[0]


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_the_shipped_mo_is_compiled_from_the_po(language):
    """The app reads the .mo; a .po edited without ``pybabel compile -d vertelpunt/translations`` would not show."""
    compiled = io.BytesIO()
    write_mo(compiled, catalogue(language))
    expected = gettext.GNUTranslations(io.BytesIO(compiled.getvalue()))._catalog
    with open(TRANSLATIONS_DIR / language / "LC_MESSAGES" / "messages.mo", "rb") as mo:
        shipped = gettext.GNUTranslations(mo)._catalog
    assert shipped == expected
