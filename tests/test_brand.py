"""The installation's name and colours (vertelpunt/brand.py): checked at start-up, served as a small stylesheet
over the vendored NL Design System tokens, and shown on public and staff pages alike."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from vertelpunt import create_app
from vertelpunt.brand import brand_from_config, contrast, darken, parse_hex
from vertelpunt.config import ConfigError, Defaults

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "static" / "vendor" / "nl-design-system"


def _settings(**overrides) -> dict:
    values = {"BRAND_NAME": Defaults.BRAND_NAME, "BRAND_COLOUR": Defaults.BRAND_COLOUR,
              "BRAND_ACCENT_COLOUR": Defaults.BRAND_ACCENT_COLOUR}
    values.update(overrides)
    return values


def _app(tmp_path, database_url: str = "sqlite://", **settings):
    return create_app({"TESTING": True, "DATABASE_URL": database_url, "INSTANCE_PATH": str(tmp_path / "i"),
                       "SECRET_KEY": "brand-tests", **settings})


def test_contrast_follows_wcag():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the well-known AA grey
    assert darken("#0b5c73", 0.3) == "#084050"


def test_hex_colours_are_normalised_and_nothing_else_is_taken():
    assert parse_hex("X", " #06C ") == "#0066cc"
    for bad in ("red", "0b5c73", "#0b5c7", "rgb(0,0,0)", "#0b5c73;}body{", "", None):
        with pytest.raises(ConfigError, match="X moet een kleur in hexadecimale vorm zijn"):
            parse_hex("X", bad)


def test_the_defaults_pass_their_own_check():
    brand = brand_from_config(_settings())
    assert (brand.name, brand.colour, brand.accent) == ("Vertelpunt", "#0b5c73", "#e2f0f3")


@pytest.mark.parametrize("colour, message", [
    ("#ffcc00", "VERTELPUNT_BRAND_COLOUR #ffcc00 geeft te weinig contrast met witte tekst"),
    ("#767676", "als linkkleur op de lichtgrijze vlakken"),  # 4.54 on white, but not on the panel grey
    ("geel", "VERTELPUNT_BRAND_COLOUR moet een kleur in hexadecimale vorm zijn"),
])
def test_a_brand_colour_without_enough_contrast_is_refused(colour, message):
    with pytest.raises(ConfigError, match=message):
        brand_from_config(_settings(BRAND_COLOUR=colour))


@pytest.mark.parametrize("accent", ["#7a9aa3", "#d0e4ea"])  # too dark for ink; light, but too dark for the hint grey
def test_an_accent_too_dark_for_text_is_refused(accent):
    with pytest.raises(ConfigError, match=f"VERTELPUNT_BRAND_ACCENT_COLOUR {accent} is te donker"):
        brand_from_config(_settings(BRAND_ACCENT_COLOUR=accent))


@pytest.mark.parametrize("name", ["", "   ", "x" * 61])
def test_a_brand_name_must_be_short_and_not_empty(name):
    with pytest.raises(ConfigError, match="VERTELPUNT_BRAND_NAME moet een naam van 1 tot 60 tekens zijn"):
        brand_from_config(_settings(BRAND_NAME=name))


def test_an_invalid_colour_stops_the_start(tmp_path, monkeypatch):
    with pytest.raises(ConfigError, match="VERTELPUNT_BRAND_COLOUR"):
        _app(tmp_path, BRAND_COLOUR="#fff")
    from vertelpunt.cli import cli

    monkeypatch.setenv("VERTELPUNT_INSTANCE_PATH", str(tmp_path / "cli"))
    monkeypatch.setenv("VERTELPUNT_BRAND_COLOUR", "blauw")
    result = CliRunner().invoke(cli, ["regions"])
    assert result.exit_code == 1 and "VERTELPUNT_BRAND_COLOUR moet een kleur in hexadecimale vorm zijn" in result.output


def _stylesheet_links(html: str) -> list[str]:
    return re.findall(r'<link rel="stylesheet" href="([^"]+)">', html)


def test_the_brand_reaches_public_and_staff_pages(tmp_path, database_url):
    app = _app(tmp_path, database_url, BRAND_NAME="Jeugdhulp Westland", BRAND_COLOUR="#1D4F91", BRAND_ACCENT_COLOUR="#e8eef7")
    client = app.test_client()
    for path in ("/", "/privacy", "/beheer/inloggen"):
        page = client.get(path).get_data(as_text=True)
        assert '<html lang="nl" class="voorbeeld-theme">' in page
        assert "<title>" in page and "– Jeugdhulp Westland</title>" in page
        assert '<a class="brand" href="/">Jeugdhulp Westland</a>' in page
        links = _stylesheet_links(page)
        assert [link.split("?")[0] for link in links] == [
            "/static/vendor/nl-design-system/voorbeeld-theme.css", "/static/css/vertelpunt.css", "/huisstijl.css"]
        assert all(re.search(r"\?v=[0-9a-f]{16}$", link) for link in links)
    brand_url = _stylesheet_links(client.get("/").get_data(as_text=True))[2]
    answer = client.get(brand_url)
    assert answer.status_code == 200 and answer.mimetype == "text/css"
    assert answer.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    css = answer.get_data(as_text=True)
    assert ":root.voorbeeld-theme {" in css
    assert "--basis-color-action-1-inverse-bg-default: #1d4f91;" in css
    assert "--basis-color-accent-1-bg-subtle: #e8eef7;" in css
    assert client.get("/huisstijl.css").headers["Cache-Control"] == "no-cache"  # no or an old hash: revalidate
    assert client.get(brand_url, headers={"If-None-Match": answer.headers["ETag"]}).status_code == 304


def test_another_brand_gets_another_stylesheet_url(tmp_path, database_url):
    def brand_link(app) -> str:
        return _stylesheet_links(app.test_client().get("/").get_data(as_text=True))[2]

    assert brand_link(_app(tmp_path, database_url)) != brand_link(_app(tmp_path, database_url, BRAND_COLOUR="#1d4f91"))


def test_the_vendored_tokens_are_served_with_a_hashed_url_and_ship_their_licence(tmp_path, database_url):
    app = _app(tmp_path, database_url)
    client = app.test_client()
    link = _stylesheet_links(client.get("/").get_data(as_text=True))[0]
    answer = client.get(link)
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    tokens = (VENDOR / "voorbeeld-theme.css").read_text(encoding="utf-8")
    assert answer.get_data(as_text=True) == tokens and tokens.count("--basis-color-") > 300
    assert "EUROPEAN UNION PUBLIC LICENCE v. 1.2" in (VENDOR / "LICENSE.md").read_text(encoding="utf-8")
    assert "voorbeeld-design-tokens 7.4.1" in (VENDOR / "SOURCE.txt").read_text(encoding="utf-8")
    lock = (ROOT / "tools" / "nl-design-system" / "package-lock.json").read_text(encoding="utf-8")
    assert '"version": "7.4.1"' in lock and '"license": "EUPL-1.2"' in lock


def test_the_app_css_reads_the_tokens_and_hard_codes_no_brand_colour():
    css = (ROOT / "static" / "css" / "vertelpunt.css").read_text(encoding="utf-8")
    for token in ("--nl-button-primary-background-color", "--nl-link-color", "--nl-heading-level-1-font-size",
                  "--utrecht-alert-error-background-color", "--utrecht-table-row-border-block-end-color",
                  "--basis-form-control-invalid-border-color", "--basis-color-action-1-inverse-bg-default"):
        assert f"var({token})" in css, token
    assert Defaults.BRAND_COLOUR not in css and Defaults.BRAND_ACCENT_COLOUR not in css  # only in /huisstijl.css


def test_a_template_rendered_outside_a_request_gets_the_brand_without_building_a_url(tmp_path):
    from flask import render_template_string

    app = _app(tmp_path, BRAND_NAME="Jeugdhulp Westland")
    with app.app_context():  # as the worker renders a PDF: no request, no SERVER_NAME
        assert render_template_string("{{ brand.name }} {{ brand.colour }}") == "Jeugdhulp Westland #0b5c73"
