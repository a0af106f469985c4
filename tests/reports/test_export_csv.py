import csv
import io

from server.engine.commands import Kick
from server.reports.export import REPLY_COLUMNS, reply_rows, report_csv
from tests.engine.builders import run

from .scripted_game import scripted_game

# The expected CSV, cell by cell, as a table split on "|" (no cell holds one).
EXPECTED_TABLE = """
round|card_id|card_title|customer|author|reply_id|text|votes|customer_pick|skill_tags|points|status|flagged
1|lost-parcel|Lost parcel|Ann|Cat|r1|'=HYPERLINK("http://x.test","go")|1|no|ownership:1|100|shown|no
1|lost-parcel|Lost parcel|Ann|Ben|r2|I'm so sorry, I'll track it now.|3|yes|empathy:2; ownership:1|600|shown|no
1|lost-parcel|Lost parcel|Ann|Dan|r3|Parcels get lost.|0|no||0|shown|no
2|angry-caller|Angry caller|Ben|Dan|r1|'@x Calm down please.|2|no|calm_tone:1|200|shown|no
2|angry-caller|Angry caller|Ben|Cat|r2|'-2 days is the usual delay, I'm sorry.|1|yes|calm_tone:1|400|shown|no
2|angry-caller|Angry caller|Ben|Ann|r3|'+1 for patience; let me check.|1|no|calm_tone:1|100|shown|no
3|double-charge|Double charge|Cat|Ann||I'll refund the double charge today.|0|no|||shown|no
"""  # noqa: E501
# The last row was written before the host ended the game: never on a ballot, never
# scored, still reported.
EXPECTED_ROWS = [line.split("|") for line in EXPECTED_TABLE.strip().splitlines()]


def parsed(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_every_csv_cell_of_the_scripted_game() -> None:
    assert EXPECTED_ROWS[0] == REPLY_COLUMNS
    assert parsed(report_csv(scripted_game())) == EXPECTED_ROWS


def test_csv_is_rfc_4180_with_crlf_and_quoted_fields() -> None:
    text = report_csv(scripted_game())
    lines = text.split("\r\n")
    assert lines[0] == ",".join(REPLY_COLUMNS)
    assert lines[-1] == ""  # every record ends with CRLF
    assert len(lines) == len(EXPECTED_ROWS) + 1
    assert '"\'=HYPERLINK(""http://x.test"",""go"")"' in lines[1]


def test_reply_rows_keep_their_types_for_other_writers() -> None:
    rows = reply_rows(scripted_game())
    assert rows[1] == [
        1,
        "lost-parcel",
        "Lost parcel",
        "Ann",
        "Ben",
        "r2",
        "I'm so sorry, I'll track it now.",
        3,
        True,
        "empathy:2; ownership:1",
        600,
        "shown",
        False,
    ]
    assert (rows[-1][5], rows[-1][10]) == (None, None)


def test_formula_looking_names_are_neutralised_too() -> None:
    state = scripted_game(names=("=SUM(A1:A9)", "+Ben", "-Cat", "@Dan"))
    rows = parsed(report_csv(state))
    assert {row[3] for row in rows[1:]} == {"'=SUM(A1:A9)", "'+Ben", "'-Cat"}
    assert rows[1][4] == "'-Cat"


def test_held_and_hidden_replies_stay_in_the_report_with_their_status() -> None:
    state = scripted_game()
    state.history[0].hidden.append("p2")
    state.history[0].flagged.append("p2")
    state.history[1].held.append("p4")
    rows = parsed(report_csv(state))
    assert (rows[2][4], rows[2][11], rows[2][12]) == ("Ben", "hidden", "yes")
    assert (rows[4][4], rows[4][11], rows[4][12]) == ("Dan", "held", "no")
    assert len(rows) == len(EXPECTED_ROWS)


def test_a_kicked_players_replies_stay_under_their_name() -> None:
    state = run(scripted_game(), Kick(player_id="p4"))
    rows = parsed(report_csv(state))
    assert [row[4] for row in rows[1:]] == ["Cat", "Ben", "Dan", "Dan", "Cat", "Ann", "Ann"]
    assert rows[4][10] == "200"  # the scored round keeps Dan's points
