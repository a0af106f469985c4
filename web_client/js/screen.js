// The projector view: what the whole room may see, large enough to read from the back.
// The room and host token arrive in the address fragment (never sent to the server), and are
// then kept in this tab's sessionStorage and taken out of the address bar.

import { createAnnouncer } from "./announcer.js";
import { fetchDecks, joinUrl, qrCodeUrl } from "./api.js";
import { RoomConnection } from "./connection.js";
import { Countdown } from "./countdown.js";
import { el, nameTag, renderWhenChanged, replaceContent, setShown, userText } from "./dom.js";
import { debriefView } from "./screen-debrief.js";
import {
  agentCount,
  authorName,
  byVotes,
  customerInText,
  customerName,
  leaderboardNote,
  openingQuote,
  partialNote,
  phaseAnnouncement,
  playerCount,
  rankedPlayers,
  repliedCount,
  replyTitle,
  roundLabel,
  scenarioSummary,
  standingsList,
  teamStandingsList,
  votedCount,
} from "./game.js";
import { PHASE_NAMES, STYLE_NAMES, friendlyError, ordinal, points, votes } from "./labels.js";
import { screenSession } from "./storage.js";

const stage = document.getElementById("app");
const statusLine = document.getElementById("screen-status");
const banner = document.getElementById("connection-banner");
const countdown = new Countdown("countdown-big");
document.getElementById("countdown-slot").append(countdown.root);
const announce = createAnnouncer(document.getElementById("announcer"));
let skillNames = new Map();
let lastPhaseKey = null;

fetchDecks()
  .then((catalogue) => {
    skillNames = new Map(catalogue.skills.map((skill) => [skill.id, skill.name]));
  })
  .catch(() => {});

/** {room, token} from `#room=…&token=…`, else from this tab's storage. */
function readSession() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const room = fragment.get("room");
  const token = fragment.get("token");
  if (room && token) {
    screenSession.set({ room: room.toUpperCase(), token });
    history.replaceState(null, "", location.pathname);
  }
  return screenSession.get();
}

function showMessage(title, text) {
  replaceContent(
    stage,
    el("section", { className: "screen-message" }, [el("h1", { text: title }), el("p", { text })]),
  );
}

function showBanner(text) {
  setShown(banner, Boolean(text));
  banner.textContent = text;
}

function start() {
  const session = readSession();
  if (!session) return;
  const connection = new RoomConnection(session.room, {
    hello: () => ({ type: "host", token: session.token, screen: true }),
    onSnapshot: showSnapshot,
    onHelloRefused: (error) =>
      showMessage("Cannot show this room", friendlyError(error.code, error.message)),
    onStatus: (status) => showBanner(status === "reconnecting" ? "Reconnecting…" : ""),
  });
  connection.start();
}

// ---------------------------------------------------------------- snapshots

function showSnapshot(state, receivedAt) {
  const phaseName = state.debrief
    ? `Debrief of round ${state.debrief.round}`
    : PHASE_NAMES[state.phase];
  statusLine.textContent = [`Room ${state.code}`, roundLabel(state), phaseName]
    .filter(Boolean)
    .join(" · ");
  countdown.sync(state, receivedAt);
  const phaseKey = `${state.phase}|${state.round}`;
  if (phaseKey !== lastPhaseKey) {
    lastPhaseKey = phaseKey;
    announce(phaseAnnouncement(state));
  }
  document.body.dataset.phase = state.debrief ? "debrief" : state.phase;
  renderWhenChanged(stage, viewKey(state), () =>
    state.debrief ? debriefView(state.debrief, skillNames) : VIEWS[state.phase](state),
  );
}

/** Everything a view draws from; the stage is rebuilt only when it changes. */
function viewKey(state) {
  return JSON.stringify([
    state.phase,
    state.round,
    state.paused,
    state.players,
    state.scenario?.id,
    state.scenario?.hidden_need,
    state.opening,
    state.replies,
    state.progress,
    state.player_count,
    state.customer_name,
    state.teams,
    state.debrief,
    skillNames.size,
  ]);
}

const VIEWS = {
  lobby: lobbyView,
  briefing: briefingView,
  replying: replyingView,
  voting: votingView,
  reveal: revealView,
  scoreboard: scoreboardView,
  finished: finishedView,
};

function lobbyView(state) {
  const link = joinUrl(state.code);
  return el("section", { className: "screen-lobby" }, [
    el("div", { className: "lobby-text" }, [
      el("p", { className: "screen-kicker", text: "Join on your phone" }),
      el("p", { className: "screen-url", text: withoutSchemeAndQuery(link) }),
      el("h1", { className: "screen-code-label" }, [
        "Room code ",
        el("span", { className: "screen-code", text: state.code }),
      ]),
      el("p", { className: "screen-count", text: joinedCount(playerCount(state)) }),
    ]),
    el("img", {
      className: "screen-qr",
      attrs: { src: qrCodeUrl(state.code), alt: `QR code to join room ${state.code}`, width: 480 },
    }),
    lobbyRoster(state),
  ]);
}

/** The names of those who joined, or (in an anonymous room, which sends none) a line that
 *  says why there are none. */
function lobbyRoster(state) {
  if (state.settings.anonymous) {
    return el("p", { className: "screen-note", text: "Names stay off this screen in this game." });
  }
  if (!state.players.length) return null;
  return el(
    "ul",
    { className: "screen-roster", attrs: { "aria-label": "Players" } },
    state.players.map((p) => el("li", { className: "screen-roster-item" }, [nameTag(p.name)])),
  );
}

/** "example.com/play" from "https://example.com/play?room=ABC123": short enough to type. */
function withoutSchemeAndQuery(link) {
  return link.replace(/^https?:\/\//, "").replace(/\?.*$/, "");
}

function styleName(scenario) {
  return STYLE_NAMES[scenario.style] ?? scenario.style;
}

function joinedCount(count) {
  return `${count} ${count === 1 ? "player has" : "players have"} joined`;
}

function briefingView(state) {
  return el("section", { className: "screen-round" }, [
    el(
      "p",
      { className: "screen-kicker" },
      customerName(state) === null
        ? "The customer is reading their card"
        : [customerInText(state), " is the customer and is reading their card"],
    ),
    scenarioSummary(state.scenario, { headingLevel: "h1" }),
  ]);
}

function replyingView(state) {
  const agents = agentCount(state);
  return el("section", { className: "screen-round" }, [
    openingQuote(state),
    el("p", {
      className: "screen-progress",
      text: `${repliedCount(state)} of ${agents} replies in. Reply on your phone.`,
    }),
    el("div", { className: "screen-context" }, [
      scenarioSummary(state.scenario, { headingLevel: "h2" }),
    ]),
  ]);
}

function sizeClass(count) {
  if (count > 12) return "count-lots";
  if (count > 6) return "count-many";
  return "count-few";
}

function votingView(state) {
  return el("section", { className: "screen-round" }, [
    el("p", { className: "screen-kicker", text: "Vote on your phone for the best reply" }),
    openingQuote(state),
    el(
      "div",
      { className: `screen-replies ${sizeClass(state.replies.length)}` },
      state.replies.length
        ? state.replies.map((reply, index) =>
            el("article", { className: "screen-reply" }, [
              el("h2", { className: "screen-reply-title", text: replyTitle(reply, index) }),
              userText("p", reply.text, "screen-reply-text"),
            ]),
          )
        : el("p", { className: "screen-kicker", text: "No replies this round." }),
    ),
    partialNote(state.replies.length, repliedCount(state), "replies"),
    el("p", { className: "screen-progress", text: `${votes(votedCount(state))} cast` }),
  ]);
}

function revealView(state) {
  const most = Math.max(1, ...state.replies.map((reply) => reply.result?.votes ?? 0));
  return el("section", { className: "screen-round" }, [
    el("div", { className: `screen-need ${sizeClass(state.replies.length)}` }, [
      el("h1", { text: "What the customer really needed" }),
      el("p", { className: "screen-need-text", text: state.scenario?.hidden_need ?? "" }),
      state.scenario?.style
        ? el("p", { className: "screen-need-style", text: styleName(state.scenario) })
        : null,
    ]),
    el(
      "ol",
      { className: `screen-bars ${sizeClass(state.replies.length)}` },
      byVotes(state.replies).map((reply) => voteBar(reply, state, most)),
    ),
    partialNote(state.replies.length, repliedCount(state), "replies (the most voted)"),
  ]);
}

function voteBar(reply, state, most) {
  const fill = el("span", { className: "screen-bar-fill" });
  const result = reply.result;
  fill.style.width = `${((result?.votes ?? 0) / most) * 100}%`;
  const author = authorName(reply, state);
  const skills = Object.entries(result?.skills ?? {})
    .sort((a, b) => b[1] - a[1])
    .map(([id, count]) => `${skillNames.get(id) ?? id} ×${count}`)
    .join(", ");
  const score = `${votes(result?.votes ?? 0)} · +${points(result?.points ?? 0)}`;
  const title = replyTitle(reply, state.replies.indexOf(reply));
  return el("li", { className: result?.customer_pick ? "screen-bar is-pick" : "screen-bar" }, [
    el("div", { className: "screen-bar-head" }, [
      el("span", { className: "screen-bar-title", text: title }),
      byLine(author, state),
      result?.customer_pick
        ? el("span", { className: "screen-pick", text: "★ Customer's pick" })
        : null,
      el("span", { className: "screen-bar-votes", text: score }),
    ]),
    el("div", { className: "screen-bar-track", attrs: { "aria-hidden": "true" } }, [fill]),
    userText("p", reply.text, "screen-bar-text"),
    skills ? el("p", { className: "screen-bar-skills", text: skills }) : null,
  ]);
}

/** "by Ana"; nothing in an anonymous room, where the projector is sent no authors. */
function byLine(author, state) {
  if (!author && state.settings.anonymous) return null;
  return el("span", { className: "screen-bar-author" }, [
    "by ",
    author ? nameTag(author) : "a player who left",
  ]);
}

function scoreboardView(state) {
  return leaderboard(state, "Scoreboard");
}

function finishedView(state) {
  return leaderboard(state, "Final standings");
}

/** The podium and the rest, from the lines the room's leaderboard setting makes public, why
 *  others are missing, and the teams' standings. */
function leaderboard(state, title) {
  const note = state.settings.anonymous
    ? "Names stay off this screen: everyone sees their own score on their phone."
    : leaderboardNote(state);
  return el("section", { className: "screen-leaderboard" }, [
    el("h1", { className: "screen-title", text: title }),
    state.settings.anonymous
      ? el("p", { className: "screen-tally", text: playersInGame(state) })
      : null,
    podiumAndRest(rankedPlayers(state.players)),
    // A big room sends the projector the top of the standings only.
    state.settings.anonymous ? null : partialNote(state.players.length, playerCount(state), "players"),
    note ? el("p", { className: "screen-note", text: note }) : null,
    state.teams.length
      ? el("section", { className: "screen-teams", attrs: { "aria-label": "Team standings" } }, [
          el("h2", { className: "screen-teams-title", text: "Teams" }),
          teamStandingsList(state.teams),
        ])
      : null,
  ]);
}

/** "4 players in this game": the anonymous projector's count instead of names. */
function playersInGame(state) {
  const count = playerCount(state);
  return `${count} ${count === 1 ? "player" : "players"} in this game`;
}

function podiumAndRest(ranked) {
  if (!ranked.length) return null;
  const [first, second, third, ...rest] = ranked;
  // In rank order for screen readers; CSS puts the winner in the middle.
  const podium = [
    [first, "podium-first"],
    [second, "podium-second"],
    [third, "podium-third"],
  ].filter(([player]) => player);
  return [
    el(
      "ol",
      { className: "podium", attrs: { "aria-label": "Top three" } },
      podium.map(([player, place]) =>
        el("li", { className: `podium-place ${place}`, attrs: { "data-standing": "" } }, [
          el("span", { className: "podium-rank", text: ordinal(player.rank) }),
          nameTag(player.name, "standing-name podium-name"),
          el("span", { className: "standing-score podium-score", text: points(player.score) }),
          el("span", { className: "podium-block", attrs: { "aria-hidden": "true" } }),
        ]),
      ),
    ),
    rest.length ? standingsList(rest, { className: "screen-rest" }) : null,
  ];
}

start();
