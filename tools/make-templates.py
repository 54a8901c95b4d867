#!/usr/bin/env python3
"""Generate the course's downloadable templates and the trainer kit's data files.

Writes, under content/assets/:
  templates/success-plan-canvas.xlsx     canvas, with Northgate as a filled example
  templates/health-score-worksheet.xlsx  weights, bands and scores, all as formulas
  templates/pilot-tracker.xlsx           one row per customer with its pair, summary, change log
  templates/segmentation-sheet.xlsx      entry rules, proposed segment, coverage sums
  templates/renewal-forecast.xlsx        renewals by rating and stage, GRR and NRR
  templates/churn-review.xlsx            losses by root cause, product feedback log
  templates/RACI-table.csv               who does what, per activity and department
  templates/stakeholder-map.csv          people, roles, stance, relationship, gaps
  templates/business-case.docx           the one-page business case
  templates/onboarding-checklist.docx    the eleven-step checklist with owners and days
  templates/pilot-plan.docx              the capstone plan: sections, pairs, self-assessment
  trainer-kit/segmentation-30-customers.csv  the 30-customer list for Part 3
  trainer-kit/mock-pilot-tracker.csv         six pilot clinics at week six, for Part 5
  trainer-kit/accreditation-register.csv     the trainer's record of sessions and levels
  trainer-kit/coaching-log.csv               cases and commitments of group coaching

The Markdown templates and kit files beside them are written by hand.

Run it from the repository root, after installing the two libraries it uses:

    python3 -m venv .venv && .venv/bin/pip install openpyxl==3.1.5 python-docx==1.2.0
    .venv/bin/python tools/make-templates.py

The output is reproducible: document properties carry a fixed date and every
file inside the XLSX and DOCX archives gets the same fixed timestamp, so a
rerun gives byte-identical files (check with `git status`).
"""

import csv
import io
import re
import tomllib
import zipfile
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.formula import ArrayFormula

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "content" / "assets" / "templates"
KIT = ROOT / "content" / "assets" / "trainer-kit"

# One fixed moment for every timestamp we write, so reruns match byte for byte.
FIXED = datetime(2026, 1, 1, 0, 0, 0)
AUTHOR = "The Path to Outcome-based Customer Success"

BOLD = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="DDE7F0")
WRAP = Alignment(wrap_text=True, vertical="top")


# ---------------------------------------------------------------- helpers


def normalise_archive(path):
    """Rewrite a zip so entry timestamps and any stray 'now' dates are fixed."""
    data = path.read_bytes()
    out = io.BytesIO()
    stamp = FIXED.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(
        out, "w", zipfile.ZIP_DEFLATED
    ) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "docProps/core.xml":
                # openpyxl stamps the save time into 'modified' whatever we set.
                text = body.decode("utf-8")
                text = re.sub(
                    r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)",
                    rf"\g<1>{stamp}\g<2>",
                    text,
                )
                body = text.encode("utf-8")
            info = zipfile.ZipInfo(item.filename, date_time=FIXED.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, body)
    path.write_bytes(out.getvalue())


def save_workbook(wb, name, title):
    wb.properties.creator = AUTHOR
    wb.properties.lastModifiedBy = AUTHOR
    wb.properties.title = title
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    path = TEMPLATES / name
    wb.save(path)
    normalise_archive(path)


def save_document(doc, name, title):
    props = doc.core_properties
    props.author = AUTHOR
    props.last_modified_by = AUTHOR
    props.title = title
    props.created = FIXED
    props.modified = FIXED
    props.revision = 1
    path = TEMPLATES / name
    doc.save(path)
    normalise_archive(path)


def write_csv(path, rows):
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def header(ws, row, values, widths=None):
    for col, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=col, value=value)
        cell.font = BOLD
        cell.fill = HEAD_FILL
        cell.alignment = WRAP
    if widths:
        for col, width in enumerate(widths, start=1):
            ws.column_dimensions[ws.cell(row=1, column=col).column_letter].width = width


def note(ws, row, text):
    cell = ws.cell(row=row, column=1, value=text)
    cell.font = Font(italic=True)
    return cell


# ---------------------------------------------------------------- success plan canvas

CANVAS_SECTIONS = [
    ("Customer highlights", "Sector, size, sites, staff; sponsor, project lead, CSM"),
    ("Objectives (one to three)", "Business results the customer wants, in their words"),
    ("Key challenges", "What stands in the way today"),
    ("Key benefits", "Gains for the customer (not features)"),
    ("Milestones: what, owner, date", "Three to five per objective, owners on both sides"),
    ("Success criteria: one sentence", "What the sponsor would say when it has worked"),
    ("Measures: KPI, baseline, target, date", "Every measure with a baseline"),
    ("Next review date", ""),
    ("Last updated: by whom, when", ""),
]

NORTHGATE_CANVAS = [
    "Physiotherapy, 3 clinics, 45 staff, founded 2011; sponsor: operations director; "
    "lead: practice manager; CSM: Marcus",
    "Raise revenue per practitioner by filling more slots; open a fourth clinic next year",
    "14% no-show rate; reception swamped by phone bookings; diaries kept in two systems",
    "Patients confirm or cancel ahead, so freed slots are refilled; patients book out of "
    "hours without calling; no more double bookings across the three clinics",
    "1 March: diaries migrated (practice manager). 1 April: online booking live (CSM and "
    "practice manager). 1 May: first no-show review (CSM). 30 June: no-show target review "
    "(CSM and operations director)",
    '"Our diaries are full and patients turn up."',
    "No-shows from 14% to 8% by 30 June; slot use from 71% to 85% by 30 September; "
    "phone bookings down 40%",
    "1 May",
    "Marcus, 1 February",
]


def success_plan_canvas():
    wb = Workbook()
    ws = wb.active
    ws.title = "Canvas"
    ws["A1"] = "Success plan canvas"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = "Customer:"
    ws["A2"].font = BOLD
    note(ws, 3, "Complete it with the customer, not for them. Send it for comment, then "
         "review it at every business review.")
    header(ws, 5, ["Section", "Prompt", "Notes"], [34, 46, 70])
    for i, (section, prompt) in enumerate(CANVAS_SECTIONS, start=6):
        ws.cell(row=i, column=1, value=section).font = BOLD
        ws.cell(row=i, column=2, value=prompt).alignment = WRAP
        ws.cell(row=i, column=3).alignment = WRAP
        ws.row_dimensions[i].height = 48

    ws = wb.create_sheet("Measures")
    header(ws, 1, ["KPI", "Baseline", "Baseline date", "Target", "Target date",
                   "Latest", "Progress to target", "Source", "Owner"],
           [30, 11, 13, 11, 13, 11, 18, 22, 18])
    rows = [
        ("No-show rate", 0.14, "1 February", 0.08, "30 June", 0.08),
        ("Slot use", 0.71, "1 February", 0.85, "30 September", 0.83),
    ]
    for r, (kpi, base, bdate, target, tdate, latest) in enumerate(rows, start=2):
        ws.cell(row=r, column=1, value=kpi)
        for col, value in ((2, base), (4, target), (6, latest)):
            ws.cell(row=r, column=col, value=value).number_format = "0%"
        ws.cell(row=r, column=3, value=bdate)
        ws.cell(row=r, column=5, value=tdate)
        ws.cell(row=r, column=8, value="Medora no-show report")
        ws.cell(row=r, column=9, value="Practice manager")
    for r in range(2, 22):
        cell = ws.cell(
            row=r, column=7,
            value=f'=IF(OR(B{r}="",D{r}="",F{r}="",D{r}=B{r}),"",(F{r}-B{r})/(D{r}-B{r}))')
        cell.number_format = "0%"
    note(ws, 23, "Progress = (latest - baseline) / (target - baseline); it works for "
         "measures that should fall as well as rise. Rows 2-3 show Northgate; replace them.")

    ws = wb.create_sheet("Example - Northgate")
    ws["A1"] = "Worked example: Northgate Physio Group (a Medora clinic)"
    ws["A1"].font = Font(bold=True, size=14)
    header(ws, 3, ["Section", "Northgate Physio Group"], [34, 110])
    for i, ((section, _), text) in enumerate(zip(CANVAS_SECTIONS, NORTHGATE_CANVAS), start=4):
        ws.cell(row=i, column=1, value=section).font = BOLD
        ws.cell(row=i, column=2, value=text).alignment = WRAP
    save_workbook(wb, "success-plan-canvas.xlsx", "Success plan canvas")


# ---------------------------------------------------------------- health score

HEALTH_INPUTS = [
    ("Outcome progress (success outcome score)", 0.30),
    ("Product activity", 0.25),
    ("Success plan milestones on time", 0.25),
    ("Support experience", 0.10),
    ("Relationship and sentiment", 0.10),
]


def health_score_worksheet():
    wb = Workbook()
    ws = wb.active
    ws.title = "Weights and bands"
    ws["A1"] = "Health score: weights and bands"
    ws["A1"].font = Font(bold=True, size=14)
    header(ws, 3, ["Input (each scored 0-100)", "Weight"], [44, 12])
    for i, (label, weight) in enumerate(HEALTH_INPUTS, start=4):
        ws.cell(row=i, column=1, value=label)
        ws.cell(row=i, column=2, value=weight).number_format = "0%"
    ws["A9"] = "Total (must be 100%)"
    ws["A9"].font = BOLD
    ws["B9"] = "=SUM(B4:B8)"
    ws["B9"].number_format = "0%"
    ws["C9"] = '=IF(ROUND(B9,4)=1,"OK","Weights must add to 100%")'
    header(ws, 11, ["Band", "From score"])
    ws["A12"], ws["B12"] = "Green", 75
    ws["A13"], ws["B13"] = "Amber", 50
    ws["A14"], ws["B14"] = "Red", 0
    note(ws, 16, "Keep an outcome input: without it an account can look healthy while "
         "its buyer sees no return. Change labels and weights here; the Accounts sheet follows.")

    ws = wb.create_sheet("Accounts")
    labels = [label for label, _ in HEALTH_INPUTS]
    header(ws, 1, ["Account"] + labels + ["Health score", "Band", "Next action"],
           [26, 16, 14, 16, 14, 16, 13, 10, 40])
    for col in range(2, 7):
        ws.cell(row=1, column=col, value=f"=\'Weights and bands\'!A{col + 2}")
    example = ("Northgate Physio Group (day 75)", 40, 70, 50, 90, 80)
    for col, value in enumerate(example, start=1):
        ws.cell(row=2, column=col, value=value)
    ws.cell(row=2, column=9, value="No-show review with the practice manager")
    for r in range(2, 52):
        ws.cell(row=r, column=8,
                value=f'=IF(G{r}="","",IF(G{r}>=\'Weights and bands\'!$B$12,"Green",'
                      f'IF(G{r}>=\'Weights and bands\'!$B$13,"Amber","Red")))')
    # The score is spelt out term by term rather than with SUMPRODUCT over a row and
    # a column, which some spreadsheet programs only accept as an array formula.
    for r in range(2, 52):
        terms = "+".join(
            f"{ws.cell(row=r, column=c).column_letter}{r}*'Weights and bands'!$B${c + 2}"
            for c in range(2, 7))
        ws.cell(row=r, column=7, value=f'=IF(COUNT(B{r}:F{r})<5,"",ROUND({terms},1))')
    ws.conditional_formatting.add(
        "H2:H51", CellIsRule(operator="equal", formula=['"Red"'],
                             fill=PatternFill("solid", fgColor="F4C7C3")))
    ws.conditional_formatting.add(
        "H2:H51", CellIsRule(operator="equal", formula=['"Amber"'],
                             fill=PatternFill("solid", fgColor="FCE8B2")))
    ws.conditional_formatting.add(
        "H2:H51", CellIsRule(operator="equal", formula=['"Green"'],
                             fill=PatternFill("solid", fgColor="B7E1CD")))
    note(ws, 53, "Score each input 0-100. Row 2 is the worked example from the metrics "
         "module (59.0, amber); replace it with your accounts.")
    save_workbook(wb, "health-score-worksheet.xlsx", "Health-score worksheet")


# ---------------------------------------------------------------- pilot tracker

TRACKER_COLUMNS = [
    "Customer", "Group", "CSM", "Outcome agreed", "Outcome measure", "Baseline",
    "Target", "Latest value", "Progress to target", "Next milestone", "Milestone date",
    "Status", "Leading measure", "Lagging measure", "Last contact", "Notes",
    # The paired evaluation: each pilot account and its matched comparison account
    # share a pair number; time to first value counts from the pilot's start.
    "Pair", "Pilot start", "First month improved", "Days to first value",
    # The pair test uses one common measure taken the same way for both groups
    # (for Medora, the no-show rate from booking data): comparison accounts have
    # no target of their own, so progress to target cannot be compared.
    "Common measure at baseline", "Common measure at end", "Change in common measure",
    "Pilot ahead in its pair?",
]
STATUSES = ["On track", "At risk", "Off track"]

# Six Medora pilot clinics at week six (pilot start 1 March), two of them at risk.
MOCK_TRACKER = [
    ["Harbour Lane Physio", "Pilot", "Marcus", "Yes, 3 Mar", "No-show rate",
     "14%", "8%", "11%", "", "First no-show review", "1 May", "On track",
     "Online booking share 41%", "Renewal 1 Feb", "8 Apr", "Reception asks for SMS wording",
     "1", "1 Mar", "April", "", "14%", "", "", ""],
    ["Riverside Sports Clinic", "Pilot", "Marcus", "Yes, 4 Mar", "No-show rate",
     "12%", "8%", "12%", "", "Online booking live", "29 Mar", "At risk",
     "Online booking share 0%", "Renewal 1 Sep", "22 Mar",
     "Milestone missed; IT supplier has not approved the integration",
     "2", "1 Mar", "", "", "12%", "", "", ""],
    ["Elm Street Dental", "Pilot", "Sam", "Yes, 6 Mar", "Slot use",
     "68%", "80%", "73%", "", "Day-60 review", "5 May", "On track",
     "Reminders on for all chairs", "Renewal 1 Nov", "10 Apr", "",
     "3", "1 Mar", "April", "", "9%", "", "", ""],
    ["Castle Hill Podiatry", "Pilot", "Sam", "No", "Not yet agreed",
     "", "", "", "", "Success statement signed", "15 Mar", "At risk",
     "Configuration 40% done", "Renewal 1 Oct", "18 Mar",
     "Practice manager on leave; sponsor has not replied to two emails",
     "4", "1 Mar", "", "", "11%", "", "", ""],
    ["Westfield Family Practice", "Pilot", "Marcus", "Yes, 2 Mar", "Phone bookings a week",
     "600", "360", "450", "", "Routine phone booking switched off", "20 Apr", "On track",
     "Online booking share 38%", "Renewal 1 Dec", "9 Apr", "",
     "5", "1 Mar", "April", "", "13%", "", "", ""],
    ["Oakwood Osteopaths", "Pilot", "Sam", "Yes, 8 Mar", "No-show rate",
     "10%", "6%", "8%", "", "Day-60 review", "7 May", "On track",
     "Online booking share 52%", "Renewal 1 Oct", "7 Apr",
     "Asks whether the guided configuration session can be repeated for new staff",
     "6", "1 Mar", "", "", "10%", "", "", ""],
]


# Logged CSM time, split so the roll-out run rate can be projected from what the
# pilot measured: one-off build work and pilot-only contact are kept out of it.
HOUR_KINDS = [
    ("Build (one-off)", None), ("Pilot-only contact", None), ("Set-up", 1),
    ("Milestone review", 3), ("Quarterly review", 4), ("Preparation", 1),
]


def hours_sheet(wb):
    ws = wb.create_sheet("Hours")
    header(ws, 1, ["Date", "Customer", "CSM", "Activity", "Hours"], [12, 26, 12, 20, 8])
    kinds = DataValidation(type="list", formula1='"' + ",".join(k for k, _ in HOUR_KINDS) + '"',
                           allow_blank=True)
    ws.add_data_validation(kinds)
    kinds.add("D2:D501")
    for col, (value, width) in enumerate(
            [("Activity", 34), ("Entries", 9), ("Hours", 10), ("Average hours per entry", 12),
             ("Times per customer a year at roll-out", 14), ("Hours per customer a year", 14)],
            start=7):
        cell = ws.cell(row=1, column=col, value=value)
        cell.font, cell.fill, cell.alignment = BOLD, HEAD_FILL, WRAP
        ws.column_dimensions[cell.column_letter].width = width
    for i, (kind, times) in enumerate(HOUR_KINDS, start=2):
        ws.cell(row=i, column=7, value=kind)
        ws.cell(row=i, column=8, value=f'=COUNTIF($D$2:$D$501,G{i})')
        ws.cell(row=i, column=9, value=f'=SUMIF($D$2:$D$501,G{i},$E$2:$E$501)')
        ws.cell(row=i, column=10, value=f'=IF(H{i}=0,"",I{i}/H{i})').number_format = "0.0"
        if times is not None:
            ws.cell(row=i, column=11, value=times)
            ws.cell(row=i, column=12, value=f'=N(J{i})*K{i}').number_format = "0.0"
    last = 1 + len(HOUR_KINDS)
    rows = [
        ("Hours per customer a year at roll-out", f"=SUM(L2:L{last})", "0.0"),
        ("Customers at roll-out", 200, "0"),
        ("Cost per CSM hour (£)", 37, "0"),
        ("Tooling and reporting a year (£)", 6000, "#,##0"),
        ("Projected run rate a year (£)", None, "#,##0"),
        ("Run rate in the business case (£)", 50000, "#,##0"),
        ("Projected minus business case (£)", None, "#,##0"),
    ]
    start = last + 2
    for i, (label, value, fmt) in enumerate(rows, start=start):
        ws.cell(row=i, column=7, value=label)
        ws.cell(row=i, column=9, value=value).number_format = fmt
    ws.cell(row=start + 4, column=9,
            value=f"=I{start}*I{start + 1}*I{start + 2}+I{start + 3}")
    ws.cell(row=start + 6, column=9, value=f"=I{start + 4}-I{start + 5}")
    ws.cell(row=start + 8, column=7, value=(
        "Log every CSM hour against a customer and an activity. Build work and "
        "pilot-only contact are not repeated at roll-out; the projection multiplies the "
        "measured hours per activity by how often a roll-out customer needs it. Edit the "
        "times, customers, rate and business-case figure to match your plan."))
    ws.freeze_panes = "A2"


def pilot_tracker():
    wb = Workbook()
    ws = wb.active
    ws.title = "Tracker"
    header(ws, 1, TRACKER_COLUMNS,
           [26, 12, 12, 14, 22, 10, 10, 12, 12, 28, 14, 11, 24, 16, 12, 40,
            8, 12, 16, 14, 14, 14, 14, 16])
    status = DataValidation(type="list", formula1='"' + ",".join(STATUSES) + '"',
                            allow_blank=True)
    group = DataValidation(type="list", formula1='"Pilot,Comparison"', allow_blank=True)
    ws.add_data_validation(status)
    ws.add_data_validation(group)
    status.add("L2:L101")
    group.add("B2:B101")
    for r in range(2, 102):
        cell = ws.cell(
            row=r, column=9,
            value=f'=IF(OR(F{r}="",G{r}="",H{r}="",G{r}=F{r}),"",(H{r}-F{r})/(G{r}-F{r}))')
        cell.number_format = "0%"
        # Days from the pilot's start to the first month the outcome measure improved.
        days = ws.cell(row=r, column=20,
                       value=f'=IF(OR(R{r}="",S{r}=""),"",S{r}-R{r})')
        days.number_format = "0"
        change = ws.cell(row=r, column=23,
                         value=f'=IF(OR(U{r}="",V{r}=""),"",V{r}-U{r})')
        change.number_format = "0.0%;-0.0%"
        # A pilot row beats its pair when its change in the common measure is the
        # better one, in the direction set on the Summary sheet. A clinic that left
        # has no end value, so its pair drops out of the count.
        ws.cell(row=r, column=24, value=(
            f'=IF(OR(B{r}<>"Pilot",Q{r}="",NOT(ISNUMBER(W{r})),'
            f'COUNTIFS($B$2:$B$101,"Comparison",$Q$2:$Q$101,Q{r},$W$2:$W$101,">-1E+300")<>1),"",'
            f'IF(IF(Summary!$B$14="Rise",W{r}-SUMIFS($W$2:$W$101,$B$2:$B$101,"Comparison",'
            f'$Q$2:$Q$101,Q{r}),SUMIFS($W$2:$W$101,$B$2:$B$101,"Comparison",$Q$2:$Q$101,Q{r})'
            f'-W{r})>0,"Yes","No"))'))
    for colour, value in (("F4C7C3", "Off track"), ("FCE8B2", "At risk"),
                          ("B7E1CD", "On track")):
        ws.conditional_formatting.add(
            "L2:L101", CellIsRule(operator="equal", formula=[f'"{value}"'],
                                  fill=PatternFill("solid", fgColor=colour)))
    ws.freeze_panes = "B2"

    ws = wb.create_sheet("Summary")
    ws["A1"] = "Pilot summary (fills itself from the Tracker sheet)"
    ws["A1"].font = Font(bold=True, size=14)
    header(ws, 3, ["Status", "Pilot", "Comparison"], [20, 12, 12])
    for i, value in enumerate(STATUSES, start=4):
        ws.cell(row=i, column=1, value=value)
        ws.cell(row=i, column=2, value=f'=COUNTIFS(Tracker!$L:$L,$A{i},Tracker!$B:$B,"Pilot")')
        ws.cell(row=i, column=3,
                value=f'=COUNTIFS(Tracker!$L:$L,$A{i},Tracker!$B:$B,"Comparison")')
    ws["A7"] = "Customers"
    ws["B7"] = '=COUNTIF(Tracker!$B:$B,"Pilot")'
    ws["C7"] = '=COUNTIF(Tracker!$B:$B,"Comparison")'
    ws["A8"] = "Outcome agreed"
    ws["B8"] = '=COUNTIFS(Tracker!$B:$B,"Pilot",Tracker!$D:$D,"Yes*")'
    ws["C8"] = '=COUNTIFS(Tracker!$B:$B,"Comparison",Tracker!$D:$D,"Yes*")'
    ws["A9"] = "Median progress to target"
    for col, name in (("B", "Pilot"), ("C", "Comparison")):
        # MEDIAN skips the blanks ("") left by customers without numbers.
        ws[f"{col}9"] = ArrayFormula(
            f"{col}9", f'=IFERROR(MEDIAN(IF(Tracker!$B$2:$B$101="{name}",'
                       f'IF(ISNUMBER(Tracker!$I$2:$I$101),Tracker!$I$2:$I$101))),"")')
        ws[f"{col}9"].number_format = "0%"
    ws["A10"] = "Median days to first value"
    for col, name in (("B", "Pilot"), ("C", "Comparison")):
        ws[f"{col}10"] = ArrayFormula(
            f"{col}10", f'=IFERROR(MEDIAN(IF(Tracker!$B$2:$B$101="{name}",'
                        f'IF(ISNUMBER(Tracker!$T$2:$T$101),Tracker!$T$2:$T$101))),"")')
    ws["A11"] = "Pairs compared"
    ws["B11"] = '=COUNTIF(Tracker!$X:$X,"Yes")+COUNTIF(Tracker!$X:$X,"No")'
    ws["A12"] = "Pairs with the pilot account ahead"
    ws["B12"] = '=COUNTIF(Tracker!$X:$X,"Yes")'
    ws["A13"] = "Median change in common measure"
    for col, name in (("B", "Pilot"), ("C", "Comparison")):
        ws[f"{col}13"] = ArrayFormula(
            f"{col}13", f'=IFERROR(MEDIAN(IF(Tracker!$B$2:$B$101="{name}",'
                        f'IF(ISNUMBER(Tracker!$W$2:$W$101),Tracker!$W$2:$W$101))),"")')
        ws[f"{col}13"].number_format = "0.0%;-0.0%"
    ws["A14"] = "Common measure should (Fall or Rise)"
    ws["B14"] = "Fall"
    direction = DataValidation(type="list", formula1='"Fall,Rise"', allow_blank=False)
    ws.add_data_validation(direction)
    direction.add("B14")
    note(ws, 16, "Read the leading measures at the end of the pilot, pair by pair, on the "
         "change in one common measure taken the same way for both groups (for Medora, the "
         "no-show rate, which should fall), against the rule written in the plan: with 12 "
         "pairs, at least 10 ahead happens by chance about once in 50; with 11 pairs, at "
         "least 9 about once in 30; with 10 pairs, at least 9 about once in 90. Leave a "
         "withdrawn account's end value blank: its pair then drops out. Enter pilot start "
         "and first month improved as dates. Outcomes agreed show the pilot ran as planned, "
         "not that it worked. Report renewal and churn for both groups at 12 months.")

    hours_sheet(wb)

    ws = wb.create_sheet("Change log")
    header(ws, 1, ["Date", "What changed", "Why (the evidence)", "Customers affected",
                   "Effect we expect", "Effect seen"], [12, 36, 36, 24, 30, 30])
    note(ws, 3, "Rule agreed in advance: change a step only when two or more customers "
         "hit the same problem, or one customer's outcome is at risk.")
    save_workbook(wb, "pilot-tracker.xlsx", "Pilot tracker")

    write_csv(KIT / "mock-pilot-tracker.csv", [TRACKER_COLUMNS] + MOCK_TRACKER)


# ---------------------------------------------------------------- segmentation

SEG_COLUMNS = ["Customer", "Staff", "ACV (£)", "Licensed users", "Products",
               "Integrations", "Sites", "Support tickets (12 months)",
               "Growth potential", "Named strategic account"]

# The 30-customer list for the Part 3 exercise: anonymised, Medora-like, mixed on
# purpose so that revenue alone places some customers wrongly.
THIRTY = [
    ["Customer 01", 2400, 310000, 1800, 3, 4, 14, 96, "High", "Yes"],
    ["Customer 02", 850, 145000, 620, 2, 3, 6, 41, "Medium", "No"],
    ["Customer 03", 120, 52000, 95, 2, 2, 3, 38, "High", "No"],
    ["Customer 04", 45, 24000, 40, 1, 1, 3, 12, "High", "No"],
    ["Customer 05", 18, 4000, 15, 2, 3, 1, 22, "High", "No"],
    ["Customer 06", 6, 2400, 6, 1, 0, 1, 1, "Low", "No"],
    ["Customer 07", 64, 21000, 52, 1, 1, 2, 9, "Medium", "No"],
    ["Customer 08", 1500, 220000, 1100, 3, 5, 9, 70, "Medium", "Yes"],
    ["Customer 09", 95, 23000, 80, 1, 0, 1, 5, "Low", "No"],
    ["Customer 10", 11, 3000, 9, 1, 0, 1, 2, "Low", "No"],
    ["Customer 11", 30, 16000, 26, 1, 1, 1, 31, "Medium", "No"],
    ["Customer 12", 210, 98000, 160, 2, 2, 5, 27, "High", "No"],
    ["Customer 13", 4, 1800, 4, 1, 0, 1, 0, "Low", "No"],
    ["Customer 14", 75, 26000, 60, 2, 1, 3, 14, "High", "No"],
    ["Customer 15", 15, 3600, 12, 1, 0, 1, 3, "Medium", "No"],
    ["Customer 16", 600, 118000, 420, 2, 3, 4, 55, "Low", "No"],
    ["Customer 17", 22, 15000, 20, 1, 0, 1, 4, "Low", "No"],
    ["Customer 18", 9, 2800, 8, 1, 0, 1, 14, "Low", "No"],
    ["Customer 19", 88, 30000, 70, 2, 2, 4, 19, "Medium", "No"],
    ["Customer 20", 40, 18000, 35, 1, 0, 1, 6, "Medium", "No"],
    ["Customer 21", 3, 1500, 3, 1, 0, 1, 1, "Low", "No"],
    ["Customer 22", 160, 60000, 130, 2, 2, 2, 21, "Medium", "Yes"],
    ["Customer 23", 55, 22000, 48, 1, 1, 2, 44, "Low", "No"],
    ["Customer 24", 12, 3200, 10, 1, 1, 2, 6, "High", "No"],
    ["Customer 25", 28, 17000, 25, 1, 0, 1, 3, "Medium", "No"],
    ["Customer 26", 7, 2600, 7, 1, 0, 1, 2, "Medium", "No"],
    ["Customer 27", 100, 34000, 85, 2, 1, 3, 11, "Medium", "No"],
    ["Customer 28", 19, 5200, 17, 2, 2, 1, 9, "Medium", "No"],
    ["Customer 29", 36, 19500, 30, 1, 0, 2, 8, "High", "No"],
    ["Customer 30", 2, 1200, 2, 1, 0, 1, 0, "Low", "No"],
]


def segmentation_sheet():
    wb = Workbook()
    ws = wb.active
    ws.title = "Rules"
    ws["A1"] = "Segment entry rules (edit the numbers; the Customers sheet follows)"
    ws["A1"].font = Font(bold=True, size=14)
    header(ws, 3, ["Rule", "Value"], [52, 14])
    rules = [
        ("High touch: staff above", 100),
        ("High touch: or ACV (£) above", 100000),
        ("Tech touch: staff below", 20),
    ]
    for i, (label, value) in enumerate(rules, start=4):
        ws.cell(row=i, column=1, value=label)
        ws.cell(row=i, column=2, value=value)
    note(ws, 8, "A named strategic account is always high touch. Everyone else between "
         "the two staff limits is low touch. Use Override for the exceptions your "
         "criteria miss (complexity, growth), and say why.")

    ws = wb.create_sheet("Customers")
    cols = SEG_COLUMNS + ["Proposed segment", "Override", "Final segment", "Reason"]
    header(ws, 1, cols, [16, 8, 11, 10, 9, 11, 7, 12, 11, 12, 16, 14, 16, 40])
    seg = DataValidation(type="list", formula1='"High touch,Low touch,Tech touch"',
                         allow_blank=True)
    ws.add_data_validation(seg)
    seg.add("L2:L301")
    for r in range(2, 302):
        ws.cell(row=r, column=11, value=(
            f'=IF(OR(A{r}="",B{r}=""),"",IF(OR(J{r}="Yes",B{r}>Rules!$B$4,C{r}>Rules!$B$5),'
            f'"High touch",IF(B{r}<Rules!$B$6,"Tech touch","Low touch")))'))
        ws.cell(row=r, column=13, value=f'=IF(L{r}<>"",L{r},K{r})')
    ws.cell(row=2, column=1, value="Replace with your customers")
    ws.freeze_panes = "B2"

    ws = wb.create_sheet("Coverage")
    ws["A1"] = "Coverage check: can each segment afford its touch model?"
    ws["A1"].font = Font(bold=True, size=14)
    header(ws, 3, ["Segment", "Accounts", "ARR (£)", "CS staff (FTE)",
                   "Cost per FTE (£)", "Accounts per FTE", "CS cost (£)",
                   "CS cost as % of ARR"], [14, 10, 14, 13, 15, 15, 14, 18])
    for i, name in enumerate(["High touch", "Low touch", "Tech touch"], start=4):
        ws.cell(row=i, column=1, value=name)
        ws.cell(row=i, column=2, value=f'=COUNTIF(Customers!$M:$M,A{i})')
        ws.cell(row=i, column=3, value=f'=SUMIF(Customers!$M:$M,A{i},Customers!$C:$C)')
        ws.cell(row=i, column=6, value=f'=IF(N(D{i})=0,"",B{i}/D{i})').number_format = "0"
        ws.cell(row=i, column=7, value=f'=N(D{i})*N(E{i})')
        ws.cell(row=i, column=8, value=f'=IF(N(C{i})=0,"",G{i}/C{i})').number_format = "0.0%"
    note(ws, 8, "Fill in staff and cost per FTE. If a segment's CS cost is out of line "
         "with what it earns and could earn, change the touch model, not the sums.")
    save_workbook(wb, "segmentation-sheet.xlsx", "Segmentation sheet")

    write_csv(KIT / "segmentation-30-customers.csv", [SEG_COLUMNS] + THIRTY)


# ---------------------------------------------------------------- renewals

RATINGS = [("Committed", 1.0), ("Likely", 0.85), ("At risk", 0.4), ("Lost", 0.0)]


def renewal_forecast():
    wb = Workbook()
    ws = wb.active
    ws.title = "Renewals"
    header(ws, 1, ["Customer", "ARR (£)", "Renewal date", "Days to renewal",
                   "Latest step due", "Rating", "Forecast weight", "Weighted ARR (£)",
                   "Value in the customer's numbers", "What we could trade",
                   "Next step", "Owner"],
           [26, 12, 13, 10, 26, 12, 10, 14, 40, 30, 30, 14])
    rating = DataValidation(type="list",
                            formula1='"' + ",".join(r for r, _ in RATINGS) + '"',
                            allow_blank=True)
    ws.add_data_validation(rating)
    rating.add("F2:F201")
    for r in range(2, 202):
        ws.cell(row=r, column=3).number_format = "d mmm yyyy"
        ws.cell(row=r, column=4, value=f'=IF(C{r}="","",C{r}-TODAY())')
        ws.cell(row=r, column=5, value=(
            f'=IF(D{r}="","",IF(D{r}>180,"None yet: 180-day review next",'
            f'IF(D{r}>120,"180-day review: outcomes, map, rating",'
            f'IF(D{r}>90,"120-day EBR and value summary",'
            f'IF(D{r}>60,"90 days: proposal, objections",'
            f'IF(D{r}>30,"60 days: negotiate, escalate if at risk",'
            f'IF(D{r}>=0,"30 days: signature or agreed plan","Past: debrief")))))))'))
        ws.cell(row=r, column=7,
                value=f'=IF(F{r}="","",VLOOKUP(F{r},Settings!$A$4:$B$7,2,FALSE))'
                ).number_format = "0%"
        ws.cell(row=r, column=8, value=f'=IF(G{r}="","",B{r}*G{r})').number_format = "#,##0"
    ws.freeze_panes = "B2"

    ws = wb.create_sheet("Summary")
    ws["A1"] = "Renewals by rating (fills itself from the Renewals sheet)"
    ws["A1"].font = Font(bold=True, size=14)
    header(ws, 3, ["Rating", "Renewals", "ARR (£)", "Weighted ARR (£)"], [14, 10, 14, 16])
    for i, (name, _) in enumerate(RATINGS, start=4):
        ws.cell(row=i, column=1, value=name)
        ws.cell(row=i, column=2, value=f"=COUNTIF(Renewals!$F:$F,A{i})")
        ws.cell(row=i, column=3, value=f"=SUMIF(Renewals!$F:$F,A{i},Renewals!$B:$B)")
        ws.cell(row=i, column=4, value=f"=SUMIF(Renewals!$F:$F,A{i},Renewals!$H:$H)")
    ws["A8"] = "Total"
    ws["A8"].font = BOLD
    for col in "BCD":
        ws[f"{col}8"] = f"=SUM({col}4:{col}7)"
    note(ws, 10, "An at-risk rating at 180 days is an instruction to act, not a forecast "
         "of failure: give every at-risk renewal an intervention with an owner.")

    ws = wb.create_sheet("Settings")
    ws["A1"] = "Forecast weights per rating (set them from your own history)"
    ws["A1"].font = Font(bold=True, size=14)
    header(ws, 3, ["Rating", "Weight"], [14, 10])
    for i, (name, weight) in enumerate(RATINGS, start=4):
        ws.cell(row=i, column=1, value=name)
        ws.cell(row=i, column=2, value=weight).number_format = "0%"

    ws = wb.create_sheet("GRR and NRR")
    ws["A1"] = "Gross and net revenue retention for one cohort and one period"
    ws["A1"].font = Font(bold=True, size=14)
    rows = [
        ("Cohort", "Medora private clinics at the start of the year"),
        ("Period", "12 months"),
        ("ARR of the cohort at the start (£)", 4000000),
        ("Lost to cancellations (£)", 400000),
        ("Lost to downgrades (£)", 160000),
        ("Expansion from the same customers (£)", 320000),
    ]
    for i, (label, value) in enumerate(rows, start=3):
        ws.cell(row=i, column=1, value=label)
        ws.cell(row=i, column=2, value=value)
        if isinstance(value, int):
            ws.cell(row=i, column=2).number_format = "#,##0"
    ws["A10"] = "GRR"
    ws["B10"] = '=IF(N(B5)=0,"",(B5-B6-B7)/B5)'
    ws["A11"] = "NRR"
    ws["B11"] = '=IF(N(B5)=0,"",(B5-B6-B7+B8)/B5)'
    for cell in ("A10", "A11"):
        ws[cell].font = BOLD
    for cell in ("B10", "B11"):
        ws[cell].number_format = "0.0%"
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 46
    note(ws, 13, "The figures are Medora's worked example (86% and 94%); replace them. "
         "New customers signed during the period count in neither measure.")
    save_workbook(wb, "renewal-forecast.xlsx", "Renewal forecast")


# ---------------------------------------------------------------- churn review

CAUSES = [
    ("Uncontrollable", "Closed, merged or acquired", "Nothing; exclude from targets"),
    ("Poor fit", "Outside the ideal customer profile, or promised what the product "
     "does not do", "Sales and marketing"),
    ("Onboarding failure", "Never reached first value", "CS and onboarding"),
    ("Value not shown", "Reached results, but the decision maker never saw them", "CS"),
    ("Product gap", "A capability the outcome needs is missing", "Product"),
    ("Experience", "Outages, slow support, painful processes", "Support, engineering"),
    ("Relationship", "Champion or sponsor lost and not replaced", "CS"),
    ("Commercial", "A real budget cut, or a price the value cannot justify",
     "Finance, sales"),
]


def churn_review():
    wb = Workbook()
    ws = wb.active
    ws.title = "Losses"
    header(ws, 1, ["Customer", "Segment", "ARR lost (£)", "Cancelled or downgraded",
                   "Date", "Stated reason", "Primary cause", "Contributing causes",
                   "Timeline: when it started to go wrong", "Earliest warning sign",
                   "Action and owner"],
           [24, 16, 12, 14, 12, 28, 20, 24, 34, 30, 30])
    cause = DataValidation(type="list",
                           formula1='"' + ",".join(c for c, _, _ in CAUSES) + '"',
                           allow_blank=True)
    kind = DataValidation(type="list", formula1='"Cancelled,Downgraded"', allow_blank=True)
    ws.add_data_validation(cause)
    ws.add_data_validation(kind)
    cause.add("G2:G201")
    kind.add("D2:D201")
    ws.freeze_panes = "B2"

    ws = wb.create_sheet("Causes")
    ws["A1"] = "Losses by primary cause (fills itself from the Losses sheet)"
    ws["A1"].font = Font(bold=True, size=14)
    header(ws, 3, ["Cause", "What it means", "Usually fixed by", "Losses",
                   "ARR lost (£)", "Share of ARR lost"], [20, 52, 28, 9, 13, 16])
    last = 3 + len(CAUSES)
    for i, (name, means, fixed) in enumerate(CAUSES, start=4):
        ws.cell(row=i, column=1, value=name)
        ws.cell(row=i, column=2, value=means).alignment = WRAP
        ws.cell(row=i, column=3, value=fixed)
        ws.cell(row=i, column=4, value=f"=COUNTIF(Losses!$G:$G,A{i})")
        ws.cell(row=i, column=5, value=f"=SUMIF(Losses!$G:$G,A{i},Losses!$C:$C)")
        ws.cell(row=i, column=6,
                value=f'=IF(SUM($E$4:$E${last})=0,"",E{i}/SUM($E$4:$E${last}))'
                ).number_format = "0%"
    total = last + 1
    ws.cell(row=total, column=1, value="Total").font = BOLD
    ws.cell(row=total, column=4, value=f"=SUM(D4:D{last})")
    ws.cell(row=total, column=5, value=f"=SUM(E4:E{last})")
    ws.cell(row=total + 1, column=1, value="Largest controllable cause").font = BOLD
    ws.cell(row=total + 1, column=2, value=(
        f'=IF(MAX(E5:E{last})=0,"",INDEX(A5:A{last},MATCH(MAX(E5:E{last}),E5:E{last},0)))'))
    note(ws, total + 3, "Review monthly with sales, product, support and finance: causes "
         "by count and by ARR, one action and owner for the largest controllable cause.")

    ws = wb.create_sheet("Product feedback")
    header(ws, 1, ["Date", "Customer, segment, ARR", "What they need, in their words",
                   "Outcome it blocks", "Current workaround and its cost",
                   "Related losses or opportunities", "Theme", "ARR at risk or to win (£)",
                   "Decision", "Customer told (date)"],
           [11, 30, 34, 34, 30, 28, 18, 14, 22, 14])
    example = ["", "Northgate Physio Group, private clinics, £24,000",
               '"One view of no-shows across all our clinics"',
               "Managing director cannot compare clinics before opening a fourth",
               "Practice manager merges three reports by hand, two hours a month",
               "Two lost multi-site groups; Northgate's fourth clinic",
               "Multi-site reporting", "", "Planned for the spring", ""]
    for col, value in enumerate(example, start=1):
        ws.cell(row=2, column=col, value=value).alignment = WRAP
    save_workbook(wb, "churn-review.xlsx", "Churn review and product feedback log")


# ---------------------------------------------------------------- CSV templates


def raci_csv():
    rows = [
        ["Activity", "CS", "Sales", "Product", "Support", "Marketing", "Notes"],
        ["Hand-off of customer goals from the deal", "C", "A/R", "", "", "", ""],
        ["Outcome conversation and collaboration path", "A/R", "C", "", "", "", ""],
        ["Success plan and reviews", "A/R", "I", "C", "", "", ""],
        ["Product fixes blocking an outcome", "C", "", "A/R", "C", "", ""],
        ["Support issue resolution", "I", "", "", "A/R", "", ""],
        ["Expansion opportunities", "R", "A", "", "", "", ""],
        ["Renewal", "", "", "", "", "", "Decide: CS or sales accountable"],
        ["Success story and hero recognition", "R", "", "", "", "A", ""],
        ["Pilot reporting to the sponsor", "A/R", "I", "I", "I", "I", ""],
        ["Key: R responsible (does it), A accountable (one per row), "
         "C consulted, I informed", "", "", "", "", "", ""],
    ]
    write_csv(TEMPLATES / "RACI-table.csv", rows)


def stakeholder_csv():
    rows = [
        ["Person", "Role", "Influence (high/medium/low)",
         "Stance (advocate/supporter/neutral/sceptic/blocker)",
         "Relationship (0-3)", "Held by", "Gap", "Action", "Owner", "By", "Why they will value it"],
        ["Managing director, founder", "Economic buyer", "High", "Neutral", "1",
         "Sales (at signing)", "High influence, weak relationship",
         "Invite to the no-show review with the results so far", "Priya", "", ""],
        ["Finance manager", "Influencer", "Medium", "Sceptic", "0", "Nobody",
         "Sceptic nobody talks to", "Show the cost of running two diary systems",
         "Marcus", "", ""],
    ]
    write_csv(TEMPLATES / "stakeholder-map.csv", rows)


def register_csv():
    head = ["Learner", "Review partner", "Sessions attended (kick-off, 1-7)",
            "Played the CSM in a role-play (parts)",
            "Level 1: all quizzes passed (date seen)",
            "Level 2: plan link", "Level 2: peer reviewer", "Level 2: trainer review date",
            "Level 3: customers (at least three)", "Level 3: milestone review dates",
            "Level 3: customer feedback seen", "Level 3: agreed metric moved?",
            "Level 3: what they changed", "Level 3: date",
            "Level 4: colleague coached (cohort)", "Level 4: co-facilitated session (date)",
            "Level 4: written confirmation by", "Level 4: date",
            "Credential issued (level, date)"]
    write_csv(KIT / "accreditation-register.csv", [head])
    write_csv(KIT / "coaching-log.csv", [[
        "Session date", "Person", "Case (customer and situation)", "Commitment",
        "Customer", "Due", "Kept? (next session)", "Playbook gap to pass on"]])


# ---------------------------------------------------------------- DOCX templates


def new_document(title, intro):
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(10.5)
    doc.add_heading(title, level=1)
    doc.add_paragraph().add_run(intro).italic = True
    return doc


def table(doc, head, rows, widths=None):
    t = doc.add_table(rows=1, cols=len(head))
    t.style = "Table Grid"
    for cell, text in zip(t.rows[0].cells, head):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        cells = t.add_row().cells
        for cell, text in zip(cells, row):
            cell.text = text
    return t


def business_case():
    doc = new_document(
        "One-page business case: outcome-based customer success pilot",
        "Keep it to one page. Show every calculation; put benefit on gross margin and "
        "set the pilot's cost against what the pilot can show, not the segment's gain.")
    doc.add_paragraph("Segment:            Prepared by:            Date:")
    rows = [
        ("Problem", "The loss or missed growth, in money, for one segment (ARR, churn, "
         "downgrades, expansion over a stated 12 months)"),
        ("Cause", "Evidence that missing outcomes drive it (for example: of the customers "
         "who left, how many never agreed business goals with us)"),
        ("Proposal", "Segment, how many customers, how pilot and comparison accounts are "
         "chosen, duration (90 to 120 days), named people"),
        ("Benefit", "Benefit at pilot scale on gross margin, not revenue, with the "
         "arithmetic and the evidence the pilot buys (leading measures); segment-wide "
         "upside shown separately, as conditional on the results"),
        ("Cost", "Costs in time and money: the pilot's (time, tools, help from other "
         "teams) and the roll-out cost derived from the pilot's hours per account "
         "(one-off apart from yearly), set against the roll-out's benefit"),
        ("Measures", "Measures taken the same way in both groups from product data, "
         "judged pair by pair with a decision rule set in advance; lagging measures "
         "(renewal, churn, NRR) reported at 12 months"),
        ("Risks", "Top three, and how you will limit each"),
        ("Ask", "The decision you want, the sponsor, the date of the results meeting"),
    ]
    t = table(doc, ["Section", "What to write", "Your case"],
              [(a, b, "") for a, b in rows])
    for row in t.rows[1:]:
        row.height = Pt(44)
    doc.add_heading("Example figures (Medora, private clinics)", level=2)
    doc.add_paragraph(
        "200 clinics, £4.0m ARR, 14% lost last year (£560,000); 17 of the 22 clinics that "
        "left had never agreed business goals. Pilot: 12 clinics for 120 days, about "
        "£10,000 (CSM time and a dashboard), claiming evidence, not payback. Roll-out: "
        "if 50 more of the 120 slower clinics cut no-shows early and then leave at 5%, 5 "
        "fewer clinics leave; at £20,000 ARR each that keeps about £100,000 ARR a year "
        "(churn from 14% to about 11.5%), about £80,000 of margin at 80%, against about "
        "£50,000 a year to run the approach for all 200 clinics.")
    save_document(doc, "business-case.docx", "One-page business case")


ONBOARDING_ITEMS = [
    ("1 Knowledge transfer", "Hand-off record complete: goals, stakeholders, promises, risks",
     "Sales and CSM", "Day 0"),
    ("2 Internal alignment", "Internal roles and dates agreed", "CSM", "Day 2"),
    ("3 Expectation setting", "Kick-off held with sponsor and project lead; 30/60/90 "
     "expectations shared", "CSM", "Day 7"),
    ("4 Discovery", "Objectives validated with the customer", "CSM", "Day 7"),
    ("5 Success definition", "Success statement agreed by sponsor", "Customer sponsor",
     "Day 10"),
    ("6 Metrics", "KPIs, baselines and targets recorded", "CSM and customer lead",
     "Day 14"),
    ("7 Set-up", "Groundwork started at once; goal-specific configuration after step 5",
     "Onboarding specialist", "Day 21"),
    ("8 Training", "Users trained by role, tied to the outcome", "Trainer", "Day 30"),
    ("9 Go-live", "Roll-out, in waves if needed", "Customer lead", "Day 35"),
    ("10 Change management", "Champions named; old process retired", "Customer lead",
     "Day 45"),
    ("11 Wrap-up", "Wrap-up review held; results against targets; feedback collected; "
     "hand-over to ongoing CS", "CSM", "Day 60"),
]


def onboarding_checklist():
    doc = new_document(
        "Onboarding checklist",
        "One copy per new customer. Adjust the days to your segment: high touch runs every "
        "step live; low touch uses group sessions; tech touch moves through the steps in "
        "the product, with data triggers that bring in a person.")
    doc.add_paragraph("Customer:            CSM:            Contract signed:")
    doc.add_paragraph("Success statement (agreed by the sponsor):")
    doc.add_paragraph("_" * 80)
    table(doc, ["Step", "Item", "Owner", "Due", "Done (date)", "Notes"],
          [(a, b, c, d, "", "") for a, b, c, d in ONBOARDING_ITEMS])
    doc.add_paragraph()
    p = doc.add_paragraph()
    p.add_run("Escalation rule: ").bold = True
    p.add_run("any item more than a week late is raised with the customer's project "
              "lead, and the agreed action is recorded below.")
    table(doc, ["Date", "Item late", "Agreed action", "Owner"], [("", "", "", "")] * 4)
    save_document(doc, "onboarding-checklist.docx", "Onboarding checklist")


# The level 2 rubric, one source: course.toml's lines, which the capstone module's table
# gives word for word (tests/course_kit.rs checks both and this template's Appendix B).
RUBRIC = next(level["rubric"] for level in
              tomllib.loads((ROOT / "content" / "course.toml").read_text())["levels"]
              if level["id"] == "planned")


def criterion(name):
    """What "meets" looks like for the rubric's criterion `name`."""
    return next(line.split(": ", 1)[1] for line in RUBRIC if line.startswith(name + ": "))


# Each section's prompt, and the rubric criterion it answers (None: no criterion of its own).
PLAN_SECTIONS = [
    ("Segment", "Name, number of accounts, ARR, churn over a stated period; why this "
     "segment; your answer to the million-dollar question", "Segment"),
    ("To-be state", "What customers, CSMs and leadership will see when it works, in the "
     "present tense", None),
    ("Lifecycle hypothesis", "Stages from the customer's side, milestones, outcome and "
     "metric per stage, engagement; two statements the pilot could prove wrong", "Lifecycle"),
    ("Outcomes", "Framework pieces in scope; for each: measure, baseline, target, date",
     "Outcomes"),
    ("Customers", "Eligibility rules; the pairs; pilot and comparison accounts and how "
     "each pair was split (Appendix A)", "Selection and comparison"),
    ("Evaluation", "Leading measures judged pair by pair against the decision rule; "
     "fidelity checks; limits; lagging measures read at 12 months; exit criteria for "
     "extend, adjust or stop", "Evaluation"),
    ("People", "Responsibility table with one accountable party per row; sponsor; a "
     "stakeholder map per pilot account", "People"),
    ("Rhythm and risks", "Start, mid-point and end dates; team, customer and sponsor "
     "cadence; top three risks, each with an action and owner", "Rhythm and risk"),
    ("Business case", "Pilot cost in time and money; pilot-scale benefit on gross margin; "
     "roll-out cost from the pilot's hours per account; segment-wide upside shown apart, "
     "as conditional", "Business case"),
]


def pilot_plan():
    doc = new_document(
        "Pilot plan",
        "Six pages at most, plus appendices. Reuse your earlier drafts: business case, "
        "readiness check and responsibility table, lifecycle hypothesis, success outcome "
        "framework and to-be state. The capstone module explains each section.")
    doc.add_paragraph("Segment:            Author:            Sponsor:            Version and date:")
    for title, prompt, name in PLAN_SECTIONS:
        doc.add_heading(title, level=2)
        doc.add_paragraph().add_run(prompt).italic = True
        if name:
            p = doc.add_paragraph()
            p.add_run("Meets the rubric when: ").bold = True
            p.add_run(criterion(name))
        doc.add_paragraph()
    doc.add_heading("Appendix A: pairs and the draw", level=2)
    doc.add_paragraph().add_run(
        "List every eligible account (at least six months to renewal, no open "
        "escalation, live long enough to have a baseline, its outcome measurable from "
        "your own data the same way for every account, in no other change programme "
        "that moves the same measure) and write down how many accounts each rule "
        "removes. Ask every eligible account first, match those that agree in pairs, "
        "then toss a coin in each pair. Record baselines for both groups before day 1."
    ).italic = True
    table(doc, ["Rule", "Accounts removed", "Accounts left"],
          [("The segment", "", ""), ("At least six months to renewal", "", ""),
           ("No open escalation", "", ""), ("Live long enough to have a baseline", "", ""),
           ("Outcome measurable from our own data", "", ""),
           ("In no other change programme on the same measure", "", ""),
           ("Agreed to take part", "", "")])
    table(doc, ["Pair", "Account A", "Account B", "Matched on", "Pilot (coin toss)",
                "Baseline recorded"], [(str(n), "", "", "", "", "") for n in range(1, 13)])
    doc.add_heading("Appendix B: self-assessment against the rubric", level=2)
    doc.add_paragraph().add_run(
        "Score each criterion meets or not yet, with one sentence of evidence. A peer, "
        "then your trainer, use the same table; they return at most three changes at a "
        "time.").italic = True
    table(doc, ["#", "Criterion", "Self", "Evidence", "Peer", "Trainer"],
          [(str(n), text, "", "", "", "") for n, text in enumerate(RUBRIC, start=1)])
    save_document(doc, "pilot-plan.docx", "Pilot plan")


def main():
    TEMPLATES.mkdir(parents=True, exist_ok=True)
    KIT.mkdir(parents=True, exist_ok=True)
    success_plan_canvas()
    health_score_worksheet()
    pilot_tracker()
    segmentation_sheet()
    renewal_forecast()
    churn_review()
    raci_csv()
    stakeholder_csv()
    register_csv()
    business_case()
    onboarding_checklist()
    pilot_plan()


if __name__ == "__main__":
    main()
