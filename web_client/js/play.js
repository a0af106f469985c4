// The player's page: join a room, then one screen per phase and role, kept in step with the
// server's snapshots. Survives reloads and dropped connections with the token it keeps.

import { createAnnouncer } from "./announcer.js";
import { fetchDecks, fetchRoomSummary } from "./api.js";
import { createComposer } from "./composer.js";
import { RoomConnection } from "./connection.js";
import { Countdown } from "./countdown.js";
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
  agentCount,
  byVotes,
  connectedCount,
  customerInText,
  leaderboardNote,
  openingQuote,
  partialNote,
  phaseAnnouncement,
  playerCount,
  rankedPlayers,
  repliedCount,
  replyTitle,
  revealFacts,
  roundLabel,
  scenarioSecrets,
  scenarioSummary,
  standingsList,
  teamStandingsList,
  votedCount,
} from "./game.js";
import {
  PHASE_NAMES,
  STYLE_NAMES,
  friendlyError,
  ordinal,
  points,
  replyNumber,
} from "./labels.js";
import { drafts, playerTokens } from "./storage.js";

const ui = {
  join: document.getElementById("join"),
  joinForm: document.getElementById("join-form"),
  roomInput: document.getElementById("room-code"),
  nameInput: document.getElementById("player-name"),
  joinError: document.getElementById("join-error"),
  joinButton: document.getElementById("join-button"),
  teamField: document.getElementById("team-field"),
  teamOptions: document.getElementById("team-options"),
  stage: document.getElementById("stage"),
  banner: document.getElementById("connection-banner"),
  gameStatus: document.getElementById("game-status"),
  roomChip: document.getElementById("room-chip"),
  roundLabel: document.getElementById("round-label"),
  phaseLabel: document.getElementById("phase-label"),
  scoreLabel: document.getElementById("score-label"),
};

const countdown = new Countdown();
document.getElementById("countdown-slot").append(countdown.root);
const announce = createAnnouncer(document.getElementById("announcer"));

const game = {
  connection: null,
  code: null,
  state: null,
  view: null,
  viewKey: null,
  skills: [],
};

fetchDecks()
  .then((catalogue) => {
    game.skills = catalogue.skills;
  })
  .catch(() => {
    game.skills = [];
  });

/** Room codes are case-insensitive; people type them with spaces and in lower case. */
function normalizeCode(raw) {
  return raw.replace(/\s+/g, "").toUpperCase();
}

// Only a well-formed code is looked up, so typing (or a mistyped link) does not count as
// failed lookups against this address's rate limit.
const ROOM_CODE = /^[ABCDEFGHJKMNPQRTUVWXY346789]{6}$/;

// ---------------------------------------------------------------- teams

let teamsLookedUp = null;

/** Show the team picker when room `code` plays in teams (asked once per code). */
async function lookUpTeams(code, { force = false } = {}) {
  if (!ROOM_CODE.test(code)) {
    teamsLookedUp = null;
    showTeamPicker([]);
    return;
  }
  if (code === teamsLookedUp && !force) return;
  teamsLookedUp = code;
  let teams = [];
  try {
    teams = (await fetchRoomSummary(code)).settings?.teams ?? [];
  } catch {
    // An unknown room is explained when the player presses Join.
  }
  if (normalizeCode(ui.roomInput.value) === code) showTeamPicker(teams);
}

function showTeamPicker(teams) {
  const shown = [...ui.teamOptions.querySelectorAll("input")].map((input) => input.value);
  setShown(ui.teamField, teams.length > 0);
  if (JSON.stringify(shown) === JSON.stringify(teams)) return;
  replaceContent(ui.teamOptions, teams.map(teamOption));
}

function teamOption(team) {
  return el("label", { className: "team-option" }, [
    el("input", { attrs: { type: "radio", name: "team", value: team } }),
    nameTag(team),
  ]);
}

/** The chosen team, or null when the room has no teams; undefined when one is still to pick. */
function chosenTeam() {
  if (ui.teamField.hidden) return null;
  return ui.teamOptions.querySelector("input:checked")?.value;
}

function askForTeam(message) {
  ui.joinError.textContent = message;
  ui.teamOptions.querySelector("input")?.focus();
}

// ---------------------------------------------------------------- joining and reconnecting

function startSession(code, firstHello) {
  game.connection?.stop();
  game.code = code;
  game.state = null;
  game.viewKey = null;
  let hello = firstHello;
  const connection = new RoomConnection(code, {
    hello: () => hello,
    onWelcome(message) {
      playerTokens.set(code, message.token);
      hello = { type: "rejoin", token: message.token };
      rememberRoomInAddress(code);
    },
    onSnapshot: showSnapshot,
    onHelloRefused: (error) => helloRefused(code, firstHello, error),
    onStatus: showConnectionStatus,
  });
  game.connection = connection;
  connection.start();
}

function rememberRoomInAddress(code) {
  const wanted = `/play?room=${encodeURIComponent(code)}`;
  if (`${location.pathname}${location.search}` !== wanted) history.replaceState(null, "", wanted);
}

function helloRefused(code, hello, error) {
  if (hello.type === "rejoin") {
    if (error.code === "store_unavailable") {
      setTimeout(() => startSession(code, hello), 2000);
      return;
    }
    playerTokens.forget(code);
    const message =
      error.code === "bad_token"
        ? "Your seat in this room is gone (the host may have removed you). Join again."
        : friendlyError(error.code, error.message);
    showJoinForm(code, message);
    return;
  }
  showJoinForm(code, friendlyError(error.code, error.message));
  if (error.code === "unknown_team") {
    // The room got its teams after the picker was drawn (or the look-up failed): ask now.
    lookUpTeams(code, { force: true }).then(() => askForTeam(friendlyError(error.code)));
    return;
  }
  (error.code === "room_not_found" ? ui.roomInput : ui.nameInput).focus();
}

function showJoinForm(code, errorText = "") {
  game.connection?.stop();
  game.connection = null;
  setShown(ui.join, true);
  setShown(ui.stage, false);
  setShown(ui.gameStatus, false);
  countdown.root.hidden = true;
  ui.joinButton.disabled = false;
  ui.roomInput.value = code ?? "";
  ui.joinError.textContent = errorText;
}

ui.joinForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const code = normalizeCode(ui.roomInput.value);
  const name = ui.nameInput.value.trim();
  ui.roomInput.value = code;
  if (!code) {
    ui.joinError.textContent = "Enter the room code shown on the big screen.";
    ui.roomInput.focus();
    return;
  }
  if (!name) {
    ui.joinError.textContent = "Enter the name the others will see.";
    ui.nameInput.focus();
    return;
  }
  const team = chosenTeam();
  if (team === undefined) {
    askForTeam("Pick your team.");
    return;
  }
  ui.joinError.textContent = "";
  ui.joinButton.disabled = true;
  startSession(code, team ? { type: "join", name, team } : { type: "join", name });
});

ui.roomInput.addEventListener("input", () => lookUpTeams(normalizeCode(ui.roomInput.value)));

function showConnectionStatus(status) {
  const connected = status === "connected";
  game.view?.setConnected?.(connected);
  if (status === "reconnecting") {
    showBanner("Reconnecting…");
  } else if (status === "replaced") {
    showBanner("This game is open in another tab.", {
      label: "Play in this tab instead",
      action: () => startSession(game.code, { type: "rejoin", token: playerTokens.get(game.code) }),
    });
  } else if (status === "kicked") {
    playerTokens.forget(game.code);
    showJoinForm(game.code, "The host removed you from the game. You may join again.");
  } else if (status === "connecting" && game.state) {
    showBanner("Reconnecting…");
  } else {
    showBanner("");
  }
}

function showBanner(text, action = null) {
  setShown(ui.banner, Boolean(text));
  const button = action
    ? el("button", {
        className: "button button-small",
        text: action.label,
        attrs: { type: "button" },
        on: { click: action.action },
      })
    : null;
  replaceContent(ui.banner, [el("span", { text }), button]);
}

// ---------------------------------------------------------------- snapshots

function showSnapshot(state, receivedAt) {
  game.state = state;
  setShown(ui.join, false);
  setShown(ui.stage, true);
  updateStatusBar(state);
  countdown.sync(state, receivedAt);
  const key = `${state.phase}|${state.round}|${state.you.role}`;
  if (key !== game.viewKey) {
    game.viewKey = key;
    game.view = buildView(state);
    replaceContent(ui.stage, game.view.root);
    game.view.setConnected?.(game.connection?.ready ?? false);
    window.scrollTo(0, 0);
    announce(phaseAnnouncement(state));
  }
  game.view.update?.(state);
}

function updateStatusBar(state) {
  setShown(ui.gameStatus, true);
  ui.roomChip.textContent = `Room ${state.code}`;
  ui.roundLabel.textContent = roundLabel(state);
  ui.phaseLabel.textContent = PHASE_NAMES[state.phase] ?? state.phase;
  ui.scoreLabel.textContent = state.you.score === null ? "" : points(state.you.score);
}

function buildView(state) {
  const customer = state.you.role === "customer";
  switch (state.phase) {
    case "lobby":
      return lobbyView();
    case "briefing":
      return customer ? customerBriefingView(state) : agentBriefingView(state);
    case "replying":
      return customer ? customerWaitingView(state) : agentReplyView(state);
    case "voting":
      return votingView(state);
    case "reveal":
      return revealView(state);
    case "scoreboard":
      return scoreboardView(state);
    default:
      return finishedView();
  }
}

function screen(title, lead, children = []) {
  return el("section", { className: "panel screen" }, [
    el("h1", {}, title),
    lead ? el("p", { className: "lead" }, lead) : null,
    ...children,
  ]);
}

// ---------------------------------------------------------------- lobby

function lobbyView() {
  const heading = el("h1");
  const team = el("p", { className: "team-line" });
  const count = el("h2", { className: "section-title" });
  const roster = el("ul", { className: "roster" });
  const more = el("p", { className: "muted" });
  const root = el("section", { className: "panel screen" }, [
    heading,
    el("p", { className: "lead", text: "Waiting for the host to start. Keep this page open." }),
    team,
    count,
    roster,
    more,
  ]);
  return {
    root,
    update(state) {
      const me = state.players.find((player) => player.id === state.you.id);
      replaceContent(heading, ["You're in", me ? [", ", nameInText(me.name)] : null, "!"]);
      setShown(team, Boolean(state.you.team));
      replaceContent(team, state.you.team ? ["Your team: ", nameInText(state.you.team)] : []);
      const total = playerCount(state);
      count.textContent = `Players (${total})`;
      renderWhenChanged(roster, rosterKey(state), () => rosterItems(state));
      const unlisted = total - state.players.length;
      more.textContent = unlisted > 0 ? `and ${unlisted} more` : "";
    },
  };
}

function rosterKey(state) {
  return JSON.stringify(state.players.map((p) => [p.id, p.name, p.connected]));
}

function rosterItems(state) {
  return state.players.map((player) =>
    el("li", { className: `roster-item ${player.connected ? "" : "is-offline"}`.trim() }, [
      nameTag(player.name),
      player.id === state.you.id ? el("span", { className: "badge", text: "You" }) : null,
      player.connected ? null : el("span", { className: "muted", text: " (offline)" }),
    ]),
  );
}

// ---------------------------------------------------------------- briefing

function customerBriefingView(state) {
  const scenario = state.scenario;
  const composer = draftComposer(state, "opening", {
    label: "Your opening line",
    hint: "Say it the way this customer would. Sending it starts the replies.",
    send: (text) => game.connection.request({ type: "opening", text }),
  });
  const useSuggested = el("button", {
    className: "button button-secondary",
    text: "Use the suggested opening",
    attrs: { type: "button" },
    on: {
      click: () => {
        composer.setText(scenario.suggested_opening ?? "");
        composer.textarea.focus();
      },
    },
  });
  const lead =
    "Read your card, then open the conversation. " +
    "The agents only see the situation, the persona and the mood.";
  const root = screen("You are the customer", lead, [
    el("div", { className: "card card-secret" }, [
      scenarioSummary(scenario, { personaLabel: "You are" }),
      scenarioSecrets(scenario),
    ]),
    scenario.suggested_opening ? useSuggested : null,
    composer.root,
  ]);
  return { root, setConnected: composer.setConnected };
}

function agentBriefingView(state) {
  const lead = [
    customerInText(state),
    " is the customer this round and is reading their card.",
    " You will answer their opening line.",
  ];
  const root = screen("Get ready to reply", lead, [
    el("div", { className: "card" }, [scenarioSummary(state.scenario)]),
  ]);
  return { root };
}

// ---------------------------------------------------------------- replying

function agentReplyView(state) {
  const composer = draftComposer(state, "reply", {
    label: "Your reply",
    hint: "Answer the customer as you would at work. You can change it until the time is up.",
    send: (text) => game.connection.request({ type: "reply", text }),
  });
  const progress = el("p", { className: "progress-line" });
  const root = screen("Your turn to reply", null, [
    openingQuote(state),
    composer.root,
    progress,
    el("details", { className: "card details" }, [
      el("summary", { text: "The scenario" }),
      scenarioSummary(state.scenario, { headingLevel: "h2" }),
    ]),
  ]);
  return {
    root,
    setConnected: composer.setConnected,
    update(next) {
      composer.setSent(next.you.reply, "Sent. This is your reply on the ballot:");
      progress.textContent = replyProgress(next);
    },
  };
}

function customerWaitingView(state) {
  const progress = el("p", { className: "progress-line progress-big" });
  const lead = "Their replies appear, without names, when the voting starts.";
  const root = screen("The agents are replying", lead, [
    openingQuote(state),
    progress,
    el("div", { className: "card card-secret" }, [
      scenarioSummary(state.scenario, { personaLabel: "You are" }),
      scenarioSecrets(state.scenario),
    ]),
  ]);
  return {
    root,
    update(next) {
      progress.textContent = replyProgress(next);
    },
  };
}

function replyProgress(state) {
  const agents = agentCount(state);
  const who = agents === 1 ? "agent has" : "agents have";
  return `${repliedCount(state)} of ${agents} ${who} replied.`;
}

/** A composer whose unsent text survives a reload (per room, round and kind). */
function draftComposer(state, kind, options) {
  const { code, round } = state;
  const saved = drafts.get(code, round, kind) || (kind === "reply" ? state.you.reply ?? "" : "");
  return createComposer({
    ...options,
    initialText: saved,
    onDraft: (text) => drafts.set(code, round, kind, text),
  });
}

// ---------------------------------------------------------------- voting

function votingView(state) {
  const customer = state.you.role === "customer";
  const pickPoints = state.settings.scoring.customer_pick;
  const lead = customer
    ? `You are the customer: your pick earns its author ${points(pickPoints)}.`
    : "Pick the reply you would most like to get. Replies are anonymous; " +
      "you can change your vote until the time is up.";
  const sample = partialNote(state.replies.length, repliedCount(state), "replies");
  if (sample) sample.textContent += " Each player sees a different random selection.";
  const ballot = el("div", { className: "ballot" });
  const skillPanel = el("div", { className: "skill-panel" });
  const status = el("p", { className: "vote-status", attrs: { role: "status" } });
  const progress = el("p", { className: "progress-line" });
  const root = screen("Vote for the best reply", lead, [
    openingQuote(state),
    sample,
    ballot,
    skillPanel,
    status,
    progress,
  ]);

  async function vote(replyId, skill) {
    status.textContent = "Sending your vote…";
    try {
      const message = { type: "vote", reply_id: replyId };
      if (skill) message.skill = skill;
      await game.connection.request(message);
      status.textContent = skill ? "Vote and skill tag saved." : "Vote saved.";
    } catch (error) {
      status.textContent = friendlyError(error.code, error.message);
    }
  }

  return {
    root,
    update(next) {
      const ballotKey = JSON.stringify(next.replies.map((r) => [r.id, r.mine]));
      renderWhenChanged(ballot, ballotKey, () => ballotCards(next, vote));
      markChosenReply(ballot, next.you.vote);
      renderWhenChanged(skillPanel, `${next.you.vote?.reply_id}|${game.skills.length}`, () =>
        skillChips(next, vote),
      );
      markChosenSkill(skillPanel, next.you.vote);
      progress.textContent = `${votedCount(next)} of ${connectedCount(next)} players have voted.`;
    },
  };
}

function ballotCards(state, vote) {
  if (!state.replies.length) {
    return [el("p", { className: "empty", text: "No replies this round." })];
  }
  return state.replies.map((reply, index) => {
    const action = reply.mine
      ? el("p", { className: "badge badge-own", text: "Your reply" })
      : voteButton(reply, replyNumber(reply, index), vote);
    const className = reply.mine ? "reply-card is-mine" : "reply-card";
    return el("article", { className }, [
      el("h2", { className: "reply-title", text: replyTitle(reply, index) }),
      userText("p", reply.text, "reply-text"),
      action,
    ]);
  });
}

function voteButton(reply, number, vote) {
  const button = el("button", {
    className: "button button-vote",
    text: `Vote for reply ${number}`,
    attrs: { type: "button", "aria-pressed": "false" },
    on: { click: () => vote(reply.id, null) },
  });
  button.dataset.replyId = reply.id;
  button.dataset.number = number;
  return button;
}

function markChosenReply(ballot, chosen) {
  for (const button of ballot.querySelectorAll("button[data-reply-id]")) {
    const picked = chosen?.reply_id === button.dataset.replyId;
    const number = button.dataset.number;
    button.setAttribute("aria-pressed", String(picked));
    button.textContent = picked ? `Voted for reply ${number}` : `Vote for reply ${number}`;
    button.closest(".reply-card").classList.toggle("is-chosen", picked);
  }
}

function skillChips(state, vote) {
  const chosen = state.you.vote;
  if (!chosen || !game.skills.length) return [];
  const number = replyNumber({ id: chosen.reply_id }, 0);
  return el("fieldset", { className: "chips" }, [
    el("legend", { text: `What did reply ${number} do best? (optional)` }),
    ...game.skills.map((skill) => skillChip(skill, (pressed) => {
      vote(chosen.reply_id, pressed ? null : skill.id);
    })),
  ]);
}

/** A toggle button for one skill; `onToggle(pressed)` gets its state before the click. */
function skillChip(skill, onToggle) {
  const chip = el("button", {
    className: "chip",
    text: skill.name,
    attrs: { type: "button", "aria-pressed": "false", title: skill.good },
    on: { click: () => onToggle(chip.getAttribute("aria-pressed") === "true") },
  });
  chip.dataset.skill = skill.id;
  return chip;
}

function markChosenSkill(panel, chosen) {
  for (const chip of panel.querySelectorAll("button[data-skill]")) {
    chip.setAttribute("aria-pressed", String(chosen?.skill === chip.dataset.skill));
  }
}

// ---------------------------------------------------------------- reveal, scoreboard, end

function revealView(state) {
  const skillNames = new Map(game.skills.map((s) => [s.id, s.name]));
  const mine = state.replies.find((reply) => reply.mine);
  const yourResult = mine
    ? `Your reply earned ${points(mine.result?.points ?? 0)} this round.`
    : state.you.role === "customer"
      ? "You were the customer this round."
      : "You had no reply on the ballot this round.";
  const root = screen("The reveal", yourResult, [
    el("div", { className: "card card-secret" }, [
      el("h2", { text: "What the customer really needed" }),
      el("p", { className: "hidden-need", text: state.scenario?.hidden_need ?? "" }),
      state.scenario?.style
        ? el("p", { className: "muted", text: styleName(state.scenario) })
        : null,
    ]),
    openingQuote(state),
    partialNote(state.replies.length, repliedCount(state), "replies (the most voted, and yours)"),
    el(
      "div",
      { className: "ballot" },
      byVotes(state.replies).map((reply) => revealedReply(reply, state, skillNames)),
    ),
  ]);
  return { root };
}

function styleName(scenario) {
  return STYLE_NAMES[scenario.style] ?? scenario.style;
}

function revealedReply(reply, state, skillNames) {
  const pick = reply.result?.customer_pick;
  const classes = ["reply-card", pick ? "is-pick" : "", reply.mine ? "is-mine" : ""];
  return el("article", { className: classes.join(" ").trim() }, [
    el("h2", { className: "reply-title" }, [
      replyTitle(reply, state.replies.indexOf(reply)),
      reply.mine ? el("span", { className: "badge badge-own", text: "Your reply" }) : null,
    ]),
    userText("p", reply.text, "reply-text"),
    revealFacts(reply, state, skillNames),
  ]);
}

function scoreboardView(state) {
  const last = state.round >= state.rounds_total;
  const root = screen("Scoreboard", rankSentence(state, "You are"), [
    ...standingsSection(state),
    el("p", {
      className: "muted",
      text: last ? "Final results in a moment." : "The next round starts in a moment.",
    }),
  ]);
  return { root };
}

function finishedView() {
  const summary = el("p", { className: "lead result-line" });
  const list = el("div");
  const root = el("section", { className: "panel screen" }, [
    el("h1", { text: "Game over" }),
    summary,
    el("h2", { className: "section-title", text: "Final standings" }),
    list,
    el("p", { className: "muted", text: "Thanks for playing." }),
  ]);
  return {
    root,
    update(state) {
      summary.textContent = rankSentence(state, "You finished");
      renderWhenChanged(list, JSON.stringify([state.players, state.teams]), () =>
        standingsSection(state),
      );
    },
  };
}

/** The public standings (only lines with a public place), why some are missing, and the
 *  teams' standings when the room plays in teams. */
function standingsSection(state) {
  const ranked = rankedPlayers(state.players);
  const note = leaderboardNote(state);
  return [
    ranked.length
      ? standingsList(ranked, { youId: state.you.id, total: playerCount(state) })
      : null,
    note ? el("p", { className: "muted leaderboard-note", text: note }) : null,
    state.teams.length
      ? [
          el("h2", { className: "section-title", text: "Teams" }),
          teamStandingsList(state.teams, { yourTeam: state.you.team }),
        ]
      : null,
  ];
}

/** "You are 2nd of 5 with 300 points.", or just your score where your place is private. */
function rankSentence(state, prefix) {
  const score = points(state.you.score ?? 0);
  if (!state.you.rank) return `You have ${score}.`;
  return `${prefix} ${ordinal(state.you.rank)} of ${playerCount(state)} with ${score}.`;
}

// ---------------------------------------------------------------- start

function start() {
  const code = normalizeCode(new URLSearchParams(location.search).get("room") ?? "");
  ui.roomInput.value = code;
  const token = code ? playerTokens.get(code) : null;
  if (token) {
    setShown(ui.join, false);
    setShown(ui.stage, true);
    replaceContent(ui.stage, screen("Rejoining…", `Getting your seat in room ${code} back.`));
    startSession(code, { type: "rejoin", token });
  } else if (code) {
    ui.nameInput.focus();
    lookUpTeams(code);
  }
}

start();
