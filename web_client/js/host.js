// The facilitator console: open a room, run the lobby, steer each phase, see the full card,
// moderate, debrief on the projector, and finish with the standings, every round's results,
// what the room showed and the report's downloads. Before a room exists: the history.

import { createAnnouncer } from "./announcer.js";
import { createRoom, fetchDecks, joinUrl, qrCodeUrl } from "./api.js";
import { RoomConnection } from "./connection.js";
import { Countdown } from "./countdown.js";
import { createHistory } from "./history.js";
import { createDebriefControl, createDebriefPanel, revealedRounds } from "./host-debrief.js";
import {
  canBringBack,
  createQueuePanel,
  flaggedBadge,
} from "./host-moderation.js";
import {
  clearSettingsProblems,
  formProblem,
  settingsFromForm,
  showSettingsProblems,
} from "./host-settings.js";
import { createInsightsPanel } from "./insights.js";
import {
  el,
  nameInText,
  nameTag,
  renderWhenChanged,
  replaceContent,
  setShown,
  userText,
} from "./dom.js";
import {
  agentsOf,
  authorName,
  byVotes,
  customerInText,
  customerName,
  namesOf,
  openingQuote,
  phaseAnnouncement,
  replyTitle,
  revealFacts,
  roundLabel,
  scenarioSecrets,
  scenarioSummary,
  standingsList,
  teamStandingsList,
  votedCount,
} from "./game.js";
import { PHASE_NAMES, TIMED_PHASES, friendlyError, points, replyNumber, votes } from "./labels.js";
import { hostSession, roundResults } from "./storage.js";

const ui = {
  create: document.getElementById("create"),
  createForm: document.getElementById("create-form"),
  createError: document.getElementById("create-error"),
  createButton: document.getElementById("create-button"),
  history: document.getElementById("history"),
  deck: document.getElementById("deck"),
  deckDescription: document.getElementById("deck-description"),
  keyField: document.getElementById("key-field"),
  keyInput: document.getElementById("facilitator-key"),
  console: document.getElementById("console"),
  banner: document.getElementById("connection-banner"),
  gameStatus: document.getElementById("game-status"),
  roomChip: document.getElementById("room-chip"),
  roundLabel: document.getElementById("round-label"),
  phaseLabel: document.getElementById("phase-label"),
};

const countdown = new Countdown();
document.getElementById("countdown-slot").append(countdown.root);
const announce = createAnnouncer(document.getElementById("announcer"));

let session = null;
let connection = null;
let panels = null;
let lastPhaseKey = null;
let skillNames = new Map();
let latestReport = null;
let lastState = null;

const pastGames = createHistory({
  facilitatorKey: () => ui.keyInput.value.trim(),
  skillName: (id) => skillNames.get(id) ?? id,
  onKeyNeeded: () => setShown(ui.keyField, true),
});
ui.keyInput.addEventListener("change", () => pastGames.refresh());

// ---------------------------------------------------------------- creating a room

async function loadDecks() {
  try {
    const catalogue = await fetchDecks();
    skillNames = new Map(catalogue.skills.map((skill) => [skill.id, skill.name]));
    replaceContent(
      ui.deck,
      catalogue.decks.map((deck) =>
        el("option", { text: `${deck.name} (${deck.cards} cards)`, attrs: { value: deck.id } }),
      ),
    );
    ui.deck.value = catalogue.decks.some((d) => d.id === "core") ? "core" : catalogue.decks[0]?.id;
    const describe = () => {
      ui.deckDescription.textContent =
        catalogue.decks.find((deck) => deck.id === ui.deck.value)?.description ?? "";
    };
    ui.deck.addEventListener("change", describe);
    describe();
  } catch {
    ui.deckDescription.textContent = "Could not load the deck list; the Core deck will be used.";
  }
}

ui.createForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  if (!ui.createForm.reportValidity()) return;
  clearSettingsProblems(ui.createForm);
  const settings = settingsFromForm(ui.createForm);
  const problem = formProblem(settings);
  if (problem) {
    const problems = [{ field: "teams", message: problem }];
    showSettingsProblems(ui.createForm, ui.createError, problems)?.focus();
    return;
  }
  ui.createButton.disabled = true;
  ui.createError.textContent = "";
  try {
    const room = await createRoom(settings, ui.keyInput.value.trim());
    startConsole({ code: room.code, host_token: room.host_token, join_url: room.join_url });
  } catch (error) {
    if (error.code === "invalid_settings" && error.problems.length) {
      showSettingsProblems(ui.createForm, ui.createError, error.problems)?.focus();
    } else if (error.code === "not_allowed") {
      setShown(ui.keyField, true);
      ui.createError.textContent = ui.keyInput.value
        ? "That facilitator key was not accepted."
        : "This server needs its facilitator key to open rooms.";
      ui.keyInput.focus();
    } else {
      ui.createError.textContent = `Could not create the room: ${error.message}`;
    }
  } finally {
    ui.createButton.disabled = false;
  }
});

function showCreateForm(message = "") {
  connection?.stop();
  connection = null;
  session = null;
  hostSession.forget();
  setShown(ui.create, true);
  setShown(ui.history, true);
  pastGames.refresh();
  setShown(ui.console, false);
  setShown(ui.gameStatus, false);
  countdown.root.hidden = true;
  showBanner("");
  ui.createError.textContent = message;
}

// ---------------------------------------------------------------- the console

function startConsole(newSession) {
  session = newSession;
  hostSession.set(session);
  setShown(ui.create, false);
  setShown(ui.history, false);
  setShown(ui.console, true);
  latestReport = null;
  panels = buildConsole();
  replaceContent(ui.console, panels.root);
  lastPhaseKey = null;
  connection?.stop();
  connection = new RoomConnection(session.code, {
    hello: () => ({ type: "host", token: session.host_token }),
    onSnapshot: showSnapshot,
    onHelloRefused(error) {
      if (error.code === "store_unavailable") {
        setTimeout(() => startConsole(session), 2000);
        return;
      }
      const reason = friendlyError(error.code, error.message);
      showCreateForm(`Could not open room ${session.code}: ${reason}`);
    },
    onStatus(status) {
      showBanner(status === "reconnecting" ? "Reconnecting…" : "");
    },
  });
  connection.start();
}

function showBanner(text) {
  setShown(ui.banner, Boolean(text));
  ui.banner.textContent = text;
}

/** Send a host command; errors show in the console's status line. */
async function command(message, done = "") {
  panels.status.textContent = "";
  try {
    await connection.request(message);
    if (done) panels.status.textContent = done;
  } catch (error) {
    panels.status.textContent = friendlyError(error.code, error.message);
  }
}

function button(text, onClick, className = "button") {
  return el("button", { className, text, attrs: { type: "button" }, on: { click: onClick } });
}

function buildConsole() {
  const controls = {
    start: button("Start game", () => command({ type: "start" }), "button button-primary"),
    pause: button("Pause", () => command({ type: "pause" })),
    resume: button("Resume", () => command({ type: "resume" }), "button button-primary"),
    skip: button("Skip", () => command({ type: "skip" })),
    extend: button("Add 30 seconds", () => command({ type: "extend", seconds: 30 })),
    lock: button("Lock room", () => command({ type: panels.locked ? "unlock" : "lock" })),
    projector: button("Open projector view", openProjector),
    end: button("End game", () => setShown(controls.endConfirm, true), "button button-danger"),
    endConfirm: el("div", { className: "confirm", attrs: { hidden: true } }, [
      el("p", { text: "End the game now? A round not yet revealed is not scored." }),
      el("div", { className: "button-row" }, [
        button("Yes, end the game", () => {
          setShown(controls.endConfirm, false);
          command({ type: "end" });
        }, "button button-danger"),
        button("Cancel", () => setShown(controls.endConfirm, false)),
      ]),
    ]),
    newRoom: button("Set up a new room", () => showCreateForm(), "button button-primary"),
  };
  const status = el("p", { className: "console-status", attrs: { role: "status" } });
  const debriefControl = createDebriefControl(command);
  const debrief = createDebriefPanel(command, () => skillNames);
  const queue = createQueuePanel(command);
  const insights = createInsightsPanel({
    session: () => session,
    skillNames: () => skillNames,
    onReport(report) {
      latestReport = report;
      if (lastState) panels.debriefControl.update(lastState, revealedRounds(lastState, report));
    },
  });
  const region = (className, label) => el("section", { className, attrs: { "aria-label": label } });
  const lobby = region("card lobby-card", "Join details");
  const phase = region("card phase-card", "This phase");
  const card = region("card card-secret", "The card");
  const replies = region("host-replies", "Replies");
  const results = region("results", "Results");
  const rosterTitle = el("h2");
  const roster = el("ul", { className: "host-roster" });
  const teams = el("section", { className: "card", attrs: { "aria-labelledby": "teams-heading" } });
  const root = el("div", { className: "console-grid" }, [
    el("div", { className: "console-main" }, [
      debrief.root,
      lobby,
      phase,
      queue.root,
      card,
      replies,
      results,
      insights.root,
    ]),
    el("aside", { className: "console-side", attrs: { "aria-label": "Controls and players" } }, [
      el("section", { className: "card controls", attrs: { "aria-label": "Game controls" } }, [
        el("h2", { text: "Controls" }),
        el("div", { className: "button-row" }, [
          controls.start,
          controls.pause,
          controls.resume,
          controls.skip,
          controls.extend,
        ]),
        el("div", { className: "button-row" }, [
          controls.lock,
          controls.projector,
          controls.end,
          controls.newRoom,
        ]),
        controls.endConfirm,
        debriefControl.root,
        status,
      ]),
      el("section", { className: "card" }, [rosterTitle, roster]),
      teams,
    ]),
  ]);
  return {
    root,
    controls,
    status,
    lobby,
    phase,
    card,
    replies,
    results,
    rosterTitle,
    roster,
    teams,
    debrief,
    debriefControl,
    queue,
    insights,
    locked: false,
  };
}

function openProjector() {
  const fragment = new URLSearchParams({ room: session.code, token: session.host_token });
  window.open(`/screen#${fragment}`, "_blank", "noopener");
}

// ---------------------------------------------------------------- snapshots

function showSnapshot(state, receivedAt) {
  lastState = state;
  setShown(ui.gameStatus, true);
  ui.roomChip.textContent = `Room ${state.code}`;
  ui.roundLabel.textContent = roundLabel(state);
  ui.phaseLabel.textContent = PHASE_NAMES[state.phase] ?? state.phase;
  countdown.sync(state, receivedAt);
  const phaseKey = `${state.phase}|${state.round}`;
  if (phaseKey !== lastPhaseKey) {
    lastPhaseKey = phaseKey;
    announce(phaseAnnouncement(state));
  }
  panels.locked = state.locked;
  recordRoundResults(state);
  updateControls(state);
  updateLobby(state);
  updatePhase(state);
  // The queue first: it tells the ballot who wrote the held replies (for "Bring back").
  panels.queue.update(state);
  updateCard(state);
  updateReplies(state);
  updateResults(state);
  updateRoster(state);
  updateTeams(state);
  panels.debrief.update(state);
  panels.insights.update(state);
  panels.debriefControl.update(state, revealedRounds(state, latestReport));
}

function updateControls(state) {
  const { controls } = panels;
  const timed = TIMED_PHASES.includes(state.phase);
  const finished = state.phase === "finished";
  setShown(controls.start, state.phase === "lobby");
  setShown(controls.pause, timed && !state.paused);
  setShown(controls.resume, timed && state.paused);
  setShown(controls.skip, timed);
  setShown(controls.extend, timed);
  setShown(controls.end, !finished);
  setShown(controls.newRoom, finished);
  setShown(controls.lock, !finished);
  if (finished) setShown(controls.endConfirm, false);
  controls.lock.textContent = state.locked ? "Unlock room" : "Lock room";
}

function updateLobby(state) {
  const inLobby = state.phase === "lobby";
  setShown(panels.lobby, inLobby);
  if (!inLobby) return;
  renderWhenChanged(panels.lobby, state.code, () => lobbyDetails(state.code));
  const connected = state.players.filter((p) => p.connected).length;
  panels.lobby.querySelector(".lobby-count").textContent =
    connected >= 3
      ? `${connected} players connected. Start when everyone is in.`
      : `${connected} connected; at least 3 are needed to start.`;
}

function lobbyDetails(code) {
  const link = session.join_url || joinUrl(code);
  const copyStatus = el("span", { className: "copy-status", attrs: { role: "status" } });
  const joinLink = el("a", {
    className: "join-link",
    text: link,
    attrs: { href: link, target: "_blank", rel: "noopener" },
  });
  return [
    el("div", { className: "lobby-join" }, [
      el("div", {}, [
        el("h1", { className: "big-code-label" }, [
          "Room code ",
          el("span", { className: "big-code", text: code }),
        ]),
        el("p", {}, ["Players join at ", joinLink]),
        el("div", { className: "button-row" }, [
          button("Copy link", async () => {
            copyStatus.textContent = (await copyText(link, joinLink))
              ? "Link copied."
              : "Selected: press Ctrl+C (or ⌘C) to copy it.";
          }),
          copyStatus,
        ]),
        el("p", { className: "lobby-count lead" }),
      ]),
      el("img", {
        className: "qr",
        attrs: { src: qrCodeUrl(code), alt: `QR code to join room ${code}`, width: 240 },
      }),
    ]),
  ];
}

/** Copy `text`; where the clipboard is out of reach (plain http), select `node` instead. */
async function copyText(text, node) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const range = document.createRange();
    range.selectNodeContents(node);
    window.getSelection()?.removeAllRanges();
    window.getSelection()?.addRange(range);
    return false;
  }
}

function updatePhase(state) {
  const inRound = TIMED_PHASES.includes(state.phase);
  setShown(panels.phase, inRound);
  if (!inRound) return;
  const roster = state.players.map((p) => [p.id, p.name, p.connected]);
  const key = JSON.stringify([state.phase, state.round, state.paused, state.progress, roster]);
  renderWhenChanged(panels.phase, key, () => phaseDetails(state));
}

function phaseDetails(state) {
  const heading = el("h1", {}, [
    PHASE_NAMES[state.phase],
    state.paused ? el("span", { className: "badge badge-paused", text: "Paused" }) : null,
  ]);
  const customer = el("p", {}, ["Customer this round: ", customerInText(state)]);
  return [heading, customer, ...phaseProgress(state)];
}

function phaseProgress(state) {
  const { progress } = state;
  switch (state.phase) {
    case "briefing":
      return [el("p", { className: "muted", text: "Waiting for the customer's opening line." })];
    case "replying":
      return whoActed("Replied", "Still writing", state, progress.replied, agentsOf(state));
    case "voting":
      return whoActed("Voted", "Still to vote", state, progress.voted, state.players);
    default:
      return [el("p", { className: "muted", text: `${votes(votedCount(state))} this round.` })];
  }
}

/** "Replied (2 of 3): Ana, Ben" and "Still writing: Chloé", names only. */
function whoActed(doneLabel, waitingLabel, state, actedIds, everyone) {
  const acted = new Set(actedIds);
  const waiting = everyone.filter((p) => p.connected && !acted.has(p.id)).map((p) => p.name);
  const done = namesOf(state, actedIds);
  const expected = everyone.filter((p) => p.connected || acted.has(p.id)).length;
  return [
    el("p", { className: "progress-names" }, [
      el("strong", { text: `${doneLabel} (${done.length} of ${expected}): ` }),
      nameList(done),
    ]),
    el("p", { className: "progress-names muted" }, [
      el("strong", { text: `${waitingLabel}: ` }),
      nameList(waiting),
    ]),
  ];
}

function nameList(names) {
  if (!names.length) return "nobody";
  return names.flatMap((name, index) => (index ? [", ", nameTag(name)] : [nameTag(name)]));
}

function updateCard(state) {
  const shown = Boolean(state.scenario);
  setShown(panels.card, shown);
  if (!shown) return;
  const key = JSON.stringify([state.round, state.scenario.id, state.opening, state.opening_flagged]);
  renderWhenChanged(panels.card, key, () => [
    scenarioSummary(state.scenario),
    scenarioSecrets(state.scenario, { forHost: true }),
    trainedSkills(state.scenario),
    state.opening ? openingQuote(state) : null,
    state.opening ? flaggedBadge(state.opening_flagged) : null,
  ]);
}

function trainedSkills(scenario) {
  const skills = scenario.notes?.skills ?? [];
  if (!skills.length) return null;
  const names = skills.map((id) => skillNames.get(id) ?? id);
  return el("p", { className: "muted", text: `Skills this card trains: ${names.join(", ")}` });
}

function updateReplies(state) {
  const shown = state.replies.length > 0 || state.phase === "voting";
  setShown(panels.replies, shown);
  if (!shown) return;
  const revealed = state.phase !== "voting";
  const key = JSON.stringify([state.round, state.phase, state.replies]);
  const ordered = revealed ? byVotes(state.replies) : state.replies;
  renderWhenChanged(panels.replies, key, () => [
    el("h2", { text: revealed ? "Replies and votes" : "Replies on the ballot" }),
    state.replies.length ? null : el("p", { className: "empty", text: "No replies this round." }),
    ...ordered.map((reply) => hostReplyCard(reply, state, revealed)),
  ]);
}

function hostReplyCard(reply, state, revealed) {
  const index = state.replies.indexOf(reply);
  const number = replyNumber(reply, index);
  const moderation = reply.moderation; // the host's ballot always has it
  const pick = reply.result?.customer_pick;
  const classes = ["reply-card", moderation.hidden && "is-hidden", pick && "is-pick"];
  return el("article", { className: classes.filter(Boolean).join(" ") }, [
    el("h3", { className: "reply-title" }, [
      replyTitle(reply, index),
      flaggedBadge(moderation.flagged),
      moderation.hidden ? el("span", { className: "badge", text: "Hidden from players" }) : null,
      moderation.held ? el("span", { className: "badge", text: "Waiting for approval" }) : null,
    ]),
    userText("p", reply.text, "reply-text"),
    revealed ? revealFacts(reply, state, skillNames) : null,
    moderation.hidden ? bringBackButton(reply, number, state) : hideButton(reply, number),
  ]);
}

function hideButton(reply, number) {
  return el("button", {
    className: "button button-small button-danger",
    text: "Hide",
    attrs: { type: "button", "aria-label": `Hide reply ${number}` },
    on: { click: () => command({ type: "hide", reply_id: reply.id }, `Hid reply ${number}.`) },
  });
}

/** "Bring back" for a hidden reply, while votes can still change. */
function bringBackButton(reply, number, state) {
  const author = reply.moderation?.author_id; // the host's ballot always names the author
  if (!author || !canBringBack(state)) return null;
  return el("button", {
    className: "button button-small",
    text: "Bring back",
    attrs: { type: "button", "aria-label": `Bring back reply ${number}` },
    on: {
      click: () =>
        command(
          { type: "review", player_id: author, approve: true },
          `Brought back reply ${number}.`,
        ),
    },
  });
}

// ---------------------------------------------------------------- results

/** Keep each round's results as seen at its reveal, for the summary at the end. */
function recordRoundResults(state) {
  if (state.phase !== "reveal" && state.phase !== "scoreboard") return;
  const results = roundResults.get(state.code);
  results[state.round] = {
    round: state.round,
    title: state.scenario?.title ?? "",
    customer: customerName(state) ?? "",
    opening: state.opening ?? "",
    replies: byVotes(state.replies).map((reply) => ({
      number: replyNumber(reply, state.replies.indexOf(reply)),
      text: reply.text,
      author: authorName(reply, state) ?? "a player who left",
      votes: reply.result?.votes ?? 0,
      customerPick: Boolean(reply.result?.customer_pick),
      points: reply.result?.points ?? 0,
      hidden: Boolean(reply.moderation?.hidden),
    })),
  };
  roundResults.set(state.code, results);
}

function updateResults(state) {
  const finished = state.phase === "finished";
  setShown(panels.results, finished);
  if (!finished) return;
  const key = JSON.stringify(state.players);
  renderWhenChanged(panels.results, key, () => {
    const rounds = Object.values(roundResults.get(state.code)).sort((a, b) => a.round - b.round);
    return [
      el("section", { className: "card" }, [
        el("h1", { text: "Final standings" }),
        standingsList(state.players),
      ]),
      el("h2", { className: "section-title", text: "Round by round" }),
      rounds.length
        ? rounds.map(roundSummary)
        : el("p", {
            className: "empty",
            text: "No round was revealed while this console was open.",
          }),
    ];
  });
}

function roundSummary(result) {
  return el("details", { className: "card details round-summary", attrs: { open: true } }, [
    el("summary", {}, [
      `Round ${result.round}: ${result.title} (customer `,
      nameInText(result.customer),
      ")",
    ]),
    result.opening ? userText("blockquote", result.opening, "round-opening") : null,
    el(
      "ol",
      { className: "round-replies" },
      result.replies.map((reply) =>
        el("li", { className: reply.customerPick ? "is-pick" : "" }, [
          userText("p", reply.text, "reply-text"),
          el("p", { className: "reveal-facts" }, [
            el("span", { className: "reveal-author" }, ["By ", nameTag(reply.author)]),
            el("span", { className: "tag", text: votes(reply.votes) }),
            reply.customerPick
              ? el("span", { className: "tag tag-pick", text: "Customer's pick" })
              : null,
            el("span", { className: "tag", text: `+${points(reply.points)}` }),
            reply.hidden ? el("span", { className: "tag", text: "Hidden" }) : null,
          ]),
        ]),
      ),
    ),
  ]);
}

// ---------------------------------------------------------------- roster

function updateRoster(state) {
  panels.rosterTitle.textContent = `Players (${state.players.length})`;
  const flagged = new Set(state.flagged_names);
  const key = JSON.stringify([state.phase, state.players, state.flagged_names]);
  renderWhenChanged(panels.roster, key, () =>
    state.players.map((player) =>
      el("li", { className: `host-roster-item ${player.connected ? "" : "is-offline"}`.trim() }, [
        el("span", { className: "host-roster-who" }, [
          nameTag(player.name),
          flaggedBadge(flagged.has(player.id)),
          player.team ? nameTag(player.team, "tag tag-team") : null,
          player.id === state.customer_id
            ? el("span", { className: "badge", text: "Customer" })
            : null,
          player.connected ? null : el("span", { className: "muted", text: " (offline)" }),
        ]),
        el("span", {
          className: "host-roster-score",
          text: state.phase === "lobby" ? "" : points(player.score),
        }),
        state.phase === "finished"
          ? null
          : el("button", {
              className: "button button-small button-danger",
              text: "Kick",
              attrs: { type: "button", "aria-label": `Kick ${player.name}` },
              on: { click: () => command({ type: "kick", player_id: player.id }) },
            }),
      ]),
    ),
  );
}

function updateTeams(state) {
  const { teams } = panels;
  setShown(teams, state.settings.team_names.length > 0);
  renderWhenChanged(teams, JSON.stringify(state.teams), () => [
    el("h2", { text: "Teams", attrs: { id: "teams-heading" } }),
    state.teams.length
      ? teamStandingsList(state.teams)
      : el("p", { className: "empty", text: "No team has players yet." }),
  ]);
}

// ---------------------------------------------------------------- start

const saved = hostSession.get();
if (saved?.code && saved?.host_token) startConsole(saved);
loadDecks().finally(() => {
  if (!session) pastGames.refresh();
});
