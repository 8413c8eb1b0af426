import csv
import io
import shutil
import subprocess
from datetime import date, timedelta

from tests.jobs.helpers import download_export
from vertelpunt.proposals.exports import proposals_csv
from vertelpunt.proposals.report import progress_report
from vertelpunt.proposals.status import change_status
from vertelpunt.proposals.updates import add_update


def _pdf_text(data: bytes, tmp_path) -> str | None:
    if shutil.which("pdftotext") is None:
        return None
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_csv_escapes_formulas(session, make_proposal):
    proposal = make_proposal(title="=HYPERLINK(\"http://x\")", owner_name="+31 6 1234", owner_organisation="@Gemeente",
                             seen="-min")
    proposal.solution = "\tTab"  # the form strips whitespace; the export must not rely on that
    text = proposals_csv([proposal])
    assert text.startswith("\ufeffid;project;regio;titel;")  # Excel-NL: a BOM and ';' between cells
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    header, row = rows[0], rows[1]
    record = dict(zip(header, row))
    assert record["titel"] == "'=HYPERLINK(\"http://x\")"
    assert record["eigenaar"] == "'+31 6 1234" and record["organisatie"] == "'@Gemeente"
    assert record["in_de_ervaringen_zien_we_dat"] == "'-min" and record["als_oplossing_zien_we"] == "'\tTab"
    assert record["status"] == "Voorgesteld" and record["regio"] == "Twente"
    assert "Ouders wachten lang op hulp" in record["kaarten"]
    comma = dict(zip(*list(csv.reader(io.StringIO(proposals_csv([proposal], spreadsheet=False))))))
    assert comma["titel"] == "'=HYPERLINK(\"http://x\")"  # the ',' variant is as formula-safe


def test_csv_route_filters_by_project_and_region(client, session, staff, make_proposal, project):
    make_proposal()
    make_proposal(title="Zonder regio", region="")
    staff("analyst")
    body = client.get(f"/beheer/voorstellen/export.csv?project={project.slug}&region=twente").get_data(as_text=True)
    assert body.startswith("\ufeffid;")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    # The one without a region was written at the Twente session, so it is Twente's (projects/visibility.py).
    assert sorted(row[3] for row in rows[1:]) == ["Wachttijd laten zien", "Zonder regio"]
    other = client.get(f"/beheer/voorstellen/export.csv?project={project.slug}&region=rijk-van-nijmegen")
    assert len(list(csv.reader(io.StringIO(other.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))) == 1
    body = client.get("/beheer/voorstellen/export.csv?scheiding=komma").get_data(as_text=True)
    assert body.startswith("id,project,")  # the variant for other programs: ',' and no BOM
    assert len(list(csv.reader(io.StringIO(body)))) == 3


def test_session_report_html_has_notes_per_table_clusters_and_proposals(client, session, staff, board, make_proposal):
    make_proposal()
    staff("facilitator")
    response = client.get(f"/beheer/sessies/{board.sess.id}/verslag.html")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    table1, table2 = page.split("Tafel 1", 1)[1].split("Tafel 2", 1)
    assert "Niemand vertelt ouders hoe lang het wachten duurt" in table1 and "Verbazing" in table1
    assert "Elke maand een bericht over de wachttijd sturen" in table2 and "Idee" in table2
    assert "Ouders wachten lang op hulp" in table1 and board.stories[2].public_id in table2
    assert "Wachten zonder nieuws (2 stemmen)" in page  # one dot on the cluster, one on a note
    assert "Wachttijd laten zien" in page and "Gemeente Enschede" in page and "Voorgesteld" in page


def test_session_report_pdf(client, session, staff, board, make_proposal, tmp_path):
    make_proposal()
    staff("facilitator")
    response = download_export(client, f"/beheer/sessies/{board.sess.id}/verslag.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    text = _pdf_text(response.data, tmp_path)
    if text is not None:
        assert "Wachttijd laten zien" in text and "Tafel 1" in text


def test_progress_report(session, board, make_proposal):
    first = make_proposal(due_on=date.today().isoformat())
    second = make_proposal(title="Vaste contactpersoon")
    first.due_on = date.today() - timedelta(days=5)
    change_status(session, second, "chosen", None)
    add_update(session, second, "Gestart met twee teams.", date.today() - timedelta(days=3), None)
    add_update(session, second, "Lang geleden overleg.", date.today() - timedelta(days=200), None)
    session.commit()
    report = progress_report(session, board.region, date.today() - timedelta(days=30), date.today())
    assert dict(report.status_counts) == {"proposed": 1, "chosen": 1, "in_progress": 0, "realised": 0,
                                          "rejected": 0, "parked": 0}
    assert [u.text for _p, u in report.updates] == ["Gestart met twee teams."]
    assert [p.title for p in report.overdue] == ["Wachttijd laten zien"]
    assert [(c.proposal.title, c.on, c.old, c.new) for c in report.status_changes] == [
        ("Vaste contactpersoon", date.today(), "Voorgesteld", "Gekozen")]
    assert sorted(p.title for p, _day in report.new_proposals) == ["Vaste contactpersoon", "Wachttijd laten zien"]
    earlier = progress_report(session, board.region, date.today() - timedelta(days=90), date.today() - timedelta(days=31))
    assert earlier.status_changes == [] and earlier.new_proposals == []


def test_progress_report_dates_changes_by_the_dutch_day():
    from datetime import datetime, timezone

    from vertelpunt.proposals.report import _dutch_day

    assert _dutch_day(datetime(2026, 3, 1, 23, 30, tzinfo=timezone.utc)) == date(2026, 3, 2)  # 00:30 in winter
    assert _dutch_day(datetime(2026, 7, 1, 21, 30)) == date(2026, 7, 1)  # naive = UTC; 23:30 in summer


def test_progress_routes_html_and_pdf(client, session, staff, board, make_proposal, tmp_path):
    make_proposal()
    staff("analyst")
    page = client.get("/beheer/voorstellen/voortgang?region=twente").get_data(as_text=True)
    assert "Voortgang verbetervoorstellen: Twente" in page and "Wachttijd laten zien" in page
    assert "Nieuwe voorstellen" in page and "Geen statuswijzigingen in deze periode." in page
    assert client.get("/beheer/voorstellen/voortgang?from=morgen").status_code == 400
    response = download_export(client, "/beheer/voorstellen/voortgang.pdf?region=twente")
    assert response.data.startswith(b"%PDF")
    text = _pdf_text(response.data, tmp_path)
    if text is not None:
        assert "Wachttijd laten zien" in text
