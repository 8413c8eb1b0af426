def test_home_page_in_a_real_browser(live_server, page):
    page.goto(live_server + "/")
    assert page.title() == "Deel je ervaring met de jeugdhulp – Vertelpunt"
    assert page.locator("h1").inner_text() == "Deel je ervaring met de jeugdhulp"
    assert page.get_by_role("link", name="0800-0432").is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Ga naar de inhoud"


def test_home_page_fits_a_phone(live_server, phone_page):
    phone_page.goto(live_server + "/")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360


def test_home_and_login_have_no_axe_violations(live_server, axe):
    assert axe(live_server + "/") == []
    assert axe(live_server + "/beheer/inloggen") == []
