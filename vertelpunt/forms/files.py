"""Read a form file (YAML or JSON) into a normalised definition: no database involved.

Apart from :mod:`vertelpunt.forms.services` (which stores forms) so that the CSV path of ``vertelpunt
patterns`` reads a form file without importing SQLAlchemy.
"""
from __future__ import annotations

from pathlib import Path

from vertelpunt.forms.loader import FormSyntaxError, load_text
from vertelpunt.forms.schema import normalise


def parse_form_text(text: str) -> dict:
    """Parse and validate a form file's text into a normalised definition (raises FormSyntaxError or FormValidationError)."""
    return normalise(load_text(text))


def read_form_file(path: str | Path) -> dict:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FormSyntaxError(f"Het bestand '{path}' bestaat niet.") from None
    except UnicodeDecodeError:
        raise FormSyntaxError(f"Het bestand '{path}' is geen UTF-8-tekst.") from None
    return parse_form_text(text)


__all__ = ["parse_form_text", "read_form_file"]
