"""Makes six of the Word, Excel and PowerPoint files `tests/test_officefile.py` imports, as office
software writes them. The others (retail-*, bank-*, research-*, law-*, games-*,
airline-*, plant-*, admissions-*, logistics-*, nursing-*, food-*) were made by the
forty-second and forty-third sessions' blind reviewers as their teams' tools save
them: LibreOffice from flat ODF, with content controls, tracked changes, comments and
footnotes put into the XML as Word and Google Docs write them. Not run by the tests
(they read the files committed beside this one); run it by hand with LibreOffice
(`apt-get install libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui`)
and `pip install python-docx openpyxl python-pptx` to remake them:

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


def slide_deck() -> None:
    """python-pptx writes PowerPoint's own default template: a trainer's deck whose
    comparison runs over two slides (its header row repeated, "(cont.)" in the title), with
    a title slide and an agenda before it, speaker notes, a text box holding the summary, a
    hidden slide's table and another slide's table that compares nothing. LibreOffice
    Impress then saves the same deck as Google Slides and Keynote users' tools would (its
    own markup for the same slides)."""
    from pptx import Presentation
    from pptx.util import Inches, Pt

    deck = Presentation()
    cover = deck.slides.add_slide(deck.slide_layouts[0])
    cover.shapes.title.text = "Card products: new starter training"
    cover.placeholders[1].text = "Branch customer service, week 1"
    agenda = deck.slides.add_slide(deck.slide_layouts[1])
    agenda.shapes.title.text = "Agenda"
    agenda.placeholders[1].text = "Debit and prepaid cards\nFees\nQuestions"
    rows = [("Feature", "Debit card", "Prepaid card"),
            ("Linked to", "The customer's current account.", "No account: a balance loaded in advance."),
            ("Credit check", "Yes, when the account is opened.", "None."),
            ("Overdraft", "Possible if the account has an arranged overdraft.", "Never: it stops at zero."),
            ("Who it suits", "Customers with a current account.", "Teenagers, travellers and anyone budgeting."),
            ("Lost card", "Freeze it in the app; a new card in 3-5 days.", "Freeze it; the balance moves to the new card."),
            ("Fees", "None for everyday use.", "A load fee at some shops; a monthly fee on some plans.")]
    for title, part in (("Debit card vs Prepaid card", rows[:5]),
                        ("Debit card vs Prepaid card (cont.)", rows[:1] + rows[5:])):
        slide = deck.slides.add_slide(deck.slide_layouts[5])
        slide.shapes.title.text = title
        frame = slide.shapes.add_table(len(part), 3, Inches(0.5), Inches(1.5), Inches(9),
                                       Inches(0.6 * len(part)))
        for r, row in enumerate(part):
            for c, value in enumerate(row):
                frame.table.cell(r, c).text = value
                frame.table.cell(r, c).text_frame.paragraphs[0].runs[0].font.size = Pt(14)
        if title.endswith("(cont.)"):
            box = slide.shapes.add_textbox(Inches(0.5), Inches(6), Inches(9), Inches(1))
            box.text_frame.text = ("Summary: a debit card spends the customer's own account; "
                                   "a prepaid card spends only what was loaded onto it.")
        slide.notes_slide.notes_text_frame.text = ("Think of a debit card as a key to the "
                                                   "customer's account, and a prepaid card "
                                                   "as a gift card they top up.")
    fees = deck.slides.add_slide(deck.slide_layouts[5])
    fees.shapes.title.text = "Fees at a glance"
    table = fees.shapes.add_table(3, 3, Inches(0.5), Inches(1.5), Inches(9), Inches(2)).table
    for r, row in enumerate((("Fee", "Amount", "When"), ("Replacement card", "£5", "After the first"),
                             ("ATM abroad", "2.75%", "Each withdrawal"))):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    hidden = deck.slides.add_slide(deck.slide_layouts[5])
    hidden.shapes.title.text = "Old tariff (do not use)"
    old = hidden.shapes.add_table(2, 3, Inches(0.5), Inches(1.5), Inches(9), Inches(1)).table
    for c, value in enumerate(("Feature", "Debit card", "Prepaid card")):
        old.cell(0, c).text = value
    hidden._element.set("show", "0")
    deck.save(HERE / "bank-debit-vs-prepaid-deck.pptx")
    subprocess.run(["soffice", "--headless", "--convert-to", "odp",
                    "bank-debit-vs-prepaid-deck.pptx", "--outdir", "/tmp"], cwd=HERE, check=True,
                   capture_output=True)
    subprocess.run(["soffice", "--headless", "--convert-to", "pptx:Impress MS PowerPoint 2007 XML",
                    "/tmp/bank-debit-vs-prepaid-deck.odp", "--outdir", "/tmp/impress"],
                   check=True, capture_output=True)
    (HERE / "bank-debit-vs-prepaid-impress.pptx").write_bytes(
        Path("/tmp/impress/bank-debit-vs-prepaid-deck.pptx").read_bytes())


if __name__ == "__main__":
    libreoffice("vacation-vs-sick-leave.html", "docx:MS Word 2007 XML")
    libreoffice("support-tiers.csv", "xlsx")
    word_with_merges()
    excel_with_formats()
    slide_deck()
