"""Complementary suppression: no hidden small count can be worked out from the total and the visible rest."""
from hypothesis import given
from hypothesis import strategies as st

from analysis.disclosure import COMPLEMENT, SMALL, hidden_note, hidden_reasons


def test_one_small_group_takes_the_smallest_other_with_it():
    assert hidden_reasons([40, 3, 12, 25], 5, True) == [None, SMALL, COMPLEMENT, None]


def test_ties_hide_the_first_and_empty_groups_are_never_chosen():
    assert hidden_reasons([7, 9, 2, 9], 5, True) == [COMPLEMENT, None, SMALL, None]
    assert hidden_reasons([0, 9, 2, 9], 5, True) == [SMALL, None, SMALL, None]  # an empty group is small too


def test_two_small_groups_protect_each_other():
    assert hidden_reasons([40, 3, 4], 5, True) == [None, SMALL, SMALL]


def test_nothing_is_hidden_for_admins_or_without_small_groups():
    assert hidden_reasons([40, 3, 12], 5, False) == [None, None, None]
    assert hidden_reasons([40, 5, 0], 5, False) == [None, None, None]
    assert hidden_reasons([40, 5, 8], 5, True) == [None, None, None]


def test_a_lone_small_group_has_nothing_to_pair_with():
    assert hidden_reasons([3, 0, 0], 5, True) == [SMALL, SMALL, SMALL]  # zeros look the same as the 3


@given(st.lists(st.integers(min_value=0, max_value=60), min_size=1, max_size=12))
def test_no_single_small_count_follows_from_total_minus_visible(counts):
    reasons = hidden_reasons(counts, 5, True)
    hidden = [n for n, reason in zip(counts, reasons) if reason]
    small = [n for n, reason in zip(counts, reasons) if reason == SMALL]
    assert all(reason == SMALL for n, reason in zip(counts, reasons) if n < 5)  # a real 0 looks like a 1-4
    if small:
        # total - visible = the sum of the hidden ones; it pins a small group down only if it is alone
        assert len(hidden) >= 2 or sum(counts) == small[0]


def test_the_note_names_both_kinds():
    items = [{"label": "A", "suppressed": True, "hidden": SMALL}, {"label": "B", "suppressed": True,
                                                                  "hidden": COMPLEMENT}, {"label": "C"}]
    assert hidden_note(items) == "A: groep < 5 niet getoond; B: ook niet getoond, anders is de kleine groep uit te rekenen"
    assert hidden_note([{"label": "C", "suppressed": False}]) == ""


def test_mask_rows_with_weights_equals_the_rows_written_out():
    from analysis.disclosure import mask_rows

    cells = {("parent", "twente"): 9, ("youth", "twente"): 2, ("parent", "nijmegen"): 6, ("youth", "nijmegen"): 5}
    rows, index = {}, 0
    for (role, region), n in cells.items():
        for _ in range(n):
            rows[index] = {"role": role, "region": region}
            index += 1
    by_row = mask_rows(rows, 5, True)
    by_cell = mask_rows({cell: {"role": cell[0], "region": cell[1]} for cell in cells}, 5, True, cells)
    assert {(r["role"], r["region"]): by_row[i] for i, r in rows.items()} == by_cell
