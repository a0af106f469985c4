// The HTTP API: decks and skills, and opening a room.

async function readJson(response) {
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(body?.error?.message ?? `The server answered ${response.status}.`);
    error.code = body?.error?.code;
    throw error;
  }
  return body;
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
  const headers = { "content-type": "application/json", accept: "application/json" };
  if (facilitatorKey) headers.authorization = `Bearer ${facilitatorKey}`;
  const response = await fetch("/api/rooms", {
    method: "POST",
    headers,
    body: JSON.stringify(settings),
  });
  return readJson(response);
}

/** The QR code image of room `code`'s join link. */
export function qrCodeUrl(code) {
  return `/api/rooms/${encodeURIComponent(code)}/qr.svg`;
}

/** The link players open to join room `code`. */
export function joinUrl(code) {
  return `${window.location.origin}/play?room=${encodeURIComponent(code)}`;
}
