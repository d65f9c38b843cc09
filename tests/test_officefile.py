"""Word and Excel files imported as they are saved: the fixtures in tests/data/office/ were
written by LibreOffice, python-docx (Word's own template) and openpyxl (make_fixtures.py)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
import yaml

from bot.cli import main
from bot.labelledlines import labelled_lines_as_markdown
from bot.tableimport import TableImportError, import_table

OFFICE = Path(__file__).parent / "data" / "office"


def _imported(name: str) -> dict:
    return yaml.safe_load(import_table(OFFICE / name, None))


def _cells(data: dict) -> dict[str, list[str]]:
    return {row["feature"]: row["cells"] for row in data["rows"]}


def test_a_libreoffice_word_document_imports_with_its_title_summary_and_analogy():
    data = _imported("vacation-vs-sick-leave.docx")
    assert data["title"] == "Vacation Days vs Sick Leave"
    assert [s["name"] for s in data["subjects"]] == ["Vacation Days", "Sick Leave"]
    assert list(_cells(data)) == ["Accrual", "Carry Over", "Notice", "Doctor's Note", "Payout",
                                  "Half Days"]
    assert _cells(data)["Doctor's Note"] == ["Never needed.", "Needed after 3 days in a row."]
    assert data["summary"] == ["**Vacation days** are planned time off you book ahead.",
                               "**Sick leave** is for when you or a dependant are unwell."]
    assert data["analogy"].startswith("Think of vacation days as a **savings account**")


def test_a_word_document_reads_its_merged_cells_and_skips_deleted_text_and_the_footer():
    """Word's template: a Title, a bold word split over two runs, a cell spanning both
    subjects (the same for both), a tracked deletion (not what the page says now) and a
    footer (on every printed page, no part of the table)."""
    data = _imported("on-call-vs-business-hours.docx")
    cells = _cells(data)
    assert data["title"] == "On-Call vs Business Hours Support"  # what both are
    assert list(cells) == ["Hours", "Response", "Pay", "Escalation", "Handover"]
    assert cells["Pay"] == ["No extra pay; both are part of the role."] * 2
    assert cells["Escalation"] == ["Straight to the incident commander.",
                                   "Through the team lead."]
    assert data["summary"] == ["On-call covers outages that cannot wait.",
                               "Business hours covers everything that can."]
    assert "fire brigade" in data["analogy"]
    assert "Uncontrolled" not in import_table(OFFICE / "on-call-vs-business-hours.docx", None)


def test_an_excel_workbook_reads_its_table_sheet_with_numbers_as_the_sheet_shows_them():
    """A notes sheet first and a hidden lookup sheet: the table is the first visible sheet
    with three cells in a row; dollars, percentages, dates and euros read as shown."""
    data = _imported("corporate-card-vs-reimbursement.xlsx")
    cells = _cells(data)
    assert data["title"] == "Corporate Card vs Reimbursement"
    assert cells["Spending limit"] == ["$5,000", "$1,500"]
    assert cells["Approval rate"] == ["99.5%", "87.0%"]
    assert cells["Policy since"] == ["2024-03-01", "2019-01-15"]
    assert cells["Fee"] == ["€ 0.00", "€ 2.50"]  # "[$€-407] #,##0.00": a space, as shown
    assert data["summary"] == [
        "Use the card for planned spend; claim back what you paid yourself."]


def test_a_libreoffice_workbook_imports_its_title_rows_summary_and_analogy():
    data = _imported("support-tiers.xlsx")
    assert data["title"] == "Support Tiers: Standard vs Premium"
    assert _cells(data)["Response Time"] == ["Next business day", "1 hour, 24/7"]
    assert len(data["rows"]) == 6
    assert "doctor on call" in data["analogy"]


def test_kb_import_says_which_sheet_it_read_and_ask_answers_from_the_workbook(tmp_path, capsys):
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    output = knowledge / "cards.yaml"
    assert main(["kb", "import", str(OFFICE / "corporate-card-vs-reimbursement.xlsx"),
                 "-o", str(output)]) == 0
    assert 'read the sheet "Comparison"; left out: "Read me"' in capsys.readouterr().err
    assert main(["ask", "--knowledge", str(knowledge),
                 "whats the spending limit on the corporate card"]) == 0
    said = capsys.readouterr().out
    assert "Spending limit" in said and "$5,000" in said and "$1,500" in said


def _notes(name: str, tmp_path: Path, capsys) -> str:
    """What `kb import` tells a maintainer about a file."""
    assert main(["kb", "import", str(OFFICE / name), "-o", str(tmp_path / "out.yaml")]) == 0
    return capsys.readouterr().err


def test_a_policy_reads_its_comparison_not_the_version_history_before_it():
    """A bank's standard (made with LibreOffice by a reviewer): a cover table, a "Document
    control" table (Version / Date / Author / Summary of change) and then the comparison,
    under "CDD vs EDD at a glance". The version history was imported as the comparison."""
    data = _imported("bank-cdd-standard.docx")
    assert data["title"] == "CDD vs EDD at a glance"
    assert [s["name"] for s in data["subjects"]] == ["Customer Due Diligence (CDD)",
                                                     "Enhanced Due Diligence (EDD)"]
    assert len(data["rows"]) == 9 and data["rows"][0]["feature"] == "When it applies"
    assert data["summary"][0].startswith("CDD is the baseline for **every** customer")
    assert "passport check" in data["analogy"]


def test_content_controls_hide_no_table_no_row():
    """A corporate template's content controls (w:sdt) around the table, or around a
    repeating row: the table was skipped for the revision history, the row lost."""
    for name in ("retail-table-in-content-control.docx", "retail-row-in-content-control.docx"):
        data = _imported(name)
        assert data["title"] == "Cycle Count vs Full Physical Inventory", name
        assert "Store open?" in _cells(data), name
        assert len(data["rows"]) == 8, name


def test_a_cells_bullets_are_items_and_a_footnote_is_written_where_it_points():
    preparation = _cells(_imported("retail-cycle-count-sop.docx"))["Preparation"][1]
    assert preparation.startswith("Three weeks of prep: zone and face the whole sales floor; "
                                  "tag every fixture with its area number; ")
    returns = _cells(_imported("retail-markdown-vs-clearance-gdoc.docx"))["Returns"][1]
    assert returns.startswith("Final sale after 30 days (Receipt required. Pharmacy and "
                              "seasonal items are final sale from day one.)")


def test_a_document_under_review_says_what_it_read_as_accepted(tmp_path, capsys):
    """Tracked changes are read as Word shows them with No Markup, and the import says so,
    with who made them; comments are in no answer, and it says that too."""
    said = _notes("research-moving-data-draft.docx", tmp_path, capsys)
    assert ("13 tracked change(s) by Dana Whitfield, Mark Kowalski, Priya Natarajan read as "
            "accepted") in said
    assert "3 comment(s) in the document are in no answer" in said
    cells = _cells(_imported("research-moving-data-draft.docx"))
    assert "Largest file" not in cells  # deleted under tracking
    assert cells["Speed for big transfers"][0].endswith("typically 1–3 GB/s from the new "
                                                        "100 Gb DTNs")


def test_a_workbook_reads_the_table_tab_past_notes_and_leaves_out_what_it_hides(tmp_path,
                                                                                 capsys):
    """A Notes tab with a change log first, a hidden "Lead notes" column of internal remarks,
    and numbers whose format holds words ('0" hours"', '"Over "$#,##0.00')."""
    said = _notes("retail-receiving-delivery-types.xlsx", tmp_path, capsys)
    assert ('read the sheet "Delivery types"; left out: "Notes" (to read another: kb import '
            "--sheet NAME)") in said
    assert "left out what the sheet hides: column(s) E" in said
    data = _imported("retail-receiving-delivery-types.xlsx")
    assert [s["name"] for s in data["subjects"]] == ["DC truck", "DSD vendor",
                                                     "Parcel (UPS / FedEx)"]
    cells = _cells(data)
    assert cells["Claim window"][0] == "48 hours"
    assert cells["Manager signature needed"][1] == "Over $250.00"
    assert not data["analogy"].startswith("Think of it like")


def test_kb_import_sheet_reads_the_tab_asked_for(tmp_path, capsys):
    assert main(["kb", "import", str(OFFICE / "research-gpu-options.xlsx"), "--sheet",
                 "changelog", "-o", str(tmp_path / "log.yaml")]) == 0
    assert "- feature: 15-Jan-2026" in (tmp_path / "log.yaml").read_text("utf-8")
    assert main(["kb", "import", str(OFFICE / "research-gpu-options.xlsx"), "--sheet",
                 "Prices"]) == 1
    assert ('no visible sheet is named "Prices": the sheets are "Read me", "Compare", '
            '"Rates FY26", "Changelog"') in capsys.readouterr().err
    assert main(["kb", "import", str(OFFICE / "vacation-vs-sick-leave.docx"), "--sheet",
                 "Compare"]) == 1
    assert "this file is a Word document" in capsys.readouterr().err


def test_numbers_read_as_the_sheet_shows_them():
    from bot.excelfile import as_shown

    assert as_shown(0.09, '\\$0.00" per GB"') == "$0.09 per GB"
    assert as_shown(45677, "dd/mm/yyyy") == "20/01/2025"
    assert as_shown(46203, "d-mmm-yyyy") == "30-Jun-2026"
    assert as_shown(0.5, "h:mm AM/PM") == "12:00 PM"
    assert as_shown(-1500, '#,##0;(#,##0)') == "(1,500)"
    assert as_shown(0.1 + 0.2, "General") == "0.3"


def test_a_house_heading_style_and_a_word_web_page_keep_their_summary_and_analogy():
    """A law firm's precedent (forty-second session) heads its sections with a house style
    ("Level 1", an outline level, not "Heading 1"); its note saved as a web page numbers its
    headings ("4.<nbsp>Analogy", written over two source lines) and marks footnotes
    "[1]" against the word. The summary was lost and the analogy was the word "Analogy"."""
    for name in ("law-share-vs-asset-precedent.docx", "law-privilege-word-page.htm"):
        data = _imported(name)
        assert len(data["summary"]) == 2, name
        assert data["analogy"].startswith("Think of "), name
    page = _imported("law-privilege-word-page.htm")
    assert page["title"] == "Legal advice privilege vs Litigation privilege"  # not "Side by
    cells = " ".join(c for row in page["rows"] for c in row["cells"])  # side", its section
    assert "litigation (Waugh v British Railways Board [1980] AC 521; the dominant purpose " \
           "test.)" in cells


def test_a_checklist_is_named_by_its_steps_not_its_numbers(tmp_path, capsys):
    """Its "Ref" column (1.1, 2.1 ...) named the rows and its "Done?" column was a subject;
    its banner title, in capitals with a lawyer's small "v", shouted in every answer."""
    said = _notes("law-matter-checklist.xlsx", tmp_path, capsys)
    assert "column 'Ref' holds each line's code (1.1, ...): they are named by 'Step'" in said
    data = _imported("law-matter-checklist.xlsx")
    assert [s["name"] for s in data["subjects"]] == ["Individual client", "Corporate client"]
    assert data["rows"][0]["feature"] == "Identity evidence"
    assert data["title"] == "Matter Opening Checklist: Individual v Corporate Client"


def test_a_google_doc_with_a_contents_list_and_a_bold_label_reads_its_gist():
    """A game studio's Google Doc (forty-second session): its table of contents' line "An
    analogy 1" was the analogy, the one under "An analogy" (no "think of") was lost, a bold
    "In short: " left a stray "**" on the summary, and "store refund" was proposed twice."""
    data = _imported("games-make-good-vs-refund-gdoc.docx")
    assert data["analogy"].startswith("A make-good is the restaurant sending over a free round")
    assert data["summary"][0].startswith("We fix our own mistakes with an in-game make-good")
    refund = next(s for s in data["subjects"] if s["name"].startswith("Store refund"))
    assert [a.casefold() for a in refund["aliases"]].count("store refund") == 1


def test_a_confluence_panels_title_is_no_page_title():
    """Its Confluence page's tip panel, titled "TL;DR", titled the table and every answer."""
    data = _imported("games-hotfix-vs-patch-confluence.html")
    assert data["title"] == "Server-side hotfix vs Client patch"
    assert data["summary"][0].startswith("If it’s data (prices, drop rates")


def test_a_label_merged_over_the_subjects_is_no_header():
    """An airline's Word handout: "Portable extinguisher" merged over Halon and Water, the
    row under it naming them; the import stopped ("column 3 of the header names no
    subject")."""
    data = _imported("airline-extinguishers-label-row.docx")
    assert [s["name"] for s in data["subjects"]] == ["Halon (BCF)", "Water (H₂O)"]
    assert data["rows"][0]["feature"] == "Fire types"


def test_a_symbol_fonts_ticks_read_as_ticks():
    """A plant's matrix ticked its cells in Wingdings: they read "ü" and "û"."""
    text = import_table(OFFICE / "plant-problem-solving-wingdings.xlsx", None)
    assert "✔" in text and "✘" in text and "ü" not in text and "û" not in text


def test_a_matrix_grouped_by_a_first_column_reads_its_criteria_as_rows():
    """The plant's matrix groups its criteria ("Containment action") under categories
    ("Method") in a first column, one row named across both columns: read as it was, the
    criteria fused into five rows and "Criterion" was a subject; its running head
    ("... Rev 3 | Uncontrolled when printed") titled every answer."""
    data = _imported("plant-problem-solving-wingdings.xlsx")
    assert [s["name"] for s in data["subjects"]] == ["8D", "A3", "5 Whys"]
    assert "Containment action (Method)" in _cells(data)
    assert _cells(data)["Fits on one page"] == ["✘ (no)", "✔ (yes / required)",
                                                "✔ (yes / required)"]  # its legend's words
    assert "Uncontrolled" not in data["title"]
    assert data["summary"][0].startswith("8D when a customer is involved")
    assert data["analogy"].startswith("Think of it like medicine: 5 Whys is the first-aid kit")


def test_a_workbook_says_when_several_tabs_hold_the_same_table(tmp_path, capsys):
    """An admissions office's fees, a tab a year: the first (oldest) was read without a
    word about the others; and a cell comment holding a fact was dropped unsaid."""
    said = _notes("admissions-fees-a-tab-a-year.xlsx", tmp_path, capsys)
    assert ('the sheets "2025 entry", "2026 entry" hold a table with the same columns as '
            '"2024 entry": read each with --sheet NAME') in said
    assert "cell comment" not in said  # (the comment is on the 2026 tab: said there)
    assert main(["kb", "import", "--sheet", "2026 entry", str(OFFICE / "admissions-fees-a-"
                 "tab-a-year.xlsx"), "-o", str(tmp_path / "2026.yaml")]) == 0
    assert "1 cell comment(s) on the sheet are in no answer" in capsys.readouterr().err
    assert _imported("admissions-fees-a-tab-a-year.xlsx")["title"].endswith("(2024 entry)")
    later = yaml.safe_load(import_table(OFFICE / "admissions-fees-a-tab-a-year.xlsx", None,
                                        sheet="2026 entry"))
    assert later["title"] == "UG entry: Home vs International applicants (2026 entry)"


def test_a_table_a_page_break_cut_in_two_is_one_table():
    """A logistics team's Word hand-out: the table runs over a page, Word writing the rest
    as a second table with its header repeated and "Table continued" between; five of its
    ten rows were lost, "ok"."""
    rows = list(_cells(_imported("logistics-table-split-by-a-page.docx")))
    assert len(rows) == 10 and rows[4:6] == ["How the count is raised", "Blind count?"]


def test_a_zero_shows_as_the_sheets_format_shows_it(tmp_path, capsys):
    """Its hours sheet shows a zero as "–" (the format's third section) and keeps two
    cell comments where openpyxl writes them (xl/comments/comment1.xml)."""
    cells = _cells(_imported("logistics-induction-hours-table-object.xlsx"))
    assert cells["Voice picking set-up"] == ["2 hrs", "–", "–"]
    said = _notes("logistics-induction-hours-table-object.xlsx", tmp_path, capsys)
    assert "2 cell comment(s) on the sheet are in no answer" in said


def test_a_table_and_a_summary_in_text_boxes_are_read():
    """A nursing team's SharePoint page keeps its table, and its "Key points" (a bold
    paragraph, no heading) in text boxes, each written twice (the drawing and its VML
    fallback): "no <table> found in this HTML page"."""
    data = _imported("nursing-table-in-a-text-box.docx")
    assert [row["feature"] for row in data["rows"]][:2] == ["When to call", "How to call"]
    assert len(data["rows"]) == 9  # once, not twice
    assert data["summary"][0].startswith("Rapid Response = the patient is getting worse")


def test_a_line_break_in_a_word_cell_parts_its_items():
    """Its Pages export breaks a cell's lines ("MRSA" over "VRE"): run together before."""
    text = import_table(OFFICE / "nursing-pages-line-breaks.docx", None)
    assert "MRSA; VRE; C. difficile; CPE; Scabies" in text


@pytest.mark.parametrize("name", ["bank-debit-vs-prepaid-deck.pptx",
                                  "bank-debit-vs-prepaid-impress.pptx"])
def test_a_trainers_slide_deck_imports_its_comparison_slides(name):
    """PowerPoint's and Impress's decks alike: the slide whose title compares, its table
    continued on the next slide as one table (the repeated header row dropped), its text
    box's summary and the analogy in the speaker notes; the title slide, the agenda, the
    hidden slide's table and the fee slide's left out, the import saying which it read."""
    text = import_table(OFFICE / name, None)
    data = yaml.safe_load(text)
    assert data["title"] == "Debit card vs Prepaid card"
    assert [s["name"] for s in data["subjects"]] == ["Debit card", "Prepaid card"]
    assert list(_cells(data)) == ["Linked to", "Credit check", "Overdraft", "Who it suits",
                                  "Lost card", "Fees"]
    assert _cells(data)["Overdraft"] == ["Possible if the account has an arranged overdraft.",
                                         "Never: it stops at zero."]
    assert data["summary"] == ["A debit card spends the customer's own account; a prepaid "
                               "card spends only what was loaded onto it."]
    assert data["analogy"].startswith("Think of a debit card as a key")
    assert "read slides 3, 4 ('Debit card vs Prepaid card'), one table continued" in text
    assert "other tables (slide 5 ('Fees at a glance')) were left out" in text
    assert "Old tariff" not in text and "Agenda" not in text


def test_a_deck_whose_only_table_has_two_columns_is_refused_plainly(tmp_path):
    slide = (b'<p:sld xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
             b'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><p:cSld><p:spTree>'
             b'<p:graphicFrame><a:graphic><a:graphicData><a:tbl>'
             + b"".join(b"<a:tr><a:tc><a:txBody><a:p><a:r><a:t>%s</a:t></a:r></a:p></a:txBody>"
                        b"</a:tc><a:tc><a:txBody><a:p><a:r><a:t>%s</a:t></a:r></a:p></a:txBody>"
                        b"</a:tc></a:tr>" % pair for pair in ((b"Fee", b"Amount"), (b"Card", b"5")))
             + b"</a:tbl></a:graphicData></a:graphic></p:graphicFrame></p:spTree></p:cSld></p:sld>")
    parts = {
        "ppt/presentation.xml": b'<p:presentation xmlns:p="http://schemas.openxmlformats.org/'
        b'presentationml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships"><p:sldIdLst><p:sldId id="256" r:id="rId2"/></p:sldIdLst>'
        b"</p:presentation>",
        "ppt/_rels/presentation.xml.rels": b'<Relationships xmlns="http://schemas.openxmlformats'
        b'.org/package/2006/relationships"><Relationship Id="rId2" Target="slides/slide1.xml" '
        b'Type="x"/></Relationships>',
        "ppt/slides/slide1.xml": slide,
    }
    with pytest.raises(TableImportError, match="no table of three columns or more on any "
                                               "slide: put the comparison in a table"):
        import_table(_zip(tmp_path, "fees.pptx", parts), None)


def _zip(tmp_path: Path, name: str, parts: dict[str, bytes]) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for part, data in parts.items():
            package.writestr(part, data)
    path = tmp_path / name
    path.write_bytes(buffer.getvalue())
    return path


@pytest.mark.parametrize("name, parts, said", [
    ("deck.pptx", {"ppt/presentation.xml": b"<p/>"},
     "a PowerPoint deck with no table of three columns or more"),
    ("photos.zip", {"a.jpg": b"\xff\xd8"}, "neither a Word document"),
    ("notes.odt", {"mimetype": b"application/vnd.oasis.opendocument.text",
                   "content.xml": b'<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'},
     "content.xml declares a DTD"),
    ("deck.odp", {"mimetype": b"application/vnd.oasis.opendocument.presentation"},
     r"an OpenDocument presentation \(\.odp\): save it as \.pptx.*--convert-to pptx FILE"),
    ("plans.ods", {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"},
     r"an OpenDocument spreadsheet.*save it as \.xlsx.*soffice --headless --convert-to "
     r"xlsx FILE.*File > Download > Microsoft Excel"),
    ("empty.xlsx", {"xl/workbook.xml": b'<workbook xmlns="http://schemas.openxmlformats.org/'
                    b'spreadsheetml/2006/main"><sheets/></workbook>'}, "no sheet"),
    ("broken.docx", {"word/document.xml": b"<w:document"}, "not well-formed XML"),
])
def test_a_zip_that_is_no_readable_document_gets_a_clear_error(tmp_path, name, parts, said):
    with pytest.raises(TableImportError, match=said):
        import_table(_zip(tmp_path, name, parts), None)


def test_old_binary_office_files_and_damaged_zips_get_a_clear_error(tmp_path):
    old = tmp_path / "policy.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    with pytest.raises(TableImportError, match=r"old binary Word document.*save it as \.docx.*"
                       r"soffice --headless --convert-to docx \"policy.doc\""):
        import_table(old, None)  # (it named .xlsx and CSV for a Word file: a ramp team)
    sheet = tmp_path / "rota.xls"
    sheet.write_bytes(old.read_bytes())
    with pytest.raises(TableImportError, match=r"old binary Excel workbook.*\.xlsx"):
        import_table(sheet, None)
    damaged = tmp_path / "cut.docx"
    damaged.write_bytes((OFFICE / "vacation-vs-sick-leave.docx").read_bytes()[:2000])
    with pytest.raises(TableImportError, match="damaged or cut-short file"):
        import_table(damaged, None)


def test_a_hostile_document_costs_nothing(tmp_path):
    """Entities that expand a billion-fold are refused before parsing; a part that inflates
    past the limit is refused from the zip's directory, without inflating it."""
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              + b"".join(b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10 if i > 1
                                                   else b"&lol;" * 10) for i in range(1, 10))
              + b']><w:document xmlns:w="x">&lol9;</w:document>')
    with pytest.raises(TableImportError, match="declares a DTD"):
        import_table(_zip(tmp_path, "laughs.docx", {"word/document.xml": laughs}), None)
    with pytest.raises(TableImportError, match="too large to read"):
        import_table(_zip(tmp_path, "bomb.docx",
                          {"word/document.xml": b"<a>" + b" " * 30_000_000 + b"</a>"}), None)


def test_a_sheet_saved_filtered_names_the_rows_its_filter_hides_and_drops_its_column(
        tmp_path, capsys):
    """A nursing team's hours sheet, laid out by Data > Subtotal and saved filtered to one
    unit (an AutoFilter on "Unit", a dropdown column): "2 row(s)" said nothing of which or
    why, and "Unit" was a third subject in every answer."""
    said = _notes("nursing-orientation-filtered.xlsx", tmp_path, capsys)
    assert ('left out 2 row(s) the sheet\'s filter on column E hides ("Critical-care course '
            '(ECCO)", "ICU ventilator competency"): clear the filter in Excel and import '
            "again to keep them") in said
    assert ('left out column E ("Unit"), which the sheet\'s filter picks rows by: each '
            "row's group, not a thing compared") in said
    data = _imported("nursing-orientation-filtered.xlsx")
    assert [s["name"] for s in data["subjects"]] == ["New-grad RN residency",
                                                     "Experienced RN orientation"]


def test_a_think_of_it_like_line_under_a_sheets_table_is_its_analogy_without_the_label():
    """"Think of it like" in one cell and the analogy in the next was read as "Think of it
    like: Washing up: ATP is ..." (a food team's reviewer, forty-third session)."""
    assert (_imported("support-tiers.csv")["analogy"]
            == "Standard is a GP appointment, Premium is a doctor on call.")
    assert _imported("research-gpu-options.xlsx")["analogy"].startswith("Lakeshore is the")


def test_a_notion_page_exported_as_markdown_and_csv_reads_the_csv_it_links():
    """Notion's "Markdown & CSV" export keeps the TL;DR callout and analogy toggle in the
    page and the inline database in a CSV the page links: the page was "no table found",
    and the CSV alone lost the summary and analogy (a help desk's reviewer, forty-third
    session). Its "_all.csv" of every property is titled without "all"."""
    folder = OFFICE / "notion-mfa"
    page = folder / "MFA methods which one should I set up 71860c77c6745379b0d44304d66b6a13.md"
    data = yaml.safe_load(import_table(page, None))
    assert data["title"] == "MFA methods: which one should I set up?"
    assert [s["name"] for s in data["subjects"]] == ["Microsoft Authenticator", "YubiKey",
                                                     "Text message (SMS)"]
    assert data["summary"][0].startswith("Everyone sets up the **Microsoft Authenticator")
    assert data["analogy"].startswith("Think of your password as your **front-door key**")
    every = next(folder.glob("*/MFA comparison *_all.csv"))
    assert yaml.safe_load(import_table(every, None))["title"].startswith("MFA comparison: ")


def test_a_paragraph_under_the_summarys_analogy_is_no_summary(tmp_path, capsys):
    """A help desk's Google Doc ends its Summary with the analogy, then a note to staff
    ("Still stuck? ... assign the ticket to NET"): it was a third summary point, shown to
    every newcomer who asked for the tl;dr (a reviewer, forty-third session)."""
    data = _imported("helpdesk-wifi-gdoc.docx")
    assert len(data["summary"]) == 2 and data["analogy"].startswith("Think of eduroam")
    said = _notes("helpdesk-wifi-gdoc.docx", tmp_path, capsys)
    assert 'the text under the table is in no answer ("Still stuck?' in said


def test_a_pdfs_text_copy_whose_columns_shift_from_row_to_row_imports():
    """A dental group's handbook page copied out of a PDF: its columns start a few
    characters apart from row to row, a full cell touches the next with one space, the
    header comes again on the second page, and a row name wraps after a noun ("What the
    patient" / "pays on the day"). It was refused ("two columns are named 'None.'"), and
    realigned by hand it made two half rows (a reviewer, forty-third session)."""
    cells = _cells(_imported("dental-insurance-pdf-copy.txt"))
    assert list(cells) == ["Choosing a dentist", "Specialist referrals", "Deductible",
                           "What the patient pays on the day", "Annual maximum",
                           "Checking eligibility", "Waiting periods", "Claims and paperwork",
                           "Cleanings covered"]
    assert cells["Specialist referrals"][1].startswith("Written referral from the assigned")
    assert cells["What the patient pays on the day"][2] == (
        "Usually nothing. Some adults have a Share of Cost: collect it before the visit.")
    assert cells["Waiting periods"] == ["Often 6 to 12 months for major work (crowns, bridges, "
                                        "dentures).", "Usually none.", "None."]
    assert cells["Claims and paperwork"][1].startswith("No claim for most visits.")


def test_a_libreoffice_sheet_shows_general_numbers_and_is_titled_by_a1():
    """A pharmacy's LibreOffice sheet (forty-third session): 'General" syringes max"' lost
    its number ("General syringes max"), and "Preparation type", merged over the subjects,
    titled the table instead of the title in A1."""
    data = _imported("pharmacy-asu-libreoffice.xlsx")
    assert _cells(data)["Batch size"] == ["1 dose (named patient)", "60 syringes max"]
    assert data["title"].startswith("Aseptic Services Unit")


def test_a_plain_text_email_in_flowed_format_reads_its_cells_whole():
    """A pharmacy's Thunderbird reply (.eml, format=flowed, wrapped at 72 characters)
    with the table as tab-separated text: every wrapped cell was cut mid-sentence and a
    row was named "The" (a reviewer, forty-third session)."""
    data = _imported("pharmacy-tto-thunderbird.eml")
    cells = _cells(data)
    assert cells["Who orders it"][1] == ("The ward nurse, with the Supply button in EPMA (or "
                                         "the ward's pharmacy order book on the paper wards)")
    assert "The" not in cells and len(cells) >= 8
    assert data["analogy"].startswith("Think of a TTO as packing the patient's suitcase")


def test_a_sharepoint_lists_item_type_and_path_are_no_subjects(tmp_path, capsys):
    """A council's SharePoint list exported to Excel (its features as lines, its subjects
    as columns): "Item Type" and "Path" were a fourth and fifth thing compared, in every
    answer (a reviewer, forty-third session)."""
    data = _imported("council-contract-types-sharepoint.xlsx")
    assert [s["name"] for s in data["subjects"]] == ["Permanent", "Fixed-term",
                                                     "Casual (relief)"]
    said = _notes("council-contract-types-sharepoint.xlsx", tmp_path, capsys)
    assert "column(s) 'Item Type', 'Path' are the list's own, not things compared" in said
    assert ('titled "Council contract types sharepoint: Permanent vs Fixed-term vs Casual '
            '(relief)" from the file\'s name') in said  # (the sheet has no title of its own)


def test_a_google_doc_downloaded_as_a_zipped_web_page_imports_by_its_title():
    """A pharmacy's Google Doc as "Web page (.html, zipped)": refused as "neither a Word
    document nor an Excel workbook"; unzipped, it was titled by its section heading
    "What's the difference?" over its Title, and a comment's "[b]" ended the analogy (a
    reviewer, forty-third session)."""
    data = _imported("pharmacy-near-miss-gdoc.zip")
    assert data["title"] == "Near miss vs Dispensing error"
    assert data["analogy"].endswith("only the goal goes on the scoreboard.")


def test_a_notion_export_still_zipped_imports_its_page_and_database(tmp_path, capsys):
    """Notion downloads "Markdown & CSV" as a zip; it was refused with "save the table as
    .docx, .xlsx or CSV", which Notion cannot (a game studio's reviewer, forty-fourth
    session). The page inside is read with the CSV it links, as when unzipped."""
    data = _imported("games-cert-notion-export.zip")
    assert data["title"] == "Console submission (cert) cheat sheet"
    assert [s["name"] for s in data["subjects"]] == [
        "PlayStation (TRC)", "Xbox (XR)", "Nintendo Switch (Lotcheck)"]
    assert data["summary"] and data["analogy"] and len(data["rows"]) >= 6
    said = _notes("games-cert-notion-export.zip", tmp_path, capsys)
    assert "the page inside the zip" in said and "read the table from the CSV" in said


def test_a_pdf_is_refused_with_how_to_take_its_text(tmp_path, capsys):
    """A PDF was "'charmap' codec can't decode byte 0x9d" (a law firm's reviewer)."""
    pdf = tmp_path / "records-policy.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n\x9d")
    assert main(["kb", "import", str(pdf)]) == 1
    said = capsys.readouterr().err
    assert "a PDF: import its text instead, as `pdftotext -layout FILE.pdf FILE.txt`" in said
    assert "codec" not in said and "Traceback" not in said


def test_an_airtable_views_attachments_links_and_checkboxes_are_no_rows(tmp_path, capsys):
    """An Airtable view exported to CSV (a subject a line): its attachment field (links
    that expire within hours) and linked records were rows that drew answers ("what build
    does regression run on" got "Build 0.9.412,Build 0.9.418"), a checkbox read "checked"
    or a dash, a multiple-select "PS5,Switch", a bulleted cell ran two rules together, and
    the view's name titled every answer (a game studio's reviewer, forty-fourth session)."""
    name = "games-Test Passes-Onboarding view.csv"
    data = _imported(name)
    cells = _cells(data)
    assert "Checklist" not in cells and "Related builds" not in cells
    assert cells["Active"] == ["Yes", "Yes", "No"]
    assert cells["Platforms"][0] == "PS5, Xbox Series X|S, Switch, PC (Steam)"
    assert cells["Exit criteria"][1] == ("All fixed bugs verified or reopened; "
                                         "No new S1/S2 in touched areas")
    assert data["title"] == "Games Test Passes: Smoke test vs Regression pass vs Full test pass"
    assert "airtableusercontent" not in yaml.safe_dump(data)
    said = _notes(name, tmp_path, capsys)
    assert "column(s) 'Checklist' hold attached files, whose exported links expire" in said
    assert "column 'Active' is a checkbox: read as Yes (ticked) and No" in said


def test_a_smartsheet_reports_section_rows_and_review_flag_are_left_out(tmp_path, capsys):
    """Smartsheet's parent rows ("START OF SHIFT") had values only in the columns the
    import leaves out: they were rows of dashes, and help's first example; its RYG
    "Status" column was each row's note, "Status: Red" read as a warning about timesheets
    (a warehouse's reviewer, forty-fourth session)."""
    name = "warehouse-Agency vs Permanent - Shift Lead FAQ.csv"
    data = _imported(name)
    cells = _cells(data)
    assert "START OF SHIFT" not in cells and "ABSENCE & PAY" not in cells
    assert all("Status" not in row.get("note", "") for row in data["rows"])
    assert any("Owner: " in row.get("note", "") for row in data["rows"])
    said = _notes(name, tmp_path, capsys)
    assert ("row(s) 'START OF SHIFT', 'ABSENCE & PAY' have nothing in any cell: read as "
            "section headings, left out") in said
    assert "column(s) 'Status' are kept for the team, not for people asking: left out" in said


def test_a_notes_column_named_for_whom_it_is_is_no_subject(tmp_path):
    """"Reception notes" beside a vet practice's three plans was a fourth plan in every
    answer, and one marked "(internal)" reached newcomers (a reviewer, forty-fourth
    session): a column whose name ends in notes, or starts "Notes for", is each row's
    note; one marked internal is left out."""
    data = _imported("vet-pet-health-club-gsheets.xlsx")
    assert [s["name"] for s in data["subjects"]] == ["Puppy & Kitten", "Adult",
                                                     "Senior (8+ yrs)"]
    assert any(row.get("note") for row in data["rows"])
    for header, kept in (("Notes for reception", True), ("Reception notes (internal)", False),
                         ("Internal remarks", False)):
        page = tmp_path / "plans.md"
        page.write_text(f"| Feature | Adult | Senior | {header} |\n|---|---|---|---|\n"
                        "| Price | £14.50 | £19.00 | Dogs over 40 kg add £3 |\n"
                        "| Vaccines | Yearly | Yearly | Kennel cough too |\n", "utf-8")
        data = yaml.safe_load(import_table(page, None))
        assert [s["name"] for s in data["subjects"]] == ["Adult", "Senior"], header
        assert ("Dogs over 40 kg add £3" in data["rows"][0].get("note", "")) is kept, header


def test_a_confluence_word_exports_panel_title_and_expand_label_are_labels_only():
    """Confluence's "Export to Word" wrote its tip panel's "TL;DR" as a `p.title`, which
    titled the whole table (every answer said "(TL;DR)"), and its expand macro's label
    "Think of it like this…" was taken as the analogy, the analogy itself said to be in no
    answer (a law firm's reviewer, forty-fourth session)."""
    data = _imported("law-where-to-save-confluence-word.doc")
    assert data["title"] == "iManage vs Teams vs OneDrive"
    assert data["summary"][0].startswith("If it belongs to a client matter")
    assert data["analogy"].startswith("iManage is the firm’s **strongroom**")


def test_a_reimport_replaces_a_title_the_import_wrote_and_says_which_rows_are_back(
        tmp_path, capsys):
    """A title the import took from a file's first name ("Nurse vs Vet slack retyped")
    stayed for good, as if a maintainer had written it; rows deleted by hand came back
    with every re-export unsaid (reviewers, forty-fourth session)."""
    first = tmp_path / "first-draft-name.csv"
    first.write_bytes((OFFICE / "games-Test Passes-Onboarding view.csv").read_bytes())
    out = tmp_path / "passes.yaml"
    assert main(["kb", "import", str(first), "-o", str(out)]) == 0
    data = yaml.safe_load(out.read_text("utf-8"))
    assert data["title"].startswith("First draft name: ")
    data["rows"] = [row for row in data["rows"] if row["feature"] != "Active"]
    comments = "".join(line + "\n" for line in out.read_text("utf-8").splitlines()
                       if line.startswith("#"))
    out.write_text(comments + yaml.safe_dump(data, sort_keys=False), "utf-8")
    capsys.readouterr()
    assert main(["kb", "import", str(OFFICE / "games-Test Passes-Onboarding view.csv"),
                 "-o", str(out)]) == 0
    said = capsys.readouterr().err
    assert yaml.safe_load(out.read_text("utf-8"))["title"].startswith("Games Test Passes: ")
    assert "the title written in the file is kept" not in said
    assert "row(s) 'Active' were not in the file: new in the table, or deleted here" in said
    edited = yaml.safe_load(out.read_text("utf-8"))
    edited["title"] = "Test passes (QA)"
    out.write_text(yaml.safe_dump(edited, sort_keys=False), "utf-8")
    assert main(["kb", "import", str(OFFICE / "games-Test Passes-Onboarding view.csv"),
                 "-o", str(out)]) == 0
    assert yaml.safe_load(out.read_text("utf-8"))["title"] == "Test passes (QA)"


def test_a_workbooks_other_comparison_is_named_and_its_gist_reads_as_written(tmp_path, capsys):
    """A warehouse's workbook: a Cover, two comparison tabs and a Change log. The second
    comparison was listed among the tabs left out like the cover; comments on the other
    tab were counted as this one's; "Think of it like" was glued to an analogy that is a
    sentence of its own, and the TL;DR started in lower case (a reviewer, forty-fourth
    session)."""
    data = _imported("warehouse-stock-counts.xlsx")
    assert data["analogy"] == ("A cycle count is tidying one kitchen drawer a day; the "
                               "wall-to-wall is moving house.")
    assert data["summary"][0].startswith("Cycle counting is little and often")
    said = _notes("warehouse-stock-counts.xlsx", tmp_path, capsys)
    assert ('the sheet(s) "Blind vs Guided" hold a table too: import a comparison among them '
            'with --sheet NAME') in said
    assert main(["kb", "import", "--sheet", "Blind vs Guided",
                 str(OFFICE / "warehouse-stock-counts.xlsx"), "-o", str(tmp_path / "b.yaml")]) == 0
    assert "cell comment" not in capsys.readouterr().err


def test_a_slack_message_written_a_line_a_feature_imports_as_a_table():
    """Slack draws no tables, so a vet practice's comparison was a bulleted message,
    "• *Cost* – Nurse: free on Health Club, otherwise £25 | Vet: £52 consult": "no table
    found". Retyped as a table, its rows were named "*How long*" in every answer, and
    both were titled by the file's name over the message's bold opening (a reviewer,
    forty-fourth session)."""
    data = _imported("vet-nurse-vs-vet-slack-bullets.txt")
    assert data["title"] == "What to book: Nurse vs Vet"
    assert [s["name"] for s in data["subjects"]] == ["Nurse", "Vet"]
    cells = _cells(data)
    assert len(cells) == 8 and cells["Cost"] == [
        "free on Health Club, otherwise £25", "£52 consult (£38 for a recheck within 10 days)"]
    assert data["summary"][0].startswith("Routine + nothing wrong = nurse")
    assert data["analogy"].startswith("Think of the nurse as the practice nurse")
    retyped = _imported("vet-nurse-vs-vet-slack-table.txt")
    assert retyped["title"] == "What to book: Nurse appt vs Vet appt"
    assert "How long" in _cells(retyped) and "Can they prescribe?" in _cells(retyped)


def test_a_list_that_is_not_a_line_a_feature_is_still_no_table(tmp_path):
    """Two labelled lines, or lines whose subjects differ, are no table: the import says
    what it reads rather than making one up."""
    page = tmp_path / "notes.txt"
    page.write_text("Team notes\n\n- Cost – Nurse: £25 | Vet: £52\n"
                    "- Hours – Nurse: 8-6 | Doctor: 8-7\n- Phone – Nurse: x1 | Vet: x2\n", "utf-8")
    with pytest.raises(TableImportError, match="a line a feature"):
        import_table(page, None)


def test_a_wiki_page_is_titled_by_its_name_and_a_dashed_header_gives_both_names():
    """A GitHub wiki page writes no H1: its title is its file's name. "Severity at a
    glance", a section's heading, titled every answer; and of "S1 – Blocker" only "S1" was
    proposed, so "what does blocker mean" found no subject (a game studio's reviewer)."""
    data = _imported("games-wiki/Bug-Severity-Levels.md")
    assert data["title"] == "Bug Severity Levels"
    assert data["subjects"][0]["aliases"] == ["S1", "Blocker"]
    assert _imported("notion-mfa/MFA methods which one should I set up "
                     "71860c77c6745379b0d44304d66b6a13.md")["title"] == (
        "MFA methods: which one should I set up?")  # (no wiki page: its H1 is its title)


def test_a_summarys_sign_off_is_no_point_and_a_finished_item_takes_no_semicolon(
        tmp_path, capsys):
    """A vet practice's Pages document: "Questions? Ask Priya or the duty nurse." under the
    "In short" points was a fourth point in every tl;dr, the note said "In short" itself was
    in no answer, and two paragraphs of a cell read "included).; Upgraded urns" (a
    reviewer, forty-fourth session)."""
    data = _imported("vet-aftercare-pages.docx")
    assert len(data["summary"]) == 3 and not any("Questions?" in p for p in data["summary"])
    assert any("(owner’s choice, included). Upgraded urns" in cell
               for row in data["rows"] for cell in row["cells"])
    said = _notes("vet-aftercare-pages.docx", tmp_path, capsys)
    assert ('the text under the table is in no answer ("Questions? Ask Priya or the duty '
            'nurse.")') in said


def test_an_email_link_in_a_cell_shows_its_address_once_without_brackets():
    """An Outlook page's mailto link read "email [claims@northfielddc.co.uk]" in every
    answer (a warehouse's reviewer, forty-fourth session); one whose text is not the
    address kept no address at all."""
    cells = _cells(_imported("warehouse-containers-vs-trailers-outlook.htm"))
    said = " ".join(cell for row in cells.values() for cell in row)
    assert "email claims@northfielddc.co.uk" in said and "[claims@" not in said
    page = ('<table><tr><th>Feature</th><th>A</th><th>B</th></tr><tr><td>Contact</td><td>'
            '<a href="mailto:desk@example.org">email the desk</a></td><td>Call x4410</td></tr>'
            '<tr><td>Hours</td><td>9-5</td><td>24/7</td></tr></table>')
    from bot.htmltable import html_tables_as_markdown
    assert "email the desk (desk@example.org)" in html_tables_as_markdown(page)


def test_a_help_centre_articles_copy_ends_its_summary_at_the_next_heading():
    """An Intercom article copied from the browser: its headings are plain lines, so the
    summary under "TL;DR" ran on to the page's end ("Related Articles", "Did this answer your
    question?", "We run on Intercom"), and its "It's like a gym membership: ..." was a
    point, "no analogy" said (a support team's reviewer, forty-fourth session)."""
    data = _imported("support-retention-intercom.txt")
    assert data["summary"] == ["Offer a pause first, a downgrade second, and cancel only "
                               "when the customer insists."]
    assert data["analogy"].startswith("It's like a gym membership: pausing is freezing")


def test_a_footnote_on_a_rows_name_is_its_note_and_a_components_words_are_kept():
    """A Zendesk article's "First response target¹" took its footnote into the name (a
    30-word heading of every answer), and an MDX cell's `<MacroName>Bug::Escalated to
    engineering</MacroName>` was shown raw (a support team's reviewer)."""
    plans = {row["feature"]: row for row in _imported("support-plans-zendesk.html")["rows"]}
    assert plans["First response target"]["note"].startswith(
        "Urgent means the customer's production use is down")
    triage = _cells(_imported("support-triage-docusaurus.mdx"))
    assert triage["Macro"] == ["Bug::Escalated to engineering", "FR::Logged in Productboard",
                               "Howto::Answer with article"]


def test_a_second_table_under_the_first_on_a_sheet_is_named_and_lends_it_nothing(
        tmp_path, capsys):
    """A hotel's sheet keeps "Upgrade vs Upsell" under "Room types": its TL;DR and analogy
    were given to the first table, whose own "In short:" became a row of dashes, and
    nothing said a second table was there (a reviewer, forty-fourth session)."""
    data = _imported("hotel-upselling-two-tables.xlsx")
    assert data["summary"] == ["Sell the Superior for space and the view, the Junior Suite "
                               "for families and long stays."]
    assert "analogy" not in data and "In short:" not in _cells(data)
    said = _notes("hotel-upselling-two-tables.xlsx", tmp_path, capsys)
    assert 'the sheet holds a second table under the first, "Upgrade vs Upsell"' in said


def test_a_title_set_by_hand_to_the_subjects_names_is_kept_on_a_reimport(tmp_path, capsys):
    """A chat's tab strip titled a table "Photos"; the maintainer set the title to the
    subjects' names, and a re-import must not put "Photos" back (a hotel's reviewer saw it
    come back while the rule that replaces the import's own titles was young)."""
    out = tmp_path / "ns.yaml"
    page = OFFICE / "games-Test Passes-Onboarding view.csv"
    assert main(["kb", "import", str(page), "-o", str(out)]) == 0
    data = yaml.safe_load(out.read_text("utf-8"))
    names = " vs ".join(s["name"] for s in data["subjects"])
    text = out.read_text("utf-8").replace(f"title: '{data['title']}'", f"title: {names}")
    out.write_text(text, "utf-8")
    assert main(["kb", "import", str(page), "-o", str(out)]) == 0
    assert yaml.safe_load(out.read_text("utf-8"))["title"] == names
    assert "the title written in the file is kept" in capsys.readouterr().err


def test_a_slides_pdf_text_is_titled_by_its_line_and_keeps_its_gist(tmp_path, capsys):
    """A hotel's slide as `pdftotext -layout` writes it: "In short: a pre-auth reserves the
    guest's money, a deposit takes it." under the table was cut at the columns into a row
    that then took "analogy for preauth"; the slide's title line lost to the file's name
    "Module4 Payments" (a reviewer, forty-fourth session)."""
    name = "hotel-payments-slide-pdftotext.txt"
    data = _imported(name)
    assert data["title"] == "Pre-authorisation vs Deposit – taking payment at check-in"
    assert data["summary"] == ["A pre-auth reserves the guest's money, a deposit takes it."]
    assert data["analogy"].startswith("Think of a pre-auth as leaving your coat")
    assert not any(row["feature"].startswith("In short") for row in data["rows"])
    assert "text above the table" not in _notes(name, tmp_path, capsys)  # (it is the title)
    assert data["subjects"][0]["aliases"] == ["pre-auth"]  # as the table writes it, not "PA"


def test_a_teams_chats_tab_strip_and_name_are_no_title():
    """A Teams group chat copied out: its name, then "Chat", "Files", "Photos" a line each;
    "Photos" titled every answer (a hotel's reviewer, forty-fourth session)."""
    data = _imported("hotel/no-show-vs-late-cancellation.txt")
    assert data["title"] == "No-show vs Late cancellation"
    assert len(data["rows"]) >= 8


def test_an_exchange_email_a_confluence_export_and_a_sharepoint_page_import(tmp_path, capsys):
    """A bank's three files as its tools save them (a reviewer, forty-fourth session): an
    Outlook email, whose folded Exchange headers hid its MIME-Version, was read as raw
    quoted-printable ("column 2 of the header names no subject"); Confluence's HTML export
    zip was refused, and the page's intro after its TL;DR panel was a summary point; a
    SharePoint page's "In a nutshell" and "Think of a parcel" headings held a summary and an
    analogy said to be missing."""
    email = _imported("bank-iso20022-outlook.eml")
    assert email["title"] == "ISO 20022 cheat sheet – MT103 vs pacs.008"
    assert "=" not in " ".join(cell for row in email["rows"] for cell in row["cells"])[-200:]
    rails = _imported("bank-payments-confluence-export.zip")
    assert [s["name"] for s in rails["subjects"]] == ["CHAPS", "Faster Payments (FPS)", "Bacs"]
    assert len(rails["summary"]) == 1 and rails["summary"][0].startswith("**CHAPS** is for")
    said = _notes("bank-payments-confluence-export.zip", tmp_path, capsys)
    assert "CHAPS-vs-Faster-Payments-vs-Bacs" in said and "the page in the zip" in said
    page = _imported("bank-reject-return-recall-sharepoint.html")
    assert page["summary"][0].startswith("A **reject** never settled.")
    assert page["analogy"].startswith("A **reject** is the courier refusing your parcel")


def test_a_google_sites_page_reads_the_table_in_its_saved_frame(tmp_path, capsys):
    """Google Sites shows a table only in an embedded frame, which the browser saves in the
    page's "_files" folder: the page was "no <table> found", and the frame imported alone
    lost the page's TL;DR and analogy ("Think of it like this" over it; a school's
    reviewer, forty-fourth session)."""
    name = "school-sites/Tech Services - Getting help.html"
    data = _imported(name)
    assert [s["name"] for s in data["subjects"]] == ["Help desk ticket", "Tech Hotline",
                                                     "Building tech"]
    assert data["summary"][0].startswith("If your class is stopped, call the hotline")
    assert data["analogy"].startswith("Think of a ticket as leaving a note in the office")
    assert "read the frame the page embeds in its place" in _notes(name, tmp_path, capsys)


def test_a_file_name_in_another_knowledge_file_is_no_word_its_table_uses(tmp_path, capsys):
    """"'MD', proposed here, is a word container-vs-kubernetes.yaml uses too": only its
    `source: container-vs-kubernetes.md` line said "md" (a school's reviewer)."""
    kb = tmp_path / "kb"
    kb.mkdir()
    shipped = OFFICE.parents[2] / "knowledge" / "container-vs-kubernetes.yaml"
    assert "source: container-vs-kubernetes.md" in shipped.read_text("utf-8")
    (kb / shipped.name).write_text(shipped.read_text("utf-8"), "utf-8")
    page = tmp_path / "drives.md"
    page.write_text("| Feature | My Drive | Shared drives |\n|---|---|---|\n"
                    "| Who owns the files | You | The team |\n| Storage | Yours | Pooled |\n"
                    "| Best for | Drafts | Department files |\n", "utf-8")
    assert main(["kb", "import", str(page), "-o", str(kb / "drives.yaml")]) == 0
    said = capsys.readouterr().err
    assert "MD" in yaml.safe_load((kb / "drives.yaml").read_text("utf-8"))["subjects"][0][
        "aliases"]  # (proposed, so the warning could have come)
    assert "'MD', proposed here" not in said


def test_a_tracked_change_note_says_which_rows_and_what_changed(tmp_path, capsys):
    """A colleague's suggestion ($25 -> $30 repair fee, not yet agreed) became the answer,
    and the note said only "2 tracked change(s) by Marcus Lee": the maintainer had to unzip
    the document to find it (a school's reviewer, forty-fourth session)."""
    said = _notes("school-chromebook-vs-laptop-gdoc.docx", tmp_path, capsys)
    assert ("2 tracked change(s) by Marcus Lee read as accepted, as Word shows them with No "
            "Markup (row 'When it breaks': '$25' -> '$30')") in said
    said = _notes("research-moving-data-draft.docx", tmp_path, capsys)
    assert "row 'Logging in': '7' -> '30'" in said and "row 'Largest file' deleted" in said


def test_a_procore_reports_record_numbers_title_prefix_and_export_stamp_are_no_names():
    """A Procore incident report exported to Excel (a record a line): its "Incident #"
    numbers 1, 2, 3 were the subjects, every title began "TRAINING - ", and the export
    stamp "Exported by Sam Whitfield on 03/03/2026 at 10:42 GMT" titled every answer (a
    construction company's reviewer, forty-fourth session)."""
    data = _imported("construction-procore-incidents.xlsx")
    assert [s["name"] for s in data["subjects"]] == ["Near miss", "First aid injury",
                                                     "RIDDOR reportable"]
    assert data["title"] == "Incidents - Custom Report: Incident types (induction reference)"


def test_a_forms_responses_sheet_reads_a_subject_a_line_without_who_answered(tmp_path, capsys):
    """A library's Google Form, "describe a tool", downloaded as CSV: four responses were
    read as rows named by their timestamps and the form's questions as twelve subjects,
    colleagues' e-mail addresses in every answer (a reviewer, forty-fourth session)."""
    name = "library-form-responses.csv"
    data = _imported(name)
    assert [s["name"] for s in data["subjects"]] == ["Scopus", "Web of Science",
                                                     "Google Scholar", "Dimensions"]
    text = yaml.safe_dump(data)
    assert "@northbridge.ac.uk" not in text and "Aoife Brennan" not in text
    assert data["summary"] and data["analogy"] and "Good for" in _cells(data)
    said = _notes(name, tmp_path, capsys)
    assert "'Timestamp', 'Email Address', 'Your name' say who answered the form" in said


def test_a_german_teams_chat_and_its_generic_heading_are_no_title():
    """German Teams copies its tabs as "Dateien" and "Fotos" and its time as "Gestern
    14:32", and the page's "Vergleich" heading ("comparison") titled every answer (a
    dispatch team's reviewer, forty-fourth session). The message's own first line, over the
    next with no empty line between, is (forty-sixth session)."""
    data = _imported("logistics-de/teams-hub-vs-direktfahrt.txt")
    assert data["title"] == "Hub-Umschlag vs Direktfahrt – wann nehmen wir was?"
    assert len(data["rows"]) >= 9


def test_four_products_a_line_under_a_corner_naming_them_read_a_subject_a_line():
    """A bank branch's sheet: "Account" over four current accounts, eight features across.
    Read the other way, the features were the subjects ("tl;dr monthly fee vs arranged
    overdraft ...") and "compare the overdrafts" found nothing (a reviewer, forty-fourth
    session); with three accounts it read right."""
    data = _imported("bank-current-accounts-across.xlsx")
    assert len(data["subjects"]) == 4 and "Monthly fee" in _cells(data)


def test_an_rtf_file_is_refused_with_how_to_save_it(tmp_path, capsys):
    """PowerPoint's "Save as Outline/RTF" got "no table found" with a list of markups (a
    bank branch's reviewer)."""
    page = tmp_path / "deck.rtf"
    page.write_bytes(b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Calibri;}} Standing order\\par}")
    assert main(["kb", "import", str(page)]) == 1
    assert "an RTF file: save it as .docx" in capsys.readouterr().err


def test_a_word_filtered_web_page_keeps_its_title_bullets_and_footnotes():
    """Word's "Web Page, Filtered" (a library's reviewer, forty-fourth session): its
    bullets keep the Symbol font's "·" without Word's list mark ("- · Green ..."), its
    numbered section "1. The three routes compared" titled the table over the document's
    title, and a footnote whose mark the source wraps after ("[1]" alone on a line) was
    lost."""
    data = _imported("library-open-access-word-filtered.htm")
    assert data["title"] == "Open Access at Northbridge: Green vs Gold vs Diamond"
    assert data["summary"][0].startswith("**Green** is free and always possible")
    said = " ".join(cell for row in data["rows"] for cell in row["cells"])
    assert "Rights Retention Strategy (Northbridge adopted rights retention in 2023" in said


def test_a_notebook_imports_from_its_markdown_cells_and_a_dbt_docs_block_loses_its_tags(
        tmp_path):
    """A retail data team's notebook imported its code cell's DataFrame output as the
    table and the notebook's raw JSON as the summary; its title "ETS vs LightGBM — what we
    decided and why" made "why" a name of the table; a dbt docs file ended its analogy with
    "{% enddocs %}" (a reviewer, forty-fourth session)."""
    data = _imported("retail-forecast-notebook.ipynb")
    assert [s["name"] for s in data["subjects"]] == ["ETS (statsforecast AutoETS)",
                                                     "LightGBM global model"]
    assert "How it works" in _cells(data) and '"cell_type"' not in yaml.safe_dump(data)
    (tmp_path / "kb").mkdir()
    (tmp_path / "kb" / "nb.yaml").write_text(yaml.safe_dump(data), "utf-8")
    from bot.knowledge import load_knowledge
    assert "why" not in load_knowledge(tmp_path / "kb").topics[0].title_words()
    dbt = _imported("retail-dbt-finance-docs.md")
    assert dbt["analogy"].endswith("after refunds and vouchers**.")
    empty = tmp_path / "empty.ipynb"
    empty.write_text('{"cells": [{"cell_type": "code", "source": ["df"]}], "nbformat": 4}')
    with pytest.raises(TableImportError, match="no table in the notebook's markdown cells"):
        import_table(empty, None)


def test_a_one_pagers_pdf_text_with_an_indented_table_and_boxes_side_by_side():
    """A charity's Canva one-pager as `pdftotext -layout` writes it: its title at the
    margin and its table two characters in ("no table found"), and under the table two
    boxes side by side, "THE SHORT VERSION" and "THINK OF IT LIKE…", read across as one
    garbled analogy, the summary lost (a reviewer, forty-fourth session)."""
    data = _imported("charity-one-pager-pdftotext.txt")
    assert [s["name"] for s in data["subjects"]] == ["Regular Volunteer", "Event Volunteer"]
    assert "DBS check" in _cells(data) and len(data["rows"]) >= 9
    assert data["summary"] == ["Regular = same time, same team, more training and more "
                               "support. Events = flexible, fun and no strings."]
    assert data["analogy"] == ("Regular volunteering is like a gym membership; event "
                               "volunteering is like a drop-in class.")


def test_a_numbers_workbooks_export_summary_sheet_is_passed_over(tmp_path, capsys):
    """Apple Numbers exports its own "Export Summary" sheet first: it was read, and the
    import said "no table found" (a hospital's service desk, forty-fourth session)."""
    said = _notes("hospital-ehr-downtime-numbers.xlsx", tmp_path, capsys)
    assert 'left out: "Export Summary"' in said


def test_an_outlook_messages_subject_line_is_no_title_and_a_long_lead_in_leaves_its_analogy():
    """An Outlook message saved as a web page (a dental front desk's reviewer, forty-fifth
    session): "**Subject: **PPO vs DHMO – check-in cheat sheet (please print)" titled every
    answer, bold marks and all; "If a patient is confused, this is what I say: think of ..."
    kept its lead-in in the analogy."""
    data = _imported("PPO vs DHMO – check-in cheat sheet.htm")  # as saved
    assert data["title"] == "PPO plan vs DHMO plan"
    assert data["analogy"].startswith("Think of a PPO as a **gym membership")
    from bot.tableimport import _comparing_line
    assert _comparing_line(["Subject: RE: FW: Pre-auth vs Deposit – front desk steps (pls "
                            "print)"], ["Pre-auth", "Deposit"]) == (
        "Pre-auth vs Deposit – front desk steps")


def test_a_whatsapp_chat_reads_its_table_message_and_its_tldr_and_analogy_messages():
    """A table typed into a WhatsApp group (no separator line: "no table found"), its tl;dr
    and analogy later messages among colleagues' replies; with a separator added, the rest of
    the chat became the analogy, names, timestamps and a remark about a patient with it (a
    dental front desk's reviewer, forty-fifth session)."""
    data = _imported("dental-whatsapp-cancel-noshow.txt")
    assert data["title"] == "Cancel vs Late cancel / No-show – front desk rules"
    assert [s["name"] for s in data["subjects"]] == ["Cancel (24h+ notice)",
                                                     "Late cancel (<24h) / No-show"]
    assert _cells(data)["Fee"] == ["No fee", "$50 hygiene appt / $100 doctor appt 1hr+, "
                                   "charged to card on file"]
    assert len(data["rows"]) == 8
    assert data["summary"] == ["24h notice = free, just rebook. Less than 24h or no show = fee "
                               "+ 1 strike, 3 strikes = dismissal letter"]
    assert data["analogy"].startswith("Think of a 24h cancel as *calling the restaurant")
    said = yaml.safe_dump(data)
    for chat in ("Rosa Delgado", "9:05 AM", "snows", "yelling", "deleted", "pinned"):
        assert chat not in said, chat


def test_an_android_chat_export_and_a_bare_pipe_table_read_as_a_page():
    from bot.chatexport import messages_as_paragraphs, pipe_lines_as_table
    chat = ("3/5/25, 9:03 AM - Rosa: Nurse vs Vet\nWhat | Nurse | Vet\nCost | Free | £52\n"
            "Length | 15 min | 20 min\n3/5/25, 9:04 AM - Sam: <Media omitted>\n"
            "3/5/25, 9:05 AM - Rosa: tl;dr nurse for jabs, vet for anything ill\n")
    page = messages_as_paragraphs(chat)
    assert page == ("Nurse vs Vet\nWhat | Nurse | Vet\nCost | Free | £52\nLength | 15 min | "
                    "20 min\n\ntl;dr nurse for jabs, vet for anything ill\n")
    assert "| What | Nurse | Vet |\n|---|---|---|\n| Cost | Free | £52 |" in pipe_lines_as_table(
        page)
    assert pipe_lines_as_table("a | b | c\nd | e | f\n") == ""  # two lines: no table
    plain = "Rosa: hi\n[not a time] x: y\n"
    assert messages_as_paragraphs(plain) == plain


@pytest.mark.parametrize("name", ["nursing-table-in-a-text-box", "law-share-vs-asset-precedent",
                                  "school-chromebook-vs-laptop-gdoc"])
def test_an_opendocument_text_imports_as_its_word_document_does(name):
    """LibreOffice saves .odt and Google Docs downloads it; it was refused with "save it as
    .docx" (Google Docs has no Save As: an airline's reviewer, forty-fifth session). Each
    fixture's .odt is LibreOffice's conversion of its .docx: a table in a text box, a house
    style's "Level 1" headings, tracked changes and comments; the facts come out the same."""
    from_word, from_odt = _imported(f"{name}.docx"), _imported(f"{name}.odt")
    for key in ("title", "subjects", "rows", "summary", "analogy"):
        assert from_odt.get(key) == from_word.get(key), key


def test_a_google_doc_downloaded_as_opendocument_reads_its_title_table_and_gist(tmp_path,
                                                                                 capsys):
    data = _imported("airline-pushback-gdoc.odt")
    assert data["title"] == "Pushback tractors: towbar vs towbarless"
    assert [s["name"] for s in data["subjects"]] == ["Towbar tractor", "Towbarless tractor (TBL)"]
    assert len(data["rows"]) == 9 and data["summary"] and data["analogy"]
    said = _notes("school-chromebook-vs-laptop-gdoc.odt", tmp_path, capsys)
    assert ("2 tracked change(s) by Marcus Lee read as accepted, as the document shows them "
            "without markup (row 'When it breaks': '$25' -> '$30')") in said  # as for Word
    assert "2 comment(s) in the document are in no answer" in said


def test_a_browsers_copy_of_a_table_with_lists_in_its_cells_keeps_every_row():
    """A Confluence page copied from Chrome puts each item of a cell's list on a line of its
    own, tabs only where a cell ends: "Typical examples" spanned ten lines, eight of the
    ten rows were lost and the others' cells said "—" (a NOC's reviewer, forty-fifth
    session)."""
    data = _imported("noc-incident-priorities-confluence-paste.txt")
    cells = _cells(data)
    assert list(cells) == ["What it means", "Typical examples", "Acknowledge within",
                           "Restore target", "Who to call", "Bridge call", "Customer comms",
                           "Post-incident review", "ServiceNow"]
    assert cells["Typical examples"][1] == ("One side of a protected ring down; One enterprise "
                                            "MPLS VPN down; 5–50 cell sites off air")
    assert cells["Typical examples"][2].endswith("; Customer asks for an outage report")
    assert len(data["summary"]) == 3


def test_an_outlook_copy_keeps_a_cells_bullets_and_second_paragraph():
    """Outlook's copy of a table writes a bulleted cell "•<tab>Photos of the damage", an item
    a line, and a cell's second paragraph on a line of its own: the import refused it ("two
    rows are named '•'"), and with the bullets deleted lost two rows and the paragraph "Cash
    at the discounted rate" without a word (an insurer's reviewer, forty-fifth session)."""
    cells = _cells(_imported("insurance-buildings-vs-contents-outlook-paste.txt"))
    assert len(cells) == 9 and "Accidental damage" in cells
    assert cells["Proof we ask for"][0] == ("Photos of the damage; Contractor or surveyor "
                                            "report; Proof of ownership for the property (Land "
                                            "Registry)")
    assert cells["How we settle"][1].endswith("; Cash at the discounted rate we would have "
                                              "paid, unless the item can’t be replaced like "
                                              "for like")
    assert cells["Standard excess"] == ["£250; Subsidence: £1,000", "£100"]


def test_a_slides_boxes_side_by_side_without_headings_give_the_summary_and_the_analogy():
    """`pdftotext -layout` of a slide whose "Key takeaway: ..." box sits beside its "Think of
    ..." box: the summary was the fragment "repairable write-offs; ..." and the analogy was
    lost; plain `pdftotext` was "no table found" with a list of formats (an insurer's
    reviewer, forty-fifth session)."""
    data = _imported("insurance-cat-s-vs-cat-n-slide-pdftotext.txt")
    assert data["summary"] == ["S = Structural, N = Non-structural. Both are repairable "
                               "write-offs; Cat A and Cat B never go back on the road."]
    assert data["analogy"] == ("Think of Cat S as a broken bone and Cat N as a bad bruise: both "
                               "heal, but the next owner wants to know about the bone.")
    with pytest.raises(TableImportError, match=r"pdftotext -layout FILE\.pdf FILE\.txt"):
        _imported("insurance-cat-s-vs-cat-n-slide-pdftotext-plain.txt")


def test_a_word_tables_caption_is_no_text_left_out(tmp_path, capsys):
    """"Table 1 – Fast-track vs Complex claims" under an insurer's table was reported as
    text in no answer (forty-fifth session): a caption says what the table is."""
    said = _notes("insurance-fast-track-vs-complex-review.docx", tmp_path, capsys)
    assert "Table 1" not in said and "text under the table" not in said
    assert "4 comment(s) in the document are in no answer" in said


def test_notions_export_wrapped_in_a_zip_of_its_parts_reads_its_page(tmp_path, capsys):
    """Notion's "Markdown & CSV" download is now a zip holding "ExportBlock-...-Part-1.zip":
    it was refused with "save as .docx" (an SRE team's reviewer, forty-fifth session)."""
    data = _imported("sre-oncall-notion-export-parts.zip")
    assert data["title"] == "On-call: Primary vs Secondary" and len(data["rows"]) == 9
    said = _notes("sre-oncall-notion-export-parts.zip", tmp_path, capsys)
    assert "read inside ExportBlock-7f3b2c1a-4e5d-4b6a-9c8d-0e1f2a3b4c5d-Part-1.zip" in said


def test_an_antora_pages_analogy_section_and_its_titles_noun():
    """An Antora page's "== Analogy" section over its paragraph gave the analogy "Analogy",
    and "= Liveness vs Readiness vs Startup probes" lost "probes", so "which probe should i
    use?" found nothing on probes (an SRE team's reviewer, forty-fifth session)."""
    data = _imported("sre-health-probes-antora.adoc")
    assert data["analogy"].startswith("Think of a restaurant kitchen. Liveness is the **fire")
    assert data["title"] == "Liveness vs Readiness vs Startup probes"
    from bot.proposals import subject_aliases
    assert "today" not in subject_aliases("Fluent Bit (today)", ["Vector (proposed)"])
    assert "proposed" not in subject_aliases("Vector (proposed)", ["Fluent Bit (today)"])


@pytest.mark.parametrize("name", ["kitchen-sanitizers-side-by-side.docx",
                                  "kitchen-sanitizers-stacked.docx",
                                  "kitchen-sanitizers-halves.docx"])
def test_tables_a_subject_each_or_laid_out_side_by_side_read_as_one_comparison(name):
    """A kitchen's SOP keeps its two sanitizers in two small tables side by side in a
    borderless one ("no table found ... a table in a picture"), or one under the other
    ("line 18: the table needs a row-name column"), or one comparison cut in two halves
    side by side (a restaurant group's reviewer, forty-fifth session)."""
    data = _imported(name)
    assert [s["name"].casefold() for s in data["subjects"]] == ["quat (oasis 146)",
                                                                "chlorine (bleach)"]
    cells = _cells(data)
    assert list(cells) == ["Strength", "Test strips", "Contact time", "Change bucket",
                           "Use on", "Never", "Gloves"]
    assert cells["Gloves"] == ["Not needed for wiping", "Yes, and goggles when you mix it"]


def test_an_opendocument_table_laying_out_two_tables_reads_them(tmp_path):
    """The same side by side in an .odt (Google Docs' download keeps the nested tables)."""
    import zipfile
    text = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    table = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"

    def inner(subject: str, values: list[str]) -> str:
        rows = [f"<table:table-row><table:table-cell table:number-columns-spanned='2'>"
                f"<text:p>{subject}</text:p></table:table-cell></table:table-row>"]
        rows += [f"<table:table-row><table:table-cell><text:p>{name}</text:p></table:table-cell>"
                 f"<table:table-cell><text:p>{value}</text:p></table:table-cell>"
                 "</table:table-row>" for name, value in zip(["Strength", "Gloves"], values,
                                                             strict=True)]
        return f"<table:table>{''.join(rows)}</table:table>"
    content = (f"<office:document-content xmlns:office='urn:oasis:names:tc:opendocument:xmlns:"
               f"office:1.0' xmlns:text='{text}' xmlns:table='{table}'><office:body>"
               "<office:text><text:h text:outline-level='1'>Quat vs Chlorine</text:h>"
               "<table:table><table:table-row><table:table-cell>"
               + inner("Quat", ["200 ppm", "Not needed"]) + "</table:table-cell>"
               "<table:table-cell>" + inner("Chlorine", ["50 ppm", "Yes"])
               + "</table:table-cell></table:table-row></table:table>"
               "</office:text></office:body></office:document-content>")
    path = tmp_path / "sanitizers.odt"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        package.writestr("content.xml", content)
    data = yaml.safe_load(import_table(path, None))
    assert [s["name"] for s in data["subjects"]] == ["Quat", "Chlorine"]
    assert _cells(data) == {"Strength": ["200 ppm", "50 ppm"], "Gloves": ["Not needed", "Yes"]}


def test_a_jira_issues_word_export_reads_its_description_table_not_its_fields():
    """Jira's "Export to Word" (HTML in a .doc) opens with the issue's field grids ("Status:
    | Done", "Type: | Spike | Priority: | Medium"): they were read as the table, "column 2 of
    the header names no subject" (a QA team's reviewer, forty-fifth session)."""
    data = _imported("QA-412.doc")  # as Jira names it
    assert data["title"] == "TestFlight vs Firebase App Distribution"
    assert len(data["rows"]) == 9 and data["rows"][0]["feature"] == "Platforms"
    assert data["analogy"].startswith("Think of TestFlight as **airport security**")


def test_a_google_sheet_published_in_a_sites_page_loses_its_grid_labels():
    """A Google Sites page embedding a published Google Sheet imported "ok" as "A vs B vs C vs
    D" with rows named 1 to 12, and its "Bottom line" heading's anchor left "###" as a point
    of the summary (a library's reviewer, forty-fifth session)."""
    data = _imported("library-sites/Rooms & Spaces - Riverside Library Staff Hub.html")
    assert [s["name"] for s in data["subjects"]] == ["Study Room", "Community Room",
                                                     "Makerspace"]
    assert data["rows"][0]["feature"] == "Who can book"
    assert data["summary"] and all("#" not in point for point in data["summary"])


def test_a_title_naming_the_subjects_takes_no_corner_cells_word():
    """A Google Doc titled "Cambro vs Hotel Pan" over a table whose corner says "Container"
    was titled "Container: Cambro vs Hotel pan", and then warned that "container" is the
    shipped table's (a restaurant group's reviewer, forty-fifth session)."""
    data = _imported("kitchen-cambro-vs-hotel-pan-gdoc.odt")
    assert data["title"] == "Cambro vs Hotel pan"
    assert len(data["rows"]) == 9


def test_a_status_column_of_traffic_light_emoji_is_the_teams_flag():
    """A Google Sheet's "Status" column of 🟢 🟡 🔴 was "Note: Status: 🟢" under every
    answer, where a "Red"/"Green" column is left out (a QA team's reviewer, forty-fifth
    session)."""
    said = import_table(OFFICE / "qa-ui-test-tools-gsheets.csv", None)
    assert "column(s) 'Status' are kept for the team" in said
    assert "\U0001f7e2" not in said.split("rows:", 1)[1]


def test_a_sheets_cell_comments_are_quoted_by_cell(tmp_path, capsys):
    """"3 cell comment(s) ... in no answer" sent an admissions office back to the sheet to
    find two rules staff must follow (forty-fifth session): each comment is named by its
    cell and first words, without a Google Sheets thread's "======" and "ID#..." lines."""
    said = _notes("admissions-rounds-gsheets.xlsx", tmp_path, capsys)
    assert ('3 cell comment(s) on the sheet are in no answer (B6 "Portal closes 11:59 pm in '
            'the applicant…"; D10 "Deposit extensions to May 15 need Dean…"; B9 "Is $400 '
            'still right for 2026? Bursar me…")') in said


def test_a_heading_a_pdfs_contents_list_names_too_is_no_running_head():
    """A Confluence page's PDF text lists its sections at the top ("In short", "Analogy"):
    each heading said twice was taken for a running head and left out, and the "In short"
    points with it (a QA team's reviewer, forty-fifth session). A head repeated where pages
    meet still goes."""
    data = _imported("qa-smoke-sanity-regression-confluence-pdftotext.txt")
    assert data["summary"] and data["summary"][0].startswith("Smoke: is the build testable")
    assert "Bright Smiles" not in import_table(OFFICE / "dental-insurance-pdf-copy.txt", None)


def test_an_apple_mail_message_reads_its_table_typed_with_runs_of_tabs_and_spaces():
    """A vet hospital's email as Apple Mail saves it (forty-sixth session): its HTML part
    holds the table typed with tabs as spans, and was refused ("column 3 of the header
    names no subject"); read from its plain part, the header typed with runs of tabs was
    refused too, and a row lined up with spaces put the dog's heart rate in the row's name
    and the cat's under DOG. Its folded, encoded subject titles it, decoded."""
    data = _imported("vet-dog-vs-cat-apple-mail.eml")
    assert data["title"] == "Dog vs cat recovery – what’s different (for the new starters)"
    assert [s["name"] for s in data["subjects"]] == ["Dog", "Cat"]  # not "DOG", "CAT"
    cells = _cells(data)
    assert len(cells) == 9
    assert cells["Heart rate"] == ["60–140 bpm (small dogs higher)", "140–220 bpm"]
    assert cells["Pain score"] == ["Glasgow CMPS-SF, every 2–4 h",
                                   "Feline Grimace Scale, every 2–4 h"]
    assert data["summary"][0].startswith("Cats – tube out early")


def test_a_slack_message_nesting_each_subject_under_its_row_reads_as_a_table():
    """A bank's Slack message (forty-sixth session): "• Examples" over "    ◦ Confidential:
    ..." and "    ◦ Restricted: ...", eight times, was "no table found"; its reactions, an
    emoji over its count, closed the analogy ("every visit. (edited) 7 3 1"); its first
    line, over the next with no empty line between, is its title."""
    data = _imported("bank-data-classification-slack.txt")
    assert data["title"] == "Data classification cheat sheet – Confidential vs Restricted"
    cells = _cells(data)
    assert len(cells) == 8
    assert cells["If it leaks / you spot it somewhere wrong"][1].startswith(
        "call the Security Operations hotline (x4444)")
    assert data["analogy"].endswith("with a log of every visit.")
    markdown = labelled_lines_as_markdown(
        "Our two queues\n- Cost\n  - SQS: per request\n  - Kafka: per broker\n"
        "- Ordering\n  - SQS: FIFO queues only\n  - Kafka: per partition\n"
        "- Replay\n  - SQS: no\n  - Kafka: yes, by offset\n\nThanks!\n")
    assert "| Ordering | FIFO queues only | per partition |" in markdown
    assert "| Feature | SQS | Kafka |" in markdown
    assert labelled_lines_as_markdown("- Cost\n  - SQS: per request\n  - Kafka: per broker\n"
                                      "Some words between\n- Ordering\n  - SQS: FIFO\n"
                                      "  - Kafka: partition\n- Replay\n  - SQS: no\n"
                                      "  - Kafka: yes\n") == ""  # not one run: no table


def test_an_evernote_note_is_titled_by_its_title_and_its_rule_of_thumb_is_the_summary():
    """A vet hospital's Evernote export (forty-sixth session): the note's <title> was never
    read (a note without a heading was titled by its file's name), and its "Rule of thumb:"
    paragraph under the table was text in no answer."""
    data = _imported("vet-iv-catheter-sites-evernote.enex")
    assert data["title"] == "IV catheter sites: Cephalic vs Lateral saphenous"
    assert len(data["rows"]) == 8
    assert data["summary"] == ["Cephalic first for nearly every patient; go to the saphenous "
                               "only when the front legs are out of action or you need to "
                               "save the cephalics."]
    assert data["analogy"].startswith("Think of the cephalic as the **front door**")


def test_a_flyers_tagline_under_its_column_heads_is_no_row_and_its_file_name_no_title():
    """A Canva flyer's text from `pdftotext -layout` (forty-sixth session): "keep it IN" and
    "keep it OUT" under "BARRIER NURSING" and "REVERSE BARRIER NURSING" were refused as a
    first row without a name, and "Barrier nursing flyer - A4" titled every answer."""
    data = _imported("vet/Barrier nursing flyer - A4.txt")
    assert data["title"] == "Barrier Nursing vs Reverse Barrier Nursing"
    cells = _cells(data)
    assert len(cells) == 9
    assert cells["Round order"] == ["Always LAST on your round", "Always FIRST on your round"]
    assert data["analogy"].startswith("Barrier nursing is a quarantine")
    from bot.spacedtable import spaced_table_as_markdown
    wrapped = spaced_table_as_markdown(
        "            Barrier            Reverse barrier\n"
        "                               nursing\n"
        "Who           Everyone else      This patient\n"
        "Where         Isolation ward     Clean ward\n"
        "Round         Last               First\n")
    assert "|  | Barrier | Reverse barrier nursing |" in wrapped


def test_a_dbt_docs_page_shows_its_raw_blocks_as_written():
    """A bank's dbt docs page (forty-sixth session): `{% raw %}{{ config(...) }}{% endraw %}`
    kept its raw tags in what the import said of the text under the table."""
    text = import_table(OFFICE / "bank-dbt-materializations.md", None)
    data = yaml.safe_load(text)
    assert [s["name"] for s in data["subjects"]] == ["view", "table", "incremental"]
    assert "e.g. `{{" in text and "{% raw" not in text


def test_a_pdf_table_whose_columns_shift_says_the_table_may_end_early():
    """A ServiceNow article's text from `pdftotext -layout` (a university service desk,
    forty-sixth session): its columns shifted from row to row, the table ended after four
    of its nine rows, and the import said nothing of the rows left under it."""
    text = import_table(OFFICE / "university-storage-servicenow-pdftotext.txt", None)
    assert "the table may end early: 6 lines under it still run in columns" in text


def test_a_google_keep_note_reads_its_lines_without_bullets_and_its_analogy_without_label():
    """A hotel's housekeeping note copied out of Google Keep (forty-sixth session): Keep has
    no bullets, so "Beds – Departure: ... | Stayover: ..." lines were "no table found"; its
    "Think of it like:" stayed in the analogy."""
    data = _imported("hotel-departure-vs-stayover-keep.txt")
    assert [s["name"] for s in data["subjects"]] == ["Departure", "Stayover"]
    assert len(data["rows"]) == 9
    assert _cells(data)["Time allowed"] == ["30 min (suites 45)", "15–20 min"]
    assert data["analogy"].startswith("A departure is a move-out clean")


def test_a_browser_printed_page_whose_table_is_hidden_says_how_to_get_it():
    """A hotel's intranet page printed from Chrome and made into text with `pdftotext
    -layout` (forty-sixth session): told "make it again with `pdftotext -layout`", which it
    had been, its maintainer went in a circle."""
    with pytest.raises(TableImportError, match="though it keeps its columns"):
        import_table(OFFICE / "hotel-room-status-chrome-pdftotext.txt", None)


def test_a_priority_code_in_brackets_is_proposed_and_an_everyday_word_beside_it_is_not():
    """An e-commerce support team's Confluence page as PDF text (forty-sixth session):
    "Urgent (P1)", "High (P2)", "Normal (P3)" were given the aliases Urgent, High and Normal,
    and "normal delivery time" went to ticket priorities from a shipping table; P1, P2, P3,
    the names the team says, were not proposed."""
    data = _imported("ecommerce-ticket-priorities-pdftotext.txt")
    aliases = {s["name"]: s.get("aliases", []) for s in data["subjects"]}
    assert aliases == {"Urgent (P1)": ["Urgent", "P1"], "High (P2)": ["P2"],
                       "Normal (P3)": ["P3"]}
    assert len(data["rows"]) == 8


def test_a_template_placeholder_in_a_cell_is_named_at_import():
    """A Zendesk macro copied as text (forty-sixth session): "money back within
    {{dc.return_window}}" was imported as a fact, and shown to newcomers as written."""
    text = import_table(OFFICE / "ecommerce-refund-vs-credit-zendesk-macro.txt", None)
    assert ("row 'When to offer it' says {{dc.return_window}}, a placeholder its tool fills "
            "in: write its value in") in text


def test_a_word_table_whose_first_column_groups_its_rows_names_each_row():
    """A warehouse's SOP template (forty-sixth session): an "Area" column merged down over
    each group's rows beside a column naming every row fused eight rows into three, and
    the names' column was a third subject; a sentence saying "report it as a near miss"
    under the table was the analogy, not the one under "Think of it like this"."""
    data = _imported("warehouse-near-miss-vs-accident-template.docx")
    assert [s["name"] for s in data["subjects"]] == ["Near miss", "Accident"]
    assert list(_cells(data))[:3] == ["Definition (What it is)",
                                      "Example on our site (What it is)",
                                      "Who reports it (Reporting)"]
    assert len(data["rows"]) == 8
    assert data["analogy"].startswith("Think of a near miss as the **smoke alarm going off**")


def test_a_status_column_left_out_names_the_rows_it_marks_red_or_amber():
    """A Smartsheet export (forty-sixth session): its Status column was left out without
    naming its Red row, "Max load", whose figure engineering had not confirmed."""
    text = import_table(OFFICE / "warehouse-mhe-quick-compare-smartsheet.xlsx", None)
    assert "rows 'Status' marks Yellow: Refresher, Charging / fuel; Red: Max load" in text


def test_a_subjects_short_name_that_is_a_rows_whole_name_is_not_proposed():
    """A water utility's Teams message (forty-seventh session): "Boil" was proposed for Boil
    Water Notice beside a row named "Boiling", so "how long to boil for" named the notice
    and got how long it lasts, not how long to boil."""
    data = _imported("water-boil-vs-dnd-teams.txt")
    boil = next(s for s in data["subjects"] if s["name"].startswith("Boil"))
    assert "Boiling" in _cells(data)
    assert "Boil" not in boil["aliases"] and "BWN" in boil["aliases"]


def test_a_google_docs_plain_text_download_is_refused_with_how_to_download_it():
    """An insurer's trainers (forty-seventh session): Google Docs' "Plain text" download
    writes a table's cells a line each; the refusal listed eleven formats and never said
    what to download instead."""
    with pytest.raises(TableImportError, match=r"From a Google Doc, download it as Word "
                                               r"\(\.docx\) or OpenDocument \(\.odt\)"):
        import_table(OFFICE / "insurance-decline-vs-void-gdoc-plain.txt", None)


def test_a_google_docs_footnote_and_comment_marks_are_read_as_the_doc_means_them():
    """The same doc with its rows a line each: Google writes a footnote "[1]Consumer ..."
    glued to its mark, and a comment's mark "[b]" in the cell with the comment at the end;
    the cell kept both marks and newcomers read "[b]"."""
    text = import_table(OFFICE / "insurance-decline-vs-void-gdoc-tabbed.txt", None)
    cells = _cells(yaml.safe_load(text))
    assert cells["Letter to use"][1] == "AV03 avoidance letter, drafted with Legal"
    assert "(CIDRA 2012) (Consumer Insurance (Disclosure and Representations) Act 2012." in (
        cells["When we use it"][1])
    assert "1 comment mark(s) left out of the cells" in text
    assert "[b]" not in text.split("note: 1 comment")[1].split("\n", 1)[1]


def test_a_pdf_forms_dense_lines_are_cut_where_their_cells_begin():
    """A research ethics office's form as `pdftotext -layout` writes it (forty-seventh
    session): on a full line it closes two cells up to one space and pulls the second left
    ("Only the PI and people named Anyone who sees the file"); the import wrote "Anyone" into
    the coded-data cell, a privacy error, and lost five of nine rows where the next line's
    cells sat off their columns."""
    data = _imported("ethics-data-categories-form-pdftotext.txt")
    cells = _cells(data)
    assert len(cells) == 9
    assert cells["Who can link data to a person"] == [
        "Nobody", "Only the PI and people named on the protocol who hold the key",
        "Anyone who sees the file"]
    assert cells["Can a participant withdraw their data?"][2] == (
        "Yes, at any time before publication")
    assert cells["If a file is lost or stolen"][2] == (
        "Report to the REO and the Privacy Office within 24 hours")


def test_a_forwarded_emails_file_name_titles_no_table_with_its_fwd():
    """Gmail names a downloaded forward "Fwd_ Medicare vs Medicaid cheat sheet.eml": every
    answer was signed "(Fwd Medicare vs Medicaid cheat sheet)" (a hospital's registration
    leads, forty-seventh session)."""
    data = _imported("Fwd_ Medicare vs Medicaid cheat sheet.eml")
    assert not data["title"].lower().startswith("fwd")
    assert "Medicare" in data["title"] and "Medicaid" in data["title"]


def test_a_deck_drawn_with_text_boxes_keeps_its_title_and_its_notes_analogy():
    """A research ethics office's deck whose titles and notes are plain text boxes, not
    placeholders (forty-seventh session): it was titled from its file's name, its "(cont.)"
    title was text in no answer and the analogy in its notes was lost."""
    text = import_table(OFFICE / "ethics-review-levels-text-boxes.pptx", None)
    data = yaml.safe_load(text)
    assert "read slides 3, 4 ('Exempt vs Expedited vs Full Board review')" in text
    assert data["analogy"].startswith("Think of it like building permits")
    assert "(cont.)" not in text


def test_a_legend_under_a_tick_table_is_written_into_its_cells():
    """A research ethics office's consent guidance (forty-seventh session): "✓*" meant "yes,
    but only if the REB approves it", said only by the legend under the table, and a
    newcomer read a bare tick as yes."""
    text = import_table(OFFICE / "ethics-consent-ticks-legend.docx", None)
    cells = _cells(yaml.safe_load(text))
    assert "✓* (yes, but only if the REB approves it in your application)" in [
        c for row in cells.values() for c in row]
    assert "✗ (no)" in [c for row in cells.values() for c in row]
    assert "the legend (✓ = yes; ✗ = no; ✓* = yes" in text
    assert "Legend:" not in text


def test_a_french_desks_sheet_and_pdf_text_read_their_stamps_labels_and_wrapped_names():
    """A customs desk writing English with French terms (forty-seventh session): its sheet's
    "Mis à jour le 14/03/2025" stamp titled every answer and its "En bref / TL;DR:" row
    was a ninth Incoterm; its Confluence page's text split "Caution" / "(guarantee)" into
    two rows, each cell cut in half, and put "Page 1 sur 2" into a cell."""
    sheet = _imported("customs-incoterms-one-a-row.xlsx")
    assert not sheet["title"].startswith("Mis à jour")
    assert sheet["summary"][0].startswith("E and F: the buyer organises the main transport")
    assert not any(name.startswith("En bref") for name in _cells(sheet))
    page = _cells(_imported("customs-regimes-confluence-pdftotext.txt"))
    assert "Caution (guarantee)" in page and "(guarantee)" not in page
    assert page["Délai (time limit)"][1] == (
        "Set by the office of departure, usually 8 days by road")


def test_a_confluence_pages_pdf_text_with_its_table_indented_and_a_header_over_three_lines():
    """The customs desk's page as `pdftotext -layout` made it: its table a column in from
    the page's text and one subject's name wrapped over three lines; refused with "the
    table's first row has no name in its first column"."""
    text = import_table(OFFICE / "customs-regimes-confluence-pdftotext-as-made.txt", None)
    data = yaml.safe_load(text)
    assert [s["name"] for s in data["subjects"]][0] == (
        "Mise en libre pratique (release for free circulation)")
    assert "Caution (guarantee)" in _cells(data)
    assert "the table may end early" in text  # page 2's rows, shifted three columns


def test_a_documents_title_names_its_table_over_a_question_heading():
    """A council's contact centre (forty-seventh session): its Word guide's title, "Bin guide
    for advisers", is what people call it; the section heading over the table, "Which bin
    does it go in?", titled every answer and "show me the bin guide" found nothing."""
    assert _imported("council-bin-guide-question-heading.docx")["title"] == (
        "Bin guide for advisers")


def test_a_notion_database_of_knives_under_name_reads_a_knife_a_subject():
    """A Notion export's database keeps a record a line under Notion's default title column
    "Name": four knives over seven features were read as seven subjects ("How to hold it")
    compared on four rows, and `help` offered "tl;dr blade length vs best for" (a kitchen's
    reviewer, forty-eighth session). "Chef's" is no short name of Chef's knife: a chef is
    someone in the kitchen."""
    folder = OFFICE / "kitchen-knives-notion"
    data = yaml.safe_load(import_table(next(folder.glob("Knife guide*.md")), None))
    subjects = data["subjects"]
    assert [s["name"] for s in subjects] == ["Chef’s knife", "Santoku", "Paring knife",
                                             "Bread knife"]
    assert "Chef’s" not in subjects[0].get("aliases", [])
    assert _cells(data)["How to hold it"][2].startswith("In the hand, blade towards you")
    assert data["summary"][0].startswith("Your chef’s knife does 80% of the work")
    assert "hammer" in data["analogy"]


def test_a_chat_typing_a_row_a_message_reads_as_one_table_and_leaves_the_replies_out():
    """On a phone a comparison is typed a row a message, "*Fridge temps*" over "Opening:"
    and "Closing:" lines, or "*Deliveries* – Opening: ... | Closing: ...", with colleagues'
    replies between: the kitchen's WhatsApp group was "no table found", and the note quoted
    WhatsApp's own "Messages and calls are end-to-end encrypted" line."""
    for name in ("kitchen-whatsapp-a-row-a-message.txt", "kitchen-whatsapp-a-line-a-message.txt"):
        data = _imported(name)
        assert [s["name"] for s in data["subjects"]] == ["Opening", "Closing"], name
        assert list(_cells(data))[:3] == ["Start / finish", "Fridge temps", "Deliveries"]
        assert len(data["rows"]) == 8
        assert _cells(data)["Prep list"][1].startswith("write tomorrow's prep list")
        assert data["analogy"].startswith("Think of it like a relay race")
        said = yaml.safe_dump(data)
        for reply in ("bins as well", "see below", "Marco", "21:15", "encrypted"):
            assert reply not in said, (name, reply)
    assert _imported("kitchen-whatsapp-a-row-a-message.txt")["title"] == (
        "Opening vs Closing shift")


def test_whatsapps_own_lines_are_never_quoted_as_text_left_out(tmp_path, capsys):
    said = _notes("kitchen-whatsapp-a-row-a-message.txt", tmp_path, capsys)
    assert "text above the table" in said
    assert "encrypted" not in said and "created group" not in said


def test_a_handbooks_pdf_text_keeps_its_rows_past_page_twos_running_head():
    """pdftotext spaces a running head's halves as each page leaves room: page 2's head was
    not seen as the repeat it is, the table ended there and four of eight rows were lost,
    and "What it can be used for" swallowed "Notice", cells and all (a school district's
    reviewer, forty-eighth session). A number's wrapped hyphen joins: "12-month"."""
    data = _imported("school-leaves-handbook-pdftotext.txt")
    assert list(_cells(data)) == ["How much you get", "Carryover", "What it can be used for",
                                  "Notice", "Approval", "Documentation", "Pay",
                                  "Frontline reason code"]
    assert _cells(data)["Notice"][0].startswith("Enter the absence in Frontline by 6:00 a.m.")
    assert _cells(data)["What it can be used for"][1].endswith("listed in your contract.")
    assert "12-month employees" in _cells(data)["How much you get"][0]
    assert "Maple Valley" not in yaml.safe_dump(data["rows"])


def test_an_accounting_zero_and_a_header_typed_over_two_lines_read_as_the_sheet_shows_them():
    """Excel's Accounting format shows a zero as a dash set apart ("$ -"): the import wrote
    "$-0" on the premium newcomers ask about most, and a header typed with Alt+Enter read
    "Monthly premium; (employee only)" in every answer. A sheet that uses the built-in
    format 44 without declaring it showed bare numbers ("112.4")."""
    for name in ("school-medical-plans-accounting.xlsx",
                 "school-medical-plans-format-44-undeclared.xlsx"):
        cells = _cells(_imported(name))
        assert cells["Monthly premium (employee only)"] == ["$0.00", "$112.40"], name
    from bot.excelfile import as_shown
    assert as_shown(0, '0 "hrs";-0;"–"') == "–"  # a dash the sheet chose stays


def test_an_outlook_mails_sentence_saying_vs_is_no_title():
    """"Following last week's EHO visit at Ancoats, here's the hot vs cold holding comparison
    for the new starters' pack." names both subjects, but a clause of a sentence is no
    title; a chat line's "OPENING vs CLOSING shift, read this before Saturday" is."""
    data = _imported("kitchen-hot-vs-cold-holding-outlook.eml")
    assert "here" not in data["title"] and "pack" not in data["title"]
    assert [s["name"] for s in data["subjects"]] == ["Hot holding", "Cold holding"]
    assert len(data["rows"]) == 8


def test_a_documents_comments_are_quoted_not_only_counted(tmp_path, capsys):
    """A Google Doc downloaded as .odt: "DRAFT - please don't share outside HR until Sandra
    signs off", a comment on its title, was only counted ("4 comment(s)"), where a
    workbook's comments are quoted by cell (a school district's reviewer, forty-eighth
    session)."""
    said = _notes("school-staff-types-gdoc-suggestions.odt", tmp_path, capsys)
    assert "4 comment(s) in the document are in no answer (\"DRAFT - please don" in said
    assert "read them before sharing the table" in said


def test_a_files_tool_name_is_no_title():
    """A Trello card copied into "trello-lost-damaged-claims-returned.txt" titled every
    answer "Trello lost damaged claims returned: Lost vs Damaged vs Claims returned" (a
    library's reviewer, forty-eighth session): the tool a file came from says nothing of it."""
    data = _imported("library-trello/trello-lost-damaged-claims-returned.txt")
    assert data["title"] == "Lost vs Damaged vs Claims returned"
    assert [s["name"] for s in data["subjects"]] == ["Lost", "Damaged", "Claims returned"]


def test_a_degree_sign_stays_in_a_row_name():
    """"Holdover time (light snow, -3 °C)" read "-3 C" in every answer and in help: the sign
    was dropped with the emoji (a ramp team's European Excel CSV, forty-eighth session)."""
    data = _imported("ramp-deicing-excel-eu.csv")
    assert "Holdover time (light snow, -3 °C)" in _cells(data)


def test_a_plain_text_reply_reads_the_table_it_quotes_without_its_quote_marks():
    """A Thunderbird reply (format=flowed) quoting a colleague's tab-separated table kept
    "> " in its title, every row name and mid-cell, "60 > days from date of service", and
    `kb check` said ok (a dental billing office's reviewer, forty-eighth session)."""
    data = _imported("dental-billing-thunderbird-reply.eml")
    assert data["title"] == "Primary vs Secondary insurance (coordination of benefits)"
    assert len(data["rows"]) == 8
    assert _cells(data)["Timely filing"] == [
        "Per payer, 90 days to 1 year from date of service", "60 days from date of service"]
    assert ">" not in yaml.safe_dump(data["rows"]) + data["title"]
    assert data["analogy"].startswith("Think of it like splitting a dinner bill")


def test_a_slide_drawn_as_two_text_boxes_side_by_side_reads_as_a_table():
    """An Impress slide with a text box a subject, "Incident report (form IR1)" over "When:
    ...", "Where: ..." lines, was refused as "no table on any slide" (a bus operator's
    driver trainers, forty-eighth session): the boxes are the table's columns."""
    data = _imported("bus-paperwork-boxes-side-by-side.pptx")
    assert data["title"] == "Incident report vs defect card"
    assert [s["name"] for s in data["subjects"]] == ["Incident report (form IR1)",
                                                     "Defect card (DC3)"]
    assert list(_cells(data))[:3] == ["What it's for", "When", "Where"]
    assert len(data["rows"]) == 7
    assert _cells(data)["If you forget"][1].startswith("Next driver may take a faulty bus")
    assert data["summary"][0].startswith("If it happened TO the bus")
    assert data["analogy"].startswith("Think of the incident report as the accident book")


def test_an_other_name_is_proposed_without_its_quotes_and_never_as_the_name_again():
    """A letter's 'Pre-treatment estimate (also called predetermination or "pre-D")' gave
    the aliases '"pre-D"', quotes and all, and "pre-treatment estimate", the name again (a
    dental billing office's reviewer, forty-eighth session)."""
    data = _imported("dental-welcome-letter-text-box.docx")
    assert data["subjects"][0]["name"] == "Pre-treatment estimate"
    assert data["subjects"][0]["aliases"] == ["Predetermination", "pre-D"]
