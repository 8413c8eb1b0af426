"""The installation's own name and colours, laid over the NL Design System tokens.

Pages are styled by the community "voorbeeld" theme of the NL Design System (static/vendor/nl-design-system,
EUPL-1.2: CSS custom properties such as ``--basis-color-action-1-inverse-bg-default``) and by
static/css/vertelpunt.css, whose buttons, fields, alerts, tables, headings and links read those properties.
A municipality or youth-care organisation sets its own name and colours (``VERTELPUNT_BRAND_NAME``,
``VERTELPUNT_BRAND_COLOUR``, ``VERTELPUNT_BRAND_ACCENT_COLOUR``); this module checks them once at start-up
and serves the few overriding properties as a small stylesheet (``/huisstijl.css``), because the
Content-Security-Policy allows no inline style.

Why refuse instead of warn: a colour that gives white text on a button, or a link on white, less than
4.5:1 contrast fails WCAG 2.1 AA (which public bodies in the Netherlands must meet) on every page at once,
and nobody reads a warning in a server log. The message says which setting and what contrast it reached.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from flask import Flask, Response, current_app, request, url_for

from vertelpunt.config import ConfigError, environment_name

HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
MIN_TEXT_CONTRAST = 4.5  # WCAG 2.1 AA, normal text
MAX_NAME_LENGTH = 60
WHITE = "#ffffff"
#: Colours of the vendored theme that brand colours meet on a page: the panel grey behind filter forms and
#: the footer (--basis-color-default-bg-default, voorbeeld grijs-100), the text colour (grijs-700) and the grey of
#: hints and "muted" text (--basis-color-default-color-subtle, grijs-400), which also stands on the accent.
PANEL_GREY = "#eff1f3"
DOCUMENT_INK = "#001a40"
SUBTLE_GREY = "#586c88"
DARKEN_BY = 0.3  # hover and "pressed" shades: the brand colour this much towards black
VERSION_ARG = "v"


@dataclass(frozen=True)
class Brand:
    """Checked settings: a name to show, a main colour (header, buttons, links), a light accent (panels)."""

    name: str
    colour: str
    accent: str

    @property
    def dark(self) -> str:
        return darken(self.colour, DARKEN_BY)


def parse_hex(env_name: str, value: str) -> str:
    """``#rgb`` or ``#rrggbb`` (hex only: a colour name or rgb() could not be checked for contrast)."""
    text = str(value).strip()
    if not HEX_COLOUR.fullmatch(text):
        raise ConfigError(f"{env_name} moet een kleur in hexadecimale vorm zijn, zoals '#0b5c73' of '#06c', "
                          f"niet {value!r}.")
    if len(text) == 4:
        text = "#" + "".join(ch * 2 for ch in text[1:])
    return text.lower()


def _channels(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def relative_luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of an ``#rrggbb`` colour."""
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _channels(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio, 1 to 21."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def darken(colour: str, amount: float) -> str:
    return "#" + "".join(f"{round(c * (1 - amount)):02x}" for c in _channels(colour))


def _require_contrast(env_name: str, colour: str, against: str, where: str) -> None:
    ratio = contrast(colour, against)
    if ratio < MIN_TEXT_CONTRAST:
        raise ConfigError(f"{env_name} {colour} geeft te weinig contrast {where}: {ratio:.2f} : 1, en er is minstens "
                          f"{MIN_TEXT_CONTRAST} : 1 nodig (WCAG AA). Kies een donkerdere kleur.")


def brand_from_config(config) -> Brand:
    """The brand settings, checked; raises :class:`ConfigError` with a Dutch message naming the setting."""
    name_key, colour_key, accent_key = (environment_name(key) for key in
                                        ("BRAND_NAME", "BRAND_COLOUR", "BRAND_ACCENT_COLOUR"))
    name = " ".join(str(config.get("BRAND_NAME") or "").split())
    if not name or len(name) > MAX_NAME_LENGTH:
        raise ConfigError(f"{name_key} moet een naam van 1 tot {MAX_NAME_LENGTH} tekens zijn, niet "
                          f"{config.get('BRAND_NAME')!r}.")
    colour = parse_hex(colour_key, config.get("BRAND_COLOUR"))
    accent = parse_hex(accent_key, config.get("BRAND_ACCENT_COLOUR"))
    _require_contrast(colour_key, colour, WHITE, "met witte tekst (knoppen, kopbalk) en als linkkleur op wit")
    _require_contrast(colour_key, colour, PANEL_GREY, f"als linkkleur op de lichtgrijze vlakken ({PANEL_GREY})")
    worst = min(contrast(accent, text) for text in (DOCUMENT_INK, SUBTLE_GREY, colour))
    if worst < MIN_TEXT_CONTRAST:
        raise ConfigError(f"{accent_key} {accent} is te donker voor tekst erop: gewone tekst, grijze hulptekst "
                          f"({SUBTLE_GREY}) en links in de kleur {colour} halen er soms maar {worst:.2f} : 1, en er is "
                          f"minstens {MIN_TEXT_CONTRAST} : 1 nodig (WCAG AA). Kies een heel lichte tint, zoals '#e2f0f3'.")
    return Brand(name=name, colour=colour, accent=accent)


def brand_stylesheet(brand: Brand) -> str:
    """The properties of the vendored theme that carry the brand (see static/css/vertelpunt.css for the rest).

    ``:root.voorbeeld-theme`` outranks the theme's own ``.voorbeeld-theme``, whatever the order of the files.
    """
    c, d, a = brand.colour, brand.dark, brand.accent
    properties = {
        "--basis-color-accent-1-inverse-bg-default": c, "--basis-color-action-1-inverse-bg-default": c,
        "--basis-color-accent-1-inverse-bg-hover": d, "--basis-color-accent-1-inverse-bg-active": d,
        "--basis-color-accent-1-color-default": c, "--basis-color-accent-1-color-hover": d,
        "--basis-color-accent-1-color-active": d, "--basis-color-accent-1-color-document": d,
        "--basis-color-accent-1-border-default": c, "--basis-color-accent-1-border-hover": d,
        "--basis-color-accent-1-bg-default": a, "--basis-color-accent-1-bg-hover": a,
        "--basis-color-accent-1-bg-subtle": a,
        "--basis-color-action-2-color-default": c, "--basis-color-action-2-color-hover": d,
        "--basis-color-action-2-color-active": d,
    }
    lines = "".join(f"  {key}: {value};\n" for key, value in properties.items())
    return ("/* De huisstijl van deze installatie (VERTELPUNT_BRAND_COLOUR en VERTELPUNT_BRAND_ACCENT_COLOUR), "
            "over de NL Design System-tokens. */\n:root.voorbeeld-theme {\n" + lines + "}\n")


@dataclass(frozen=True)
class BrandAssets:
    brand: Brand
    css: str
    version: str


def _assets() -> BrandAssets:
    return current_app.extensions["vertelpunt.brand"]


def send_brand_css():
    """The brand stylesheet: a year in every cache under its current hash, revalidated otherwise."""
    assets = _assets()
    response = Response(assets.css, mimetype="text/css")
    response.set_etag(assets.version)
    versioned = request.args.get(VERSION_ARG) == assets.version
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable" if versioned else "no-cache"
    return response.make_conditional(request)


def brand_css_url() -> str:
    """The stylesheet's URL with its hash; a function, so a template without it (a PDF made by the worker,
    outside any request) never has to build a URL."""
    return url_for("brand_css", **{VERSION_ARG: _assets().version})


def _template_values() -> dict:
    return {"brand": _assets().brand, "brand_css_url": brand_css_url}


def check_brand(app: Flask) -> Brand:
    """At start-up: refuse a brand setting that cannot be used, and keep the checked brand and its CSS."""
    brand = brand_from_config(app.config)
    css = brand_stylesheet(brand)
    app.extensions["vertelpunt.brand"] = BrandAssets(brand, css, hashlib.sha256(css.encode()).hexdigest()[:16])
    return brand


def register_brand(app: Flask) -> None:
    """The stylesheet route and the template values ``brand`` and ``brand_css_url()``."""
    app.add_url_rule("/huisstijl.css", "brand_css", send_brand_css, methods=["GET"])
    app.context_processor(_template_values)
