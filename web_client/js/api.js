// The HTTP API: decks and skills, opening a room, a room's public summary, the game report
// and the facilitator's history. Secrets (the host token, the facilitator key) travel only in
// an `Authorization: Bearer` header, never in a URL, since URLs end up in logs.

/** The body of a JSON response; a refusal becomes an Error with the server's code, status
 *  and (for invalid_settings) its list of problems. */
async function readJson(response) {
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw apiError(response, body);
  return body;
}

function apiError(response, body) {
  const error = new Error(body?.error?.message ?? `The server answered ${response.status}.`);
  error.code = body?.error?.code;
  error.status = response.status;
  error.problems = body?.error?.problems ?? [];
  return error;
}

function headersWith(secret, accept = "application/json") {
  const headers = { accept };
  if (secret) headers.authorization = `Bearer ${secret}`;
  return headers;
}

function roomPath(code) {
  return `/api/rooms/${encodeURIComponent(code)}`;
}

let decksRequest = null;

/** {decks: [{id, name, description, cards}], skills: [{id, name, good, mistake}]}, fetched once. */
export function fetchDecks() {
  decksRequest ??= fetch("/api/decks", { headers: { accept: "application/json" } }).then(readJson);
  decksRequest.catch(() => {
    decksRequest = null;
  });
  return decksRequest;
}

/**
 * Open a room with `settings`; resolves to {code, host_token, join_url, settings}.
 * `facilitatorKey` is needed only when the server was given one (it answers 403 otherwise).
 */
export async function createRoom(settings, facilitatorKey = "") {
  const response = await fetch("/api/rooms", {
    method: "POST",
    headers: { ...headersWith(facilitatorKey), "content-type": "application/json" },
    body: JSON.stringify(settings),
  });
  return readJson(response);
}

/** A room's public summary: {code, phase, settings: {teams, …}, players, teams}. */
export async function fetchRoomSummary(code) {
  return readJson(await fetch(roomPath(code), { headers: headersWith(null) }));
}

/** The whole game as JSON (settings, players, rounds, insights), for its host. */
export async function fetchReport(code, hostToken) {
  return readJson(await fetch(`${roomPath(code)}/report`, { headers: headersWith(hostToken) }));
}

/** The report as a file to save: `format` is "json", "csv" or "xlsx". Resolves to a Blob. */
export async function fetchReportFile(code, hostToken, format) {
  const response = await fetch(`${roomPath(code)}/report?format=${encodeURIComponent(format)}`, {
    headers: headersWith(hostToken, "*/*"),
  });
  if (!response.ok) throw apiError(response, await response.json().catch(() => ({})));
  return response.blob();
}

/**
 * The facilitator's finished games, newest first, with each skill's trend:
 * {games: [{code, label, finished_ms, players, rounds, …}], trends: [{skill, rates, change}],
 *  labels}. `label` keeps one group's games; `facilitatorKey` when the server has one.
 */
export async function fetchGames(facilitatorKey = "", label = "") {
  const query = label ? `?label=${encodeURIComponent(label)}` : "";
  return readJson(await fetch(`/api/games${query}`, { headers: headersWith(facilitatorKey) }));
}

/** The QR code image of room `code`'s join link. */
export function qrCodeUrl(code) {
  return `${roomPath(code)}/qr.svg`;
}

/** The link players open to join room `code`. */
export function joinUrl(code) {
  return `${window.location.origin}/play?room=${encodeURIComponent(code)}`;
}
