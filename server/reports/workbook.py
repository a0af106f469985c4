"""Writing tables into an .xlsx workbook: bold frozen headers, readable widths, and text
that can never become a formula (see `cells` for the rule)."""

import io
from dataclasses import dataclass
from datetime import datetime

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .cells import SheetValue, could_run_as_formula

MIN_COLUMN_WIDTH = 6
MAX_COLUMN_WIDTH = 60


@dataclass(frozen=True)
class Sheet:
    title: str
    header: list[str]
    rows: list[list[SheetValue]]


def workbook_bytes(sheets: list[Sheet], created: datetime) -> bytes:
    """An .xlsx file with one worksheet per sheet, in order."""
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])  # the default sheet; ours are named
    workbook.properties.creator = "Counterplay"
    workbook.properties.created = created
    for sheet in sheets:
        _write_sheet(workbook.create_sheet(sheet.title), sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_sheet(worksheet: Worksheet, sheet: Sheet) -> None:
    for column, title in enumerate(sheet.header, start=1):
        _write_cell(worksheet, 1, column, title).font = Font(bold=True)
    for row, values in enumerate(sheet.rows, start=2):
        for column, value in enumerate(values, start=1):
            _write_cell(worksheet, row, column, value)
    worksheet.freeze_panes = "A2"
    for column, width in enumerate(_column_widths(sheet), start=1):
        worksheet.column_dimensions[get_column_letter(column)].width = width


def _write_cell(worksheet: Worksheet, row: int, column: int, value: SheetValue) -> Cell:
    cell = worksheet.cell(row=row, column=column)
    assert isinstance(cell, Cell), "a sheet written here has no merged cells"
    cell.value = value
    if isinstance(value, str):
        # openpyxl infers a formula from a leading "=" and an error from "#N/A"; a report
        # holds neither, so every text is pinned to a plain string.
        cell.data_type = "s"
        cell.quotePrefix = could_run_as_formula(value)
    return cell


def _column_widths(sheet: Sheet) -> list[int]:
    widths = []
    for column, title in enumerate(sheet.header):
        longest = max((_display_length(row[column]) for row in sheet.rows), default=0)
        widths.append(min(max(longest, len(title)) + 2, MAX_COLUMN_WIDTH))
    return [max(width, MIN_COLUMN_WIDTH) for width in widths]


def _display_length(value: SheetValue) -> int:
    text = "" if value is None else str(value)
    return max((len(line) for line in text.splitlines()), default=0)
