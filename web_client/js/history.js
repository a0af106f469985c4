// The facilitator's history on the console's start page: finished games (GET /api/games) and,
// per skill, how often it was shown in each game from the oldest to the newest.

import { fetchGames } from "./api.js";
import { el, replaceContent } from "./dom.js";

/**
 * Wire the history section. `facilitatorKey()` gives the key typed into the form ("" if
 * none); `skillName(id)` a skill's name; `onKeyNeeded()` is called when the server wants the
 * key. Returns {refresh()}.
 */
export function createHistory({ facilitatorKey, skillName, onKeyNeeded }) {
  const ui = {
    filter: document.getElementById("history-label"),
    status: document.getElementById("history-status"),
    body: document.getElementById("history-body"),
  };
  let request = 0;

  async function refresh() {
    const mine = ++request;
    ui.status.textContent = "Loading past games…";
    try {
      const history = await fetchGames(facilitatorKey(), ui.filter.value);
      if (mine !== request) return;
      showLabels(ui.filter, history.labels);
      ui.status.textContent = gamesCount(history.games.length, ui.filter.value);
      replaceContent(ui.body, historyContent(history, skillName));
    } catch (error) {
      if (mine !== request) return;
      replaceContent(ui.body, []);
      ui.status.textContent = historyFailure(error);
      if (error.code === "not_allowed") onKeyNeeded();
    }
  }

  ui.filter.addEventListener("change", refresh);
  return { refresh };
}

function historyFailure(error) {
  if (error.code === "not_allowed") {
    return "Enter this server's facilitator key in the form above to see past games.";
  }
  return `Could not load past games: ${error.message}`;
}

function gamesCount(count, label) {
  if (count === 0) {
    return label ? "No finished games for this group yet." : "No finished games yet.";
  }
  return `${count} finished ${count === 1 ? "game" : "games"}.`;
}

/** The label filter's options: every label, keeping the current choice. */
function showLabels(select, labels) {
  const chosen = select.value;
  replaceContent(select, [
    el("option", { text: "All groups", attrs: { value: "" } }),
    ...labels.map((label) => el("option", { text: label, attrs: { value: label } })),
  ]);
  select.value = labels.includes(chosen) ? chosen : "";
}

function historyContent(history, skillName) {
  if (!history.games.length) return [];
  return [
    el("h3", { className: "history-subtitle", text: "Games" }),
    el("ol", { className: "history-games" }, history.games.map(gameRow)),
    history.trends.length
      ? [
          el("h3", { className: "history-subtitle", text: "Skills over time" }),
          el("p", {
            className: "hint",
            text: "Skill tags per reply, oldest game on the left; the arrow compares the " +
              "newest game with the oldest.",
          }),
          trendList(history.trends, skillName),
        ]
      : null,
  ];
}

function gameRow(game) {
  const facts = [
    `${game.players} ${game.players === 1 ? "player" : "players"}`,
    `${game.rounds} ${game.rounds === 1 ? "round" : "rounds"}`,
  ].join(" · ");
  return el("li", { className: "history-game" }, [
    el("span", { className: "history-date", text: finishedAt(game.finished_ms) }),
    el("span", {
      className: `history-label user-text ${game.label ? "" : "muted"}`.trim(),
      text: game.label || "No group",
    }),
    el("span", { className: "history-facts muted", text: facts }),
  ]);
}

function finishedAt(epochMs) {
  if (!epochMs) return "";
  return new Date(epochMs).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** A row per skill shown in any of the games; the skills no game showed share one line. */
function trendList(trends, skillName) {
  const seen = trends.filter((trend) => trend.rates.some((value) => value > 0));
  const unseen = trends.filter((trend) => !seen.includes(trend));
  const highest = Math.max(0.001, ...seen.flatMap((trend) => trend.rates));
  return [
    seen.length ? trendRows(seen, highest, skillName) : null,
    unseen.length
      ? el("p", { className: "muted trend-unseen" }, [
          el("strong", { text: "Not shown in any of these games: " }),
          unseen.map((trend) => skillName(trend.skill)).join(", "),
        ])
      : null,
  ];
}

function trendRows(trends, highest, skillName) {
  return el(
    "ul",
    { className: "trend-list" },
    trends.map((trend) =>
      el("li", { className: "trend", attrs: { "data-skill": trend.skill } }, [
        el("span", { className: "trend-skill", text: skillName(trend.skill) }),
        trendBars(trend.rates, highest),
        trendChange(trend.change),
      ]),
    ),
  );
}

/** One small bar per game, as tall as the skill's rate in it. */
function trendBars(rates, highest) {
  const bars = el("span", {
    className: "trend-bars",
    attrs: { role: "img", "aria-label": `Oldest to newest: ${rates.map(rate).join(", ")}` },
  });
  for (const value of rates) {
    const bar = el("span", { className: "trend-bar" });
    bar.style.height = `${Math.max(4, (value / highest) * 100)}%`;
    bars.append(bar);
  }
  return bars;
}

function trendChange(change) {
  if (change === null || change === undefined) {
    return el("span", { className: "trend-change muted", text: "one game so far" });
  }
  const direction = change > 0 ? "up" : change < 0 ? "down" : "same";
  const arrow = { up: "▲", down: "▼", same: "=" }[direction];
  const words = { up: "up by ", down: "down by ", same: "no change " }[direction];
  return el("span", { className: `trend-change is-${direction}` }, [
    el("span", { text: arrow, attrs: { "aria-hidden": "true" } }),
    " ",
    el("span", { className: "visually-hidden", text: words }),
    rate(Math.abs(change)),
  ]);
}

function rate(value) {
  return value.toFixed(2);
}
