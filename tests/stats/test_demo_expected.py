"""On the demo, the links the default form declares as expected no longer head the findings."""
import pytest

from analysis.data import AnswerTable
from analysis.patterns import ScanOptions, scan
from vertelpunt.demo.generator import generate_stories
from vertelpunt.forms.services import DEFAULT_FORM_PATH, read_form_file
from vertelpunt.geo.services import read_regions

from tests.stats.test_scan import DEMO_REGIONS, PLANTED


@pytest.fixture(scope="module")
def demo():
    form = read_form_file(DEFAULT_FORM_PATH)
    regions = [r for r in read_regions() if r["key"] in DEMO_REGIONS]
    table = AnswerTable.from_records(form, generate_stories(form, regions, n=960, seed=7))
    return {tuple(pair) for pair in form["expected"]}, scan(table, ScanOptions(confirm_splits=0, strata=()))


def test_the_tautology_is_notable_but_expected(demo):
    expected, result = demo
    top = result.notable[0]
    assert tuple(sorted((top.question_a, top.question_b))) == ("feeling", "outcome")
    assert ("feeling", "outcome") in expected


def test_without_expected_links_a_planted_relation_leads(demo):
    expected, result = demo
    findings = [p for p in result.notable if tuple(sorted((p.question_a, p.question_b))) not in expected]
    assert {findings[0].question_a, findings[0].question_b} in PLANTED
    planted_found = [p for p in findings if {p.question_a, p.question_b} in PLANTED]
    assert len({frozenset((p.question_a, p.question_b)) for p in planted_found}) == len(PLANTED)
