// Reading a snapshot, and the pieces every screen draws from it: the card, the standings,
// the facts about a revealed reply.

import { definitionList, el, nameInText, nameTag, userText } from "./dom.js";
import {
  CHANNEL_NAMES,
  LEADERBOARD_NOTES,
  PHASE_NAMES,
  STYLE_NAMES,
  ordinal,
  points,
  replyNumber,
  teamScore,
  votes,
} from "./labels.js";

/** Map of player id -> name. */
export function namesById(state) {
  return new Map(state.players.map((player) => [player.id, player.name]));
}

/** The customer's name, or null outside a round. */
export function customerName(state) {
  return state.customer_name ?? namesById(state).get(state.customer_id) ?? null;
}

/** The customer's name inside a sentence, or "The customer" when it is not known. */
export function customerInText(state) {
  const name = customerName(state);
  return name === null ? "The customer" : nameInText(name);
}

// In big rooms a player's snapshot lists only the top of the standings (plus their own line),
// a sample of the ballot and no progress ids; the counts below then come from the fields that
// say how many there are, and fall back to the lists in rooms small enough to list everyone.

/** Players in the room, listed or not. */
export function playerCount(state) {
  return state.player_count ?? state.players.length;
}

/** Players with a socket open, listed or not. */
export function connectedCount(state) {
  return state.connected_count ?? state.players.filter((player) => player.connected).length;
}

/** Agents who can still reply this round: the connected players but the customer. */
export function agentCount(state) {
  const customer = state.players.find((player) => player.id === state.customer_id);
  const customerConnected = customer ? customer.connected : true;
  return Math.max(0, connectedCount(state) - (customerConnected ? 1 : 0));
}

export function repliedCount(state) {
  return state.progress.replied_count ?? state.progress.replied.length;
}

export function votedCount(state) {
  return state.progress.voted_count ?? state.progress.voted.length;
}

/** The author of a revealed reply, by the name sent with it or from the roster. */
export function authorName(reply, state) {
  const result = reply.result;
  return result?.author_name ?? namesById(state).get(result?.author_id) ?? null;
}

/** "Round 2 of 4", or "" before the game starts. */
export function roundLabel(state) {
  if (state.phase === "lobby" || !state.rounds_total) return "";
  return `Round ${state.round} of ${state.rounds_total}`;
}

/** A sentence announcing the phase to screen readers, e.g. "Round 1 of 3: voting". */
export function phaseAnnouncement(state) {
  const round = roundLabel(state);
  const phase = PHASE_NAMES[state.phase] ?? state.phase;
  return round && state.phase !== "finished" ? `${round}: ${phase}` : phase;
}

/** Agents this round: every player but the customer. */
export function agentsOf(state) {
  return state.players.filter((player) => player.id !== state.customer_id);
}

/** Names of the players in `ids`, in that order. */
export function namesOf(state, ids) {
  const names = namesById(state);
  return ids.filter((id) => names.has(id)).map((id) => names.get(id));
}

/** The public face of the card: title, channel, situation, persona, mood. */
export function scenarioSummary(scenario, { headingLevel = "h2", personaLabel = "Customer" } = {}) {
  return el("section", { className: "scenario", attrs: { "aria-label": "Scenario" } }, [
    el(headingLevel, { className: "scenario-title", text: scenario.title }),
    el("p", { className: "scenario-meta" }, [
      el("span", { className: "tag", text: CHANNEL_NAMES[scenario.channel] ?? scenario.channel }),
      " ",
      el("span", { className: "tag tag-mood", text: `Mood: ${scenario.mood}` }),
    ]),
    definitionList(
      [
        ["Situation", scenario.situation],
        [personaLabel, scenario.persona],
      ],
      "scenario-facts",
    ),
  ]);
}

/** The card's private side, for the customer and the host. */
export function scenarioSecrets(scenario, { forHost = false } = {}) {
  const pairs = [
    ["What kind of help they want", STYLE_NAMES[scenario.style] ?? scenario.style],
    [forHost ? "Hidden need" : "Your hidden need (keep it to yourself)", scenario.hidden_need],
    ["Suggested opening", scenario.suggested_opening],
  ];
  if (forHost) {
    const notes = scenario.notes;
    pairs.push(
      ["Model reply", notes?.model_reply],
      ["Watch out for", notes?.watch_outs?.length ? bulletList(notes.watch_outs) : null],
      ["Debrief question", notes?.debrief_question],
    );
  }
  return definitionList(pairs, "scenario-facts scenario-secrets");
}

function bulletList(items) {
  return el(
    "ul",
    {},
    items.map((item) => el("li", { text: item })),
  );
}

/** The customer's opening line as a quotation. */
export function openingQuote(state) {
  return el("figure", { className: "opening" }, [
    el("figcaption", {}, [
      customerInText(state),
      customerName(state) === null ? " says:" : " (the customer) says:",
    ]),
    userText("blockquote", state.opening ?? ""),
  ]);
}

/**
 * The ranked list of players: rows marked [data-standing] with a name and a score. When the
 * list is only the top of a bigger room plus the viewer's own line, a gap marks the jump.
 */
export function standingsList(players, options = {}) {
  const { youId = null, className = "", total = players.length } = options;
  const rows = players.map((player) => standingRow(player, player.id === youId));
  const last = players.at(-1);
  if (total > players.length && last?.id === youId && players.length > 1) {
    const gap = el("li", { className: "standing-gap", attrs: { "aria-hidden": "true" } }, "…");
    rows.splice(-1, 0, gap);
  }
  return el("ol", { className: `standings ${className}`.trim() }, rows);
}

// The room's leaderboard setting decides whose place players and the projector may see: the
// server sends `score` and `rank` as null on every other line, and those lines are left out.

/** The roster lines with a public place, in rank order. */
export function rankedPlayers(players) {
  return players.filter((player) => player.rank !== null && player.score !== null);
}

/** Why the public standings leave people out ("Only the top 3 are shown."), or null when
 *  they leave nobody out. */
export function leaderboardNote(state) {
  const ranked = rankedPlayers(state.players).length;
  if (state.settings.leaderboard === "full" || ranked >= playerCount(state)) return null;
  return LEADERBOARD_NOTES[state.settings.leaderboard] ?? null;
}

/** Team standings (`state.teams`): rows marked [data-team-standing], yours highlighted. */
export function teamStandingsList(teams, { yourTeam = null, className = "" } = {}) {
  return el(
    "ol",
    { className: `standings team-standings ${className}`.trim(), attrs: { "aria-label": "Teams" } },
    teams.map((team) => teamRow(team, team.name === yourTeam)),
  );
}

function teamRow(team, isYours) {
  const members = `${team.members} ${team.members === 1 ? "player" : "players"}`;
  return el(
    "li",
    {
      className: `standing team-standing ${isYours ? "is-you" : ""}`.trim(),
      attrs: { "data-team-standing": "" },
    },
    [
      el("span", { className: "standing-rank", text: ordinal(team.rank) }),
      el("span", { className: "standing-who" }, [
        nameTag(team.name, "team-name"),
        isYours ? el("span", { className: "badge", text: "Your team" }) : null,
        el("span", { className: "team-members muted", text: ` ${members}` }),
      ]),
      el("span", {
        className: "standing-score team-score",
        text: `${teamScore(team.score)} ${team.score === 1 ? "point" : "points"}`,
      }),
    ],
  );
}

/** "Top 10 of 40 players shown." when the snapshot lists only part of the room. */
export function partialNote(shown, total, noun) {
  if (shown >= total) return null;
  return el("p", { className: "muted partial-note", text: `${shown} of ${total} ${noun} shown.` });
}

export function standingRow(player, isYou = false, className = "") {
  return el(
    "li",
    {
      className: `standing ${isYou ? "is-you" : ""} ${className}`.trim(),
      attrs: { "data-standing": "" },
    },
    [
      el("span", { className: "standing-rank", text: ordinal(player.rank) }),
      el("span", { className: "standing-who" }, [
        nameTag(player.name, "standing-name"),
        isYou ? el("span", { className: "badge", text: "You" }) : null,
      ]),
      el("span", { className: "standing-score", text: points(player.score) }),
    ],
  );
}

/** "Ana — 2 votes, customer's pick, 500 points" as a row of small facts. */
export function revealFacts(reply, state, skillNames) {
  const author = authorName(reply, state);
  const result = reply.result;
  const facts = el("p", { className: "reveal-facts" }, [
    el("span", { className: "reveal-author" }, [
      "By ",
      author ? nameTag(author) : "a player who left",
    ]),
    el("span", { className: "tag", text: votes(result?.votes ?? 0) }),
    result?.customer_pick ? el("span", { className: "tag tag-pick", text: "Customer's pick" }) : null,
    el("span", { className: "tag", text: `+${points(result?.points ?? 0)}` }),
  ]);
  const skills = Object.entries(result?.skills ?? {});
  if (skills.length) {
    facts.append(
      ...skills.map(([id, count]) =>
        el("span", { className: "tag tag-skill", text: `${skillNames.get(id) ?? id} ×${count}` }),
      ),
    );
  }
  return facts;
}

/** "Reply 3". */
export function replyTitle(reply, index) {
  return `Reply ${replyNumber(reply, index)}`;
}

/** The replies in the order people should see them at the reveal: most votes first. */
export function byVotes(replies) {
  const votesOf = (reply) => reply.result?.votes ?? 0;
  const pickOf = (reply) => Number(Boolean(reply.result?.customer_pick));
  return [...replies].sort((a, b) => votesOf(b) - votesOf(a) || pickOf(b) - pickOf(a));
}
