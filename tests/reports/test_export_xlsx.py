import io
import zipfile
from datetime import datetime
from typing import Any

from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from server.engine.state import RoomState
from server.reports.cells import csv_text
from server.reports.export import REPLY_COLUMNS, report_csv, report_xlsx
from server.reports.workbook import Sheet, workbook_bytes

from .scripted_game import GAME_SKILLS, scripted_game, with_teams
from .test_export_csv import parsed

FORMULA_TEXTS = {
    '=HYPERLINK("http://x.test","go")',
    "@x Calm down please.",
    "-2 days is the usual delay, I'm sorry.",
    "+1 for patience; let me check.",
}


def opened(state: RoomState) -> Workbook:
    return load_workbook(io.BytesIO(report_xlsx(state)))


def values(sheet: Worksheet) -> list[list[Any]]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def cells(sheet: Worksheet) -> list[Cell]:
    return [cell for row in sheet.iter_rows() for cell in row if isinstance(cell, Cell)]


def test_sheets_are_replies_players_and_skills_without_teams() -> None:
    assert opened(scripted_game()).sheetnames == ["Replies", "Players", "Skills"]


def test_replies_sheet_equals_the_csv_cell_by_cell() -> None:
    state = scripted_game()
    sheet = opened(state)["Replies"]
    csv_rows = parsed(report_csv(state))
    assert values(sheet)[0] == REPLY_COLUMNS
    assert [[csv_text(value) for value in row] for row in values(sheet)] == csv_rows


def test_replies_sheet_keeps_numbers_as_numbers_and_texts_as_typed() -> None:
    rows = values(opened(scripted_game())["Replies"])
    assert rows[2] == [
        *(1, "lost-parcel", "Lost parcel", "Ann", "Ben", "r2"),
        "I'm so sorry, I'll track it now.",
        3,
        "yes",
        "empathy:2; ownership:1",
        600,
        "shown",
        "no",
    ]
    assert rows[7][5] is None and rows[7][10] is None  # unrevealed: no reply id, no points
    assert {row[6] for row in rows} >= FORMULA_TEXTS


def test_formula_looking_text_is_a_quote_prefixed_string_never_a_formula() -> None:
    state = scripted_game(names=("=SUM(A1:A9)", "Ben", "Cat", "Dan"))
    workbook = opened(state)
    every_cell = [cell for sheet in workbook.worksheets for cell in cells(sheet)]
    assert all(cell.data_type != "f" for cell in every_cell)
    risky = [c for c in every_cell if isinstance(c.value, str) and c.value[0] in "=+-@"]
    assert {c.value for c in risky} >= FORMULA_TEXTS | {"=SUM(A1:A9)"}
    assert all(c.data_type == "s" and c.quotePrefix for c in risky)
    with zipfile.ZipFile(io.BytesIO(report_xlsx(state))) as package:
        sheets_xml = [package.read(n) for n in package.namelist() if n.startswith("xl/worksheets/")]
    assert not any(b"<f>" in xml or b"<f " in xml for xml in sheets_xml)


def test_players_sheet_ranks_players_with_a_column_per_skill() -> None:
    rows = values(opened(scripted_game())["Players"])
    assert rows == [
        ["id", "name", "team", "score", "rank", "replies", "customer_picks", *GAME_SKILLS],
        ["p2", "Ben", None, 600, 1, 1, 1, 2, 1, 0, 0, 0],
        ["p3", "Cat", None, 500, 2, 2, 1, 0, 1, 1, 0, 0],
        ["p4", "Dan", None, 200, 3, 2, 0, 0, 0, 1, 0, 0],
        ["p1", "Ann", None, 100, 4, 2, 0, 0, 0, 1, 0, 0],
    ]


def test_skills_sheet_names_the_best_reply_and_the_gaps() -> None:
    rows = values(opened(scripted_game())["Skills"])
    assert rows == [
        ["skill", "tags", "targeted", "never_shown", "best_reply"],
        ["empathy", 2, 1, "no", "I'm so sorry, I'll track it now."],
        ["ownership", 2, 1, "no", "I'm so sorry, I'll track it now."],
        ["calm_tone", 3, 1, "no", "@x Calm down please."],
        ["clarity", 0, 1, "yes", None],
        ["follow_up", 0, 0, "yes", None],
    ]


def test_teams_sheet_only_when_the_room_plays_in_teams() -> None:
    teams = {"Red": ["p1", "p2"], "Blue": ["p3"], "Green": ["p4"]}
    workbook = opened(with_teams(scripted_game(), teams, scoring="sum"))
    assert workbook.sheetnames == ["Replies", "Players", "Skills", "Teams"]
    assert values(workbook["Teams"]) == [
        ["team", "members", "total", "mean", "score", "rank"],
        ["Red", 2, 700, 350, 700, 1],
        ["Blue", 1, 500, 500, 500, 2],
        ["Green", 1, 200, 200, 200, 3],
    ]
    assert [row[2] for row in values(workbook["Players"])[1:]] == ["Red", "Blue", "Green", "Red"]


def test_every_sheet_has_a_bold_frozen_header_and_readable_widths() -> None:
    workbook = opened(with_teams(scripted_game(), {"Red": ["p1"], "Blue": ["p2"]}))
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.bold for cell in next(sheet.iter_rows(max_row=1)))
        widths = [dimension.width for dimension in sheet.column_dimensions.values()]
        assert len(widths) == sheet.max_column
        assert all(6 <= width <= 60 for width in widths)
    assert workbook.properties.creator == "Counterplay"


def test_the_writer_never_lets_openpyxl_guess_a_formula_or_an_error() -> None:
    sheet = Sheet("Cells", ["value"], [["#N/A"], ["=1+1"], ["plain"], [None], [3], [2.5]])
    package = workbook_bytes([sheet], created=datetime(2024, 1, 1))
    written = cells(load_workbook(io.BytesIO(package))["Cells"])
    assert [(c.value, c.data_type, c.quotePrefix) for c in written] == [
        ("value", "s", False),
        ("#N/A", "s", False),
        ("=1+1", "s", True),
        ("plain", "s", False),
        (None, "n", False),
        (3, "n", False),
        (2.5, "n", False),
    ]
