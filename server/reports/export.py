"""The game report in three shapes: a JSON document of everything, a CSV with one row per
reply, and a workbook with sheets for replies, players, skills and teams."""

import csv
import io
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from server.engine.state import RoomState, Round
from server.protocol.standings import rank_players

from .analytics import GameInsights, PlayerInsight, game_insights
from .cells import ReportValue, csv_text, sheet_value
from .replies import ReplyRecord, player_name, reply_records, skill_tags_text
from .workbook import Sheet, workbook_bytes

ReplyCell = str | int | bool | None

REPLY_COLUMNS = [
    "round",
    "card_id",
    "card_title",
    "customer",
    "author",
    "reply_id",
    "text",
    "votes",
    "customer_pick",
    "skill_tags",
    "points",
    "status",
    "flagged",
]
PLAYER_COLUMNS = ["id", "name", "team", "score", "rank", "replies", "customer_picks"]
SKILL_COLUMNS = ["skill", "tags", "targeted", "never_shown", "best_reply"]
TEAM_COLUMNS = ["team", "members", "total", "mean", "score", "rank"]


def report_document(state: RoomState, insights: GameInsights) -> dict[str, Any]:
    """The whole game as one JSON-ready document (pass `game_insights(state)`). Secrets stay
    out: no tokens, no seed."""
    ranks = {standing.player.id: standing.rank for standing in rank_players(state.players)}
    return {
        "code": state.code,
        "label": state.settings.label,
        "settings": state.settings.model_dump(mode="json"),
        "created_ms": state.created_ms,
        "finished_ms": state.finished_ms,
        "phase": state.phase.value,
        "players": [
            {
                "id": player.id,
                "name": player.name,
                "team": player.team,
                "score": player.score,
                "rank": ranks[player.id],
                "flagged": player.flagged,
            }
            for player in state.players
        ],
        "teams": [team.model_dump(mode="json") for team in insights.teams],
        "rounds": _rounds_document(state),
        "insights": insights.model_dump(mode="json"),
    }


def reply_rows(state: RoomState) -> list[list[ReplyCell]]:
    """One row per reply ever written, in REPLY_COLUMNS order: held, hidden and unscored
    replies included, so nothing a player was told was received goes missing."""
    return [_reply_row(state, record) for record in reply_records(state)]


def report_csv(state: RoomState) -> str:
    """The replies as RFC 4180 CSV with a header row; see `cells` for how it matches the
    workbook's Replies sheet."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(REPLY_COLUMNS)
    for row in reply_rows(state):
        writer.writerow([csv_text(sheet_value(value)) for value in row])
    return buffer.getvalue()


def report_xlsx(state: RoomState) -> bytes:
    """The report as an .xlsx workbook: Replies (the CSV's rows), Players, Skills, and Teams
    when the room plays in teams."""
    insights = game_insights(state)
    sheets = [
        _sheet("Replies", REPLY_COLUMNS, reply_rows(state)),
        _sheet("Players", PLAYER_COLUMNS + state.skills, _player_rows(state, insights)),
        _sheet("Skills", SKILL_COLUMNS, _skill_rows(insights)),
    ]
    if insights.teams:
        sheets.append(_sheet("Teams", TEAM_COLUMNS, _team_rows(insights)))
    return workbook_bytes(sheets, created=_utc(state.created_ms))


def _rounds_document(state: RoomState) -> list[dict[str, Any]]:
    records = reply_records(state)
    return [
        _round_document(state, round_, [r for r in records if r.round is round_])
        for round_ in state.all_rounds()
    ]


def _round_document(state: RoomState, round_: Round, records: list[ReplyRecord]) -> dict[str, Any]:
    card = round_.card
    return {
        "number": round_.number,
        "card": {
            "id": card.id,
            "title": card.title,
            "channel": card.channel.value,
            "skills": list(card.skills),
            "model_reply": card.model_reply,
            "watch_outs": list(card.watch_outs),
            "debrief_question": card.debrief_question,
            "hidden_need": card.hidden_need,
        },
        "customer_id": round_.customer_id,
        "customer_name": player_name(state, round_.customer_id),
        "opening": round_.opening,
        "opening_defaulted": round_.opening_defaulted,
        "revealed": round_.revealed,
        "replies": [_reply_document(state, record) for record in records],
    }


def _reply_document(state: RoomState, record: ReplyRecord) -> dict[str, Any]:
    return {
        "reply_id": record.reply_id,
        "author_id": record.author_id,
        "author_name": player_name(state, record.author_id),
        "text": record.text,
        "votes": record.votes,
        "customer_pick": record.customer_pick,
        "skills": record.skill_tags,
        "points": record.points,
        "status": record.status.value,
        "flagged": record.flagged,
    }


def _reply_row(state: RoomState, record: ReplyRecord) -> list[ReplyCell]:
    round_ = record.round
    return [
        round_.number,
        round_.card.id,
        round_.card.title,
        player_name(state, round_.customer_id),
        player_name(state, record.author_id),
        record.reply_id,
        record.text,
        record.votes,
        record.customer_pick,
        skill_tags_text(record.skill_tags),
        record.points,
        record.status.value,
        record.flagged,
    ]


def _player_rows(state: RoomState, insights: GameInsights) -> list[list[ReportValue]]:
    by_id = {player.id: player for player in insights.players}
    return [
        _player_row(by_id[standing.player.id], standing.rank, state.skills)
        for standing in rank_players(state.players)
    ]


def _player_row(player: PlayerInsight, rank: int, skills: list[str]) -> list[ReportValue]:
    return [
        *(player.id, player.name, player.team, player.score, rank),
        *(player.replies, player.customer_picks),
        *(player.skill_tags[skill] for skill in skills),
    ]


def _skill_rows(insights: GameInsights) -> list[list[ReportValue]]:
    return [
        [
            skill.skill,
            skill.tags,
            skill.targeted,
            skill.skill in insights.never_shown,
            skill.best[0].text if skill.best else None,
        ]
        for skill in insights.skills
    ]


def _team_rows(insights: GameInsights) -> list[list[ReportValue]]:
    return [
        [team.team, team.members, team.total, team.mean, team.score, team.rank]
        for team in insights.teams
    ]


def _sheet(title: str, header: list[str], rows: Sequence[Sequence[ReportValue]]) -> Sheet:
    return Sheet(title, header, [[sheet_value(value) for value in row] for row in rows])


def _utc(epoch_ms: int) -> datetime:
    # openpyxl stores naive datetimes; the report's times are UTC.
    return datetime.fromtimestamp(epoch_ms / 1000, tz=UTC).replace(tzinfo=None)
