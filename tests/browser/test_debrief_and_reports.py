"""After a reveal: the console's debrief on the projector (with its spotlight), the report's
downloads byte for byte, the insights, and the history of finished games on the start page."""

import asyncio
import csv
import io
import uuid
from pathlib import Path

import openpyxl
from playwright.async_api import Page, expect

from tests.support.server import RunningServer

from .flows import UI_TIMEOUT_MS, open_projector
from .pages import LAPTOP, PHONE, PROJECTOR, PageSet
from .workshop import (
    BEN_REPLY,
    CY_REPLY,
    create_room_with_settings,
    host_bot,
    play_round_one,
    reply_with_text,
    report,
    seat_three,
    shoot_on_a_phone,
)

EMPATHY_ONCE = "Empathy \N{MULTIPLICATION SIGN}1"


async def _reach_reveal(page: Page) -> None:
    await expect(page.get_by_role("heading", name="Reveal")).to_be_visible(timeout=UI_TIMEOUT_MS)


async def test_debrief_and_spotlight_on_the_projector(
    pages: PageSet, server: RunningServer
) -> None:
    console, code, token = await create_room_with_settings(pages)
    page = console.page
    projector = await open_projector(pages, console, code, token)
    screen = projector.page
    ana, ben, cy = await seat_three(server, code)
    host = await host_bot(server, code, token)
    await page.get_by_role("button", name="Start game").click()
    await play_round_one(ana, ben, cy)
    revealed = await host.phase("reveal")
    card = revealed["scenario"]["notes"]
    number = reply_with_text(revealed, BEN_REPLY)["id"].removeprefix("r")
    await _reach_reveal(page)

    await expect(page.get_by_label("Round to debrief")).to_have_value("1")
    await page.get_by_role("button", name="Debrief on projector").click()
    debrief = screen.locator(".screen-debrief")
    await expect(debrief.locator(".debrief-model")).to_contain_text(
        card["model_reply"], timeout=UI_TIMEOUT_MS
    )
    await expect(debrief.locator(".debrief-question")).to_contain_text(card["debrief_question"])
    await expect(debrief.locator(".debrief-reply.is-pick")).to_contain_text(BEN_REPLY)
    await expect(debrief).to_contain_text(EMPATHY_ONCE)
    await expect(page.get_by_role("heading", name="Debrief: round 1")).to_be_visible()
    await projector.shoot("issue6-debrief", {"projector": PROJECTOR, "phone": PHONE})
    await console.shoot("issue6-console-debrief", {"laptop": LAPTOP})

    await page.get_by_role("button", name=f"Spotlight reply {number}").click()
    spotlight = screen.locator(".spotlight")
    await expect(spotlight.locator(".spotlight-text")).to_have_text(BEN_REPLY)
    await expect(spotlight.locator(".spotlight-author")).to_have_count(0)
    await expect(screen.locator("#app")).not_to_contain_text("Ben")
    await projector.shoot("issue6-spotlight", {"projector": PROJECTOR})

    await page.get_by_label("Show the author's name in the spotlight").check()
    await expect(spotlight.locator(".spotlight-author")).to_have_text("— Ben")
    await page.get_by_role("button", name="Clear spotlight").click()
    await expect(spotlight).to_have_count(0)
    await expect(debrief).to_be_visible()

    await page.get_by_role("button", name="Back to live").click()
    await expect(debrief).to_have_count(0)
    await expect(screen.locator(".screen-bar")).to_have_count(2)
    await expect(screen.locator("#screen-status")).to_contain_text("Reveal")
    for client in (ana, ben, cy, host):
        await client.close()


def _cells(workbook_bytes: bytes) -> dict[str, list[tuple[object, ...]]]:
    workbook = openpyxl.load_workbook(io.BytesIO(workbook_bytes))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook}


async def _download(page: Page, button: str) -> tuple[str, bytes]:
    async with page.expect_download() as info:
        await page.get_by_role("button", name=button).click()
    download = await info.value
    path = await download.path()
    return download.suggested_filename, await asyncio.to_thread(Path(path).read_bytes)


async def test_insights_and_downloads_match_the_report(
    pages: PageSet, server: RunningServer
) -> None:
    console, code, token = await create_room_with_settings(pages)
    page = console.page
    players = await seat_three(server, code)
    await page.get_by_role("button", name="Start game").click()
    await play_round_one(*players)
    await _reach_reveal(page)

    insights = page.locator(".insights-card")
    await expect(insights.locator(".skill-bar[data-skill='empathy']")).to_contain_text("1 tag")
    await expect(insights).to_contain_text(
        "the customer's pick was also the peers' favourite in 1 of 1 round (100%)"
    )
    await expect(insights.locator(".player-tags-item").filter(has_text="Ben")).to_contain_text(
        EMPATHY_ONCE
    )
    await expect(insights.locator(".insights-missed")).to_contain_text("Missed")
    await console.shoot("issue6-console-insights", {"laptop": LAPTOP, "phone": PHONE})
    await shoot_on_a_phone(page, insights, "issue6-console-insights-card")

    name, body = await _download(page, "Download CSV")
    assert name == f"counterplay-{code}.csv"
    expected_csv = (await report(server, code, token, "csv")).text
    assert body.decode("utf-8") == expected_csv
    rows = list(csv.reader(io.StringIO(expected_csv)))
    assert {row[6] for row in rows[1:]} == {BEN_REPLY, CY_REPLY}

    name, body = await _download(page, "Download Excel")
    assert name == f"counterplay-{code}.xlsx"
    assert _cells(body) == _cells((await report(server, code, token, "xlsx")).content)
    assert list(_cells(body)) == ["Replies", "Players", "Skills"]

    name, body = await _download(page, "Download JSON")
    assert name == f"counterplay-{code}.json"
    assert body == (await report(server, code, token, "json")).content
    for client in players:
        await client.close()


async def test_history_lists_a_finished_game_with_its_skills(
    pages: PageSet, server: RunningServer
) -> None:
    label = f"Billing support {uuid.uuid4().hex[:6]}"
    console, code, _ = await create_room_with_settings(pages, label=label)
    page = console.page
    players = await seat_three(server, code)
    await page.get_by_role("button", name="Start game").click()
    await play_round_one(*players)
    await _reach_reveal(page)
    await page.get_by_role("button", name="End game").click()
    await page.get_by_role("button", name="Yes, end the game").click()
    await expect(page.get_by_role("heading", name="Final standings")).to_be_visible()
    await page.get_by_role("button", name="Set up a new room").click()

    history = page.locator("#history")
    await page.get_by_label("Group").select_option(label)
    await expect(history.locator(".history-game")).to_have_count(1, timeout=UI_TIMEOUT_MS)
    game = history.locator(".history-game")
    await expect(game.locator(".history-label")).to_have_text(label)
    await expect(game).to_contain_text("3 players · 1 round")
    empathy = history.locator(".trend[data-skill='empathy']")
    await expect(empathy).to_contain_text("Empathy")
    await expect(empathy.locator(".trend-bar")).to_have_count(1)
    await expect(empathy).to_contain_text("one game so far")
    await console.shoot("issue6-console-history", {"laptop": LAPTOP, "phone": PHONE})
    for client in players:
        await client.close()
