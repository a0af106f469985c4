"""Turning report values into spreadsheet cells, safely: every text in a report was typed
by someone, and a spreadsheet would run a cell that looks like a formula.

How the CSV and the workbook relate, cell by cell: both start from `sheet_value` (booleans
become "yes"/"no"; characters XML cannot hold are dropped). The workbook stores that value
as it is, every text as an explicit string cell, and marks a text that could run as a
formula with Excel's quote prefix (shown as typed, never evaluated). The CSV, which has no
cell types, writes `csv_text(value)`: the same text with a leading `'` when it could run as
a formula, numbers as digits, and nothing for None. So `csv_text(workbook cell value)` equals
the CSV cell, always."""

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

ReportValue = str | int | float | bool | None
SheetValue = str | int | float | None

# OWASP's list: what Excel, LibreOffice and Google Sheets may treat as the start of a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def could_run_as_formula(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


def sheet_value(value: ReportValue) -> SheetValue:
    """The value both the CSV and the workbook start from."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def csv_text(value: SheetValue) -> str:
    """A sheet value as CSV text, with a formula-looking text neutralised by a leading `'`."""
    if value is None:
        return ""
    if isinstance(value, str):
        return f"'{value}" if could_run_as_formula(value) else value
    return str(value)
