"""The NL Design System look in Chromium: a public page and a staff page draw their header, buttons, links, fields
and headings from the same token variables, an installation's brand colours reach both through /huisstijl.css,
and both keep zero axe violations and fit a 390 px phone."""
from __future__ import annotations

import pytest

from tests.browser.accessibility import run_axe
from tests.browser.conftest import log_in
from tests.conftest import STRONG_PASSWORD, _empty_tables
from vertelpunt import create_app

BRAND = {"BRAND_NAME": "Jeugdhulp Westland", "BRAND_COLOUR": "#1d4f91", "BRAND_ACCENT_COLOUR": "#e8eef7"}
BRAND_RGB = "rgb(29, 79, 145)"

#: What a page's components compute to, and the token variables they should be reading, in one evaluate call.
LOOK = """() => {
    const root = getComputedStyle(document.documentElement);
    const token = (name) => root.getPropertyValue(name).trim();
    const style = (selector) => {
        const element = document.querySelector(selector);
        return element ? getComputedStyle(element) : null;
    };
    const pick = (selector, property) => { const s = style(selector); return s ? s[property] : null; };
    return {
        themeClass: document.documentElement.classList.contains('voorbeeld-theme'),
        brandToken: token('--basis-color-action-1-inverse-bg-default'),
        buttonToken: token('--nl-button-primary-background-color'),
        linkToken: token('--nl-link-color'),
        headingSizeToken: token('--nl-heading-level-1-font-size'),
        documentInk: token('--basis-color-default-color-document'),
        header: pick('.site-header', 'backgroundColor'),
        brandName: document.querySelector('.site-header .brand').textContent.trim(),
        button: pick('main .button, main button[type=submit]', 'backgroundColor'),
        buttonText: pick('main .button, main button[type=submit]', 'color'),
        link: pick('main a:not(.button, .urgent a, .flash a, .task-list a)', 'color'),
        h1Size: pick('h1', 'fontSize'),
        h1Colour: pick('h1', 'color'),
        field: pick('main input[type=email], main select, main input[type=text]', 'borderTopColor'),
        bodyInk: getComputedStyle(document.body).color,
        scrollWidth: document.documentElement.scrollWidth,
    };
}"""


@pytest.fixture
def app(database_url, tmp_path):
    """The suite's app, with this installation's own name and colours."""
    application = create_app({
        "TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "test-secret-key-not-for-production",
        "INSTANCE_PATH": str(tmp_path / "instance"), "JOB_QUEUE_URL": "immediate", **BRAND,
    })
    with application.app_context():
        yield application
    _empty_tables(application)


def _context(browser, width: int = 1280):
    return browser.new_context(bypass_csp=True, locale="nl-NL", viewport={"width": width, "height": 900})


def _assert_branded(look: dict) -> None:
    assert look["themeClass"] and look["brandName"] == "Jeugdhulp Westland"
    assert look["brandToken"] == "#1d4f91"  # the brand stylesheet outranks the vendored theme
    assert look["header"] == BRAND_RGB and look["button"] == BRAND_RGB and look["buttonText"] == "rgb(255, 255, 255)"
    assert look["link"] == BRAND_RGB
    assert look["bodyInk"] == look["h1Colour"] == "rgb(0, 26, 64)"  # --basis-color-default-color-document
    assert look["documentInk"] == "#001a40" and look["headingSizeToken"] == "2.5rem"


def test_public_and_staff_pages_use_the_same_tokens_and_the_brand(browser, live_server, project, make_user):
    admin = make_user("admin")
    context = _context(browser)
    try:
        tab = context.new_page()
        tab.goto(live_server + "/v/proef/")
        public = tab.evaluate(LOOK)
        _assert_branded(public)
        assert run_axe(tab) == []

        log_in(tab, live_server, admin.email, STRONG_PASSWORD)
        tab.goto(live_server + "/beheer/accounts/nieuw")
        staff = tab.evaluate(LOOK)
        _assert_branded(staff)
        assert staff["field"] == "rgb(88, 108, 136)"  # --basis-color-default-border-default (grijs-400)
        assert run_axe(tab) == []
        for key in ("brandToken", "buttonToken", "linkToken", "header", "button", "link", "h1Size", "bodyInk"):
            assert public[key] == staff[key], key  # one set of components for both kinds of page
        assert public["h1Size"] == "40px"  # the theme's heading-level-1 size (2.5rem) from 48rem up
    finally:
        context.close()


@pytest.mark.parametrize("path", ["/v/proef/", "/beheer/inloggen", "/privacy"])
def test_branded_pages_fit_a_phone_without_axe_violations(browser, live_server, project, path):
    context = _context(browser, width=390)
    try:
        tab = context.new_page()
        tab.goto(live_server + path)
        look = tab.evaluate(LOOK)
        assert look["header"] == BRAND_RGB and look["scrollWidth"] <= 390
        assert look["h1Size"] == "32px"  # a step smaller on a phone (--basis-text-font-size-2xl)
        assert run_axe(tab) == []
    finally:
        context.close()
