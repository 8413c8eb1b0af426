"""The one pagination helper: what a page number from the URL turns into, and the pager every list shows."""
from __future__ import annotations

import pytest
from flask import render_template_string

from vertelpunt.pagination import Page, requested_page


@pytest.mark.parametrize("raw, expected", [("", 1), ("3", 3), ("-3", 1), ("abc", 1), ("2.5", 1), ("9" * 40, 1),
                                           (" 4 ", 4)])
def test_requested_page_reads_any_text_without_failing(raw, expected):
    assert requested_page({"pagina": raw}) == expected
    assert requested_page({"page": raw}, "page") == expected


def test_requested_page_is_one_when_missing():
    assert requested_page({}) == 1


@pytest.mark.parametrize("total, requested, number, count", [(0, 1, 1, 1), (10, 1, 1, 1), (11, 2, 2, 2),
                                                             (11, 99, 2, 2), (30, 0, 1, 3), (30, 3, 3, 3)])
def test_page_is_clamped_to_the_pages_that_exist(total, requested, number, count):
    page = Page.of(total, 10, requested)
    assert (page.number, page.count, page.total) == (number, count, total)


def test_slice_offset_and_neighbours():
    items = list(range(25))
    first, middle, last = (Page.of(25, 10, n) for n in (1, 2, 3))
    assert first.slice(items) == list(range(10)) and middle.slice(items) == list(range(10, 20))
    assert last.slice(items) == [20, 21, 22, 23, 24] and last.offset == 20
    assert (first.has_previous, first.has_next) == (False, True)
    assert (middle.has_previous, middle.has_next) == (True, True)
    assert (last.has_previous, last.has_next) == (True, False)


def test_limit_cuts_a_query_to_the_page():
    from sqlalchemy import column, select, table

    query = Page.of(45, 20, 3).limit(select(column("id")).select_from(table("t")))
    assert query._offset_clause.value == 40 and query._limit_clause.value == 20


def _pager(app, page: Page, **params) -> str:
    with app.test_request_context():
        return render_template_string('{% from "_macros/pager.html" import pager %}'
                                      "{{ pager(page, 'audit.log', params, name=name) }}",
                                      page=page, params=params, name="pagina")


def test_pager_links_to_the_neighbours_and_keeps_the_filters(app):
    html = _pager(app, Page.of(120, 50, 2), actie="card.update")
    assert "Pagina 2 van 3" in html
    assert 'href="/beheer/audit/?actie=card.update&amp;pagina=1"' in html
    assert 'href="/beheer/audit/?actie=card.update&amp;pagina=3"' in html


def test_pager_on_the_first_and_last_page_has_one_link(app):
    first, last = _pager(app, Page.of(120, 50, 1)), _pager(app, Page.of(120, 50, 3))
    assert "Volgende" in first and "Vorige" not in first
    assert "Vorige" in last and "Volgende" not in last


def test_no_pager_for_a_single_page(app):
    assert "Pagina" not in _pager(app, Page.of(50, 50, 1))
