// What the browser keeps between visits. Player tokens live in localStorage per room (a
// reload or a new tab gets the seat back); the host token only in sessionStorage (this tab),
// and never in a URL, since URLs end up in logs.

const TOKEN_PREFIX = "counterplay.token.";
const DRAFT_PREFIX = "counterplay.draft.";
const HOST_KEY = "counterplay.host";
const SCREEN_KEY = "counterplay.screen";
const ROUNDS_PREFIX = "counterplay.rounds.";

function read(store, key) {
  try {
    return store.getItem(key);
  } catch {
    return null;
  }
}

function write(store, key, value) {
  try {
    if (value === null || value === undefined || value === "") store.removeItem(key);
    else store.setItem(key, value);
  } catch {
    // Storage can be full or disabled (private mode); the game still works without it.
  }
}

function readJson(store, key) {
  try {
    return JSON.parse(read(store, key) ?? "null");
  } catch {
    return null;
  }
}

export const playerTokens = {
  get: (code) => read(localStorage, TOKEN_PREFIX + code),
  set: (code, token) => write(localStorage, TOKEN_PREFIX + code, token),
  forget: (code) => write(localStorage, TOKEN_PREFIX + code, null),
};

/** Unsent text in a composer, per room, round and kind ("opening" / "reply"), for this tab. */
export const drafts = {
  get: (code, round, kind) => read(sessionStorage, `${DRAFT_PREFIX}${code}.${round}.${kind}`) ?? "",
  set: (code, round, kind, text) =>
    write(sessionStorage, `${DRAFT_PREFIX}${code}.${round}.${kind}`, text),
};

/** The console's room: {code, host_token, join_url}. */
export const hostSession = {
  get: () => readJson(sessionStorage, HOST_KEY),
  set: (session) => write(sessionStorage, HOST_KEY, JSON.stringify(session)),
  forget: () => write(sessionStorage, HOST_KEY, null),
};

/** The projector's room and host token, moved out of the address bar into this tab. */
export const screenSession = {
  get: () => readJson(sessionStorage, SCREEN_KEY),
  set: (session) => write(sessionStorage, SCREEN_KEY, JSON.stringify(session)),
};

/** Each round's results as the console saw them at the reveal: {roundNumber: summary}. */
export const roundResults = {
  get: (code) => readJson(sessionStorage, ROUNDS_PREFIX + code) ?? {},
  set: (code, results) => write(sessionStorage, ROUNDS_PREFIX + code, JSON.stringify(results)),
};
