"""Reading a deck from YAML, JSON or CSV bytes, refusing what could hurt the server."""

import csv
import io
import json
from typing import Literal

import yaml

from .validation import DeckProblems, Problem

DeckFormat = Literal["yaml", "json", "csv"]
MAX_DECK_BYTES = 256 * 1024
LIST_SEPARATOR = ";"
LIST_FIELDS = ("skills", "watch_outs")


def parse_deck(body: bytes, fmt: DeckFormat, deck_id: str = "", deck_name: str = "") -> object:
    """The deck as plain data, or DeckProblems. CSV holds cards only, so its deck id and
    name come from the caller."""
    if len(body) > MAX_DECK_BYTES:
        raise _problem(
            f"the deck is {len(body) // 1024} KiB; the limit is {MAX_DECK_BYTES // 1024} KiB"
        )
    text = _decode(body)
    if fmt == "json":
        return _load_json(text)
    if fmt == "csv":
        return {"id": deck_id, "name": deck_name, "cards": _load_csv(text)}
    return _load_yaml(text)


def format_for(content_type: str | None, file_name: str = "") -> DeckFormat:
    """Pick the format from a content type or a file name; YAML when nothing says."""
    hint = f"{content_type or ''} {file_name}".lower()
    if "json" in hint:
        return "json"
    if "csv" in hint:
        return "csv"
    return "yaml"


def _problem(message: str) -> DeckProblems:
    return DeckProblems([Problem("body", message)])


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        bad = body[error.start]
        raise _problem(
            f"not UTF-8 text: byte 0x{bad:02x} at position {error.start} (save the file as UTF-8)"
        ) from error


def _load_json(text: str) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        message = f"invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}"
        raise _problem(message) from error
    except RecursionError as error:
        raise _problem("the JSON is nested too deeply") from error


def _load_yaml(text: str) -> object:
    try:
        for token in yaml.scan(text):
            if isinstance(token, yaml.AnchorToken | yaml.AliasToken):
                line = token.start_mark.line + 1
                raise _problem(f"line {line}: YAML anchors and aliases (& and *) are not allowed")
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        where = f"line {error.problem_mark.line + 1}: " if error.problem_mark else ""
        raise _problem(f"{where}invalid YAML: {error.problem}") from error
    except yaml.YAMLError as error:
        raise _problem(f"invalid YAML: {error}") from error
    except RecursionError as error:
        raise _problem("the YAML is nested too deeply") from error


def _load_csv(text: str) -> list[dict[str, object]]:
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    cards: list[dict[str, object]] = []
    try:
        for row in reader:
            if None in row:
                raise _problem(f"line {reader.line_num}: more values than header columns")
            cards.append(_card_from_row(row))
    except csv.Error as error:
        raise _problem(f"line {reader.line_num}: bad CSV ({error})") from error
    return cards


def _card_from_row(row: dict[str, str]) -> dict[str, object]:
    card: dict[str, object] = dict(row)
    for field in LIST_FIELDS:
        if isinstance(row.get(field), str):
            card[field] = [
                item.strip() for item in row[field].split(LIST_SEPARATOR) if item.strip()
            ]
    return card
