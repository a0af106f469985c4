// The room-creation form: the settings it sends to POST /api/rooms, and the server's
// `invalid_settings` problems shown next to the fields they are about.

import { el, replaceContent } from "./dom.js";

// Which form control each settings field of the server's problems belongs to.
const FIELD_CONTROLS = {
  decks: "deck",
  rounds: "rounds",
  max_players: "max-players",
  "scoring.peer_vote": "peer-vote",
  "scoring.customer_pick": "customer-pick",
  moderation: "moderation",
  leaderboard: "visibility",
  anonymous: "anonymous",
  teams: "teams",
  team_scoring: "team-scoring",
  label: "game-label",
};

function valueOf(id) {
  return document.getElementById(id).value.trim();
}

function numberField(id) {
  const raw = valueOf(id);
  return raw === "" ? null : Number(raw);
}

/** Team names from the text box: one per line, blank lines ignored. */
export function teamsFromText(text) {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
}

/** The settings for POST /api/rooms, read from the form. */
export function settingsFromForm(form) {
  const timers = {};
  for (const input of form.querySelectorAll("[data-timer]")) {
    timers[input.dataset.timer] = Number(input.value);
  }
  const settings = {
    deck: valueOf("deck") || "core",
    timers,
    max_players: numberField("max-players") ?? 50,
    scoring: {
      peer_vote: numberField("peer-vote") ?? 100,
      customer_pick: numberField("customer-pick") ?? 300,
    },
    moderation: valueOf("moderation"),
    leaderboard: valueOf("visibility"),
    anonymous: document.getElementById("anonymous").checked,
    teams: teamsFromText(document.getElementById("teams").value),
    team_scoring: valueOf("team-scoring"),
    label: valueOf("game-label"),
  };
  const rounds = numberField("rounds");
  if (rounds !== null) settings.rounds = rounds;
  return settings;
}

/** A problem a form can check before asking the server, or "" when there is none. */
export function formProblem(settings) {
  if (settings.teams.length === 1) return "Add a second team, or leave the team names empty.";
  return "";
}

/** Show the server's problems in `errorBox` and mark the fields they are about; returns the
 *  first marked control, to move the focus there. */
export function showSettingsProblems(form, errorBox, problems) {
  clearSettingsProblems(form);
  const items = problems.map((problem) => {
    const control = controlFor(problem.field);
    control?.setAttribute("aria-invalid", "true");
    const text = `${fieldName(problem.field, control)}: ${plainMessage(problem.message)}`;
    return el("li", { text });
  });
  replaceContent(errorBox, [
    "Some settings need another look:",
    el("ul", { className: "form-problems" }, items),
  ]);
  return form.querySelector("[aria-invalid='true']");
}

export function clearSettingsProblems(form) {
  for (const control of form.querySelectorAll("[aria-invalid]")) {
    control.removeAttribute("aria-invalid");
  }
}

/** "teams.1" -> the Teams box; "timers.reveal" -> the Reveal timer; "" -> none. */
function controlFor(field) {
  if (field.startsWith("timers.")) {
    return document.querySelector(`[data-timer="${CSS.escape(field.slice(7))}"]`);
  }
  const id = FIELD_CONTROLS[field] ?? FIELD_CONTROLS[field.split(/[.[]/)[0]];
  return id ? document.getElementById(id) : null;
}

function fieldName(field, control) {
  const team = /^teams\.(\d+)$/.exec(field);
  if (team) return `Team ${Number(team[1]) + 1}`;
  const label = control ? document.querySelector(`label[for="${control.id}"]`) : null;
  return label?.textContent.trim() ?? "Settings";
}

/** The server's pydantic wording, minus its "Value error, " prefix. */
function plainMessage(message) {
  const text = message.replace(/^Value error, /, "");
  return text.charAt(0).toUpperCase() + text.slice(1);
}
