"""Makes four of the Word and Excel files `tests/test_officefile.py` imports, as office
software writes them. The others (retail-*, bank-*, research-*, law-*, games-*,
airline-*, plant-*, admissions-*, logistics-*, nursing-*, food-*) were made by the
forty-second and forty-third sessions' blind reviewers as their teams' tools save
them: LibreOffice from flat ODF, with content controls, tracked changes, comments and
footnotes put into the XML as Word and Google Docs write them. Not run by the tests
(they read the files committed beside this one); run it by hand with LibreOffice
(`apt-get install libreoffice-writer-nogui libreoffice-calc-nogui`) and `pip install
python-docx openpyxl` to remake them:

    python tests/data/office/make_fixtures.py
"""

import copy
import datetime
import subprocess
from pathlib import Path

HERE = Path(__file__).parent


def libreoffice(source: str, target: str) -> None:
    """LibreOffice's own Word and Excel writers: what a Google Docs or LibreOffice user
    downloads."""
    subprocess.run(["soffice", "--headless", "--convert-to", target, source], cwd=HERE,
                   check=True, capture_output=True)


def word_with_merges() -> None:
    """python-docx writes Word's own default template (its styles.xml is Word's): a Title,
    Heading 1, List Bullet, a cell spanning both subjects, a row name merged down over two
    rows, a tracked deletion and a footer, each of which the import must read or skip."""
    import docx
    from docx.oxml.ns import qn

    document = docx.Document()
    document.add_paragraph("On-Call vs Business Hours Support", style="Title")
    document.add_paragraph("Maintained by the SRE team.")
    table = document.add_table(rows=6, cols=3)
    table.style = "Table Grid"
    cells = [("Area", "On-Call", "Business Hours"),
             ("Hours", "Any time, weekends and holidays included.",
              "09:00-17:30, Monday to Friday."),
             ("Response", "Page acknowledged within 5 minutes.",
              "Ticket picked up within 4 hours."),
             ("Pay", "A stipend per week on the rota, plus time off in lieu.", ""),
             ("Escalation", "Straight to the incident commander.", "Through the team lead."),
             ("Handover", "A written handover every Monday at 10:00.", "")]
    for r, row in enumerate(cells):
        for c, text in enumerate(row):
            paragraph = table.cell(r, c).paragraphs[0]
            if r == 0 or c == 0:
                for part in (text[:2], text[2:]):  # one word in two runs, as Word splits it
                    paragraph.add_run(part).bold = True
            else:
                paragraph.add_run(text)
    table.cell(3, 1).merge(table.cell(3, 2))  # the same for both: one cell across
    table.cell(3, 1).paragraphs[0].runs[0].text = "No extra pay; both are part of the role."
    table.cell(5, 1).merge(table.cell(5, 2))
    deleted = table.cell(4, 1).paragraphs[0]._p  # a tracked change: the old text deleted
    change = deleted.makeelement(qn("w:del"), {qn("w:id"): "1", qn("w:author"): "Sam"})
    run = copy.deepcopy(deleted.find(qn("w:r")))
    run.find(qn("w:t")).tag = qn("w:delText")
    run.find(qn("w:delText")).text = "Straight to the CTO. "
    change.append(run)
    deleted.insert(1, change)
    document.add_paragraph("Summary", style="Heading 1")
    document.add_paragraph("On-call covers outages that cannot wait.", style="List Bullet")
    document.add_paragraph("Business hours covers everything that can.", style="List Bullet")
    document.add_paragraph("Think of on-call as the fire brigade, and business hours as the "
                           "building's maintenance desk.")
    document.sections[0].footer.paragraphs[0].text = "Uncontrolled when printed"
    document.save(HERE / "on-call-vs-business-hours.docx")


def excel_with_formats() -> None:
    """openpyxl: a notes sheet before the table, a merged title, numbers formatted as
    dollars, percentages, dates and euros, and a hidden lookup sheet."""
    import openpyxl
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook()
    workbook.active.title = "Read me"
    workbook.active["A1"] = "Owner: Finance Ops. Ask in #finance-help."
    sheet = workbook.create_sheet("Comparison")
    sheet["A1"] = "Corporate Card vs Reimbursement"
    sheet["A1"].font = Font(bold=True, size=16)
    sheet.merge_cells("A1:C1")
    rows = [("Aspect", "Corporate Card", "Reimbursement"),
            ("Spending limit", 5000, 1500),
            ("Approval rate", 0.995, 0.87),
            ("Policy since", datetime.date(2024, 3, 1), datetime.date(2019, 1, 15)),
            ("Who pays", "The company, directly", "You, then the company pays you back"),
            ("Receipts", "Upload in Expensify within 7 days", "Attach to the claim"),
            ("Fee", 0.0, 2.5)]
    for r, row in enumerate(rows, start=3):
        for c, value in enumerate(row, start=1):
            sheet.cell(r, c, value).font = Font(bold=r == 3 or c == 1)
    for c in (2, 3):
        sheet.cell(4, c).number_format = '"$"#,##0'
        sheet.cell(5, c).number_format = "0.0%"
        sheet.cell(6, c).number_format = "yyyy-mm-dd"
        sheet.cell(9, c).number_format = "[$€-407] #,##0.00"
    sheet["A11"] = "Summary"
    sheet["B11"] = "Use the card for planned spend; claim back what you paid yourself."
    hidden = workbook.create_sheet("Lookup")
    for c, value in enumerate(("code", "limit", "owner"), start=1):
        hidden.cell(1, c, value)
    hidden.sheet_state = "hidden"
    workbook.save(HERE / "corporate-card-vs-reimbursement.xlsx")


if __name__ == "__main__":
    libreoffice("vacation-vs-sick-leave.html", "docx:MS Word 2007 XML")
    libreoffice("support-tiers.csv", "xlsx")
    word_with_merges()
    excel_with_formats()
