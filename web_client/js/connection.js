// One WebSocket to a room that greets the server (join / rejoin / host), reconnects with
// exponential backoff when the line drops, and matches acks and errors to requests by `ref`.

import { withYou } from "./you.js";

export const CLOSE_REPLACED = 4001;
export const CLOSE_KICKED = 4003;

const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 15000;
// The server waits 10 s for a hello; a welcome that has not come after this long is not
// coming (the hello was lost on the way), so the client starts again sooner.
const WELCOME_TIMEOUT_MS = 6000;
const CLOSE_NO_WELCOME = 4000;

/** Delay before reconnect attempt `attempt` (0-based): doubling, capped, with jitter. */
export function backoffDelay(attempt, random = Math.random) {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** The socket address of room `code` on the server that served this page. */
export function roomSocketUrl(code, where = window.location) {
  const scheme = where.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${where.host}/ws/rooms/${encodeURIComponent(code)}`;
}

/** A refusal or failure of one request: `code` is a protocol error code or "disconnected". */
export class RequestError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

/**
 * Statuses reported to `onStatus`: "connecting", "connected", "reconnecting",
 * "replaced" (4001: another tab took the seat), "kicked" (4003), "stopped".
 *
 * Handlers: hello() -> the first message to send on each new socket; onWelcome(message);
 * onSnapshot(state, receivedAt) with receivedAt from performance.now(); the room's settings
 * (which never change) come once, in `welcome`, and are attached to every state as
 * `state.settings`, and a player's own part, from the latest `you` message, as `state.you`
 * (see you.js);
 * onHelloRefused(error) when the server refuses the hello (the connection stops);
 * onStatus(status).
 */
export class RoomConnection {
  #code;
  #handlers;
  #socket = null;
  #welcomed = false;
  #stopped = true;
  #attempt = 0;
  #retryTimer = null;
  #welcomeTimer = null;
  #settings = null;
  #role = null;
  #you = null;
  #pending = new Map();
  #nextRef = 1;

  constructor(code, handlers) {
    this.#code = code;
    this.#handlers = handlers;
    window.addEventListener("online", () => this.#reconnectNow());
  }

  get code() {
    return this.#code;
  }

  /** True once the server has welcomed this socket and it is still open. */
  get ready() {
    return this.#welcomed && this.#socket?.readyState === WebSocket.OPEN;
  }

  start() {
    this.#stopped = false;
    this.#attempt = 0;
    this.#open();
  }

  stop(status = "stopped") {
    this.#stopped = true;
    clearTimeout(this.#retryTimer);
    clearTimeout(this.#welcomeTimer);
    const socket = this.#socket;
    this.#socket = null;
    this.#welcomed = false;
    this.#failPending();
    if (socket && socket.readyState <= WebSocket.OPEN) socket.close(1000, "bye");
    this.#report(status);
  }

  /** Send `message` with a fresh ref; resolves on its ack, rejects with a RequestError. */
  request(message) {
    if (!this.ready) {
      return Promise.reject(new RequestError("disconnected", "Not connected."));
    }
    const ref = `c${this.#nextRef++}`;
    return new Promise((resolve, reject) => {
      this.#pending.set(ref, { resolve, reject });
      this.#socket.send(JSON.stringify({ ...message, ref }));
    });
  }

  #open() {
    clearTimeout(this.#retryTimer);
    this.#welcomed = false;
    this.#report(this.#attempt === 0 ? "connecting" : "reconnecting");
    const socket = new WebSocket(roomSocketUrl(this.#code));
    this.#socket = socket;
    socket.addEventListener("open", () => {
      if (socket !== this.#socket) return;
      socket.send(JSON.stringify(this.#handlers.hello()));
      this.#welcomeTimer = setTimeout(() => {
        if (socket !== this.#socket || this.#welcomed) return;
        socket.close(CLOSE_NO_WELCOME, "no welcome");
      }, WELCOME_TIMEOUT_MS);
    });
    socket.addEventListener("message", (event) => {
      if (socket === this.#socket) this.#receive(event.data);
    });
    socket.addEventListener("close", (event) => {
      if (socket === this.#socket) this.#closed(event.code);
    });
  }

  #receive(data) {
    let message;
    try {
      message = JSON.parse(data);
    } catch {
      return;
    }
    if (message.type === "welcome") {
      clearTimeout(this.#welcomeTimer);
      this.#welcomed = true;
      this.#settings = message.settings;
      this.#role = message.role;
      this.#you = null;
      this.#attempt = 0;
      this.#report("connected");
      this.#handlers.onWelcome?.(message);
    } else if (message.type === "you") {
      this.#you = message.you;
    } else if (message.type === "snapshot") {
      const state = { ...withYou(message.state, this.#you, this.#role), settings: this.#settings };
      this.#handlers.onSnapshot?.(state, performance.now());
    } else if (message.type === "ack") {
      this.#settle(message.ref, (waiter) => waiter.resolve(message));
    } else if (message.type === "error") {
      this.#receiveError(message);
    }
  }

  #receiveError(message) {
    if (!this.#welcomed) {
      this.stop();
      this.#handlers.onHelloRefused?.(new RequestError(message.code, message.message));
      return;
    }
    this.#settle(message.ref, (waiter) =>
      waiter.reject(new RequestError(message.code, message.message)),
    );
  }

  #settle(ref, action) {
    const waiter = this.#pending.get(ref);
    if (!waiter) return;
    this.#pending.delete(ref);
    action(waiter);
  }

  #failPending() {
    for (const waiter of this.#pending.values()) {
      waiter.reject(new RequestError("disconnected", "The connection dropped."));
    }
    this.#pending.clear();
  }

  #closed(code) {
    clearTimeout(this.#welcomeTimer);
    this.#socket = null;
    this.#welcomed = false;
    this.#failPending();
    if (this.#stopped) return;
    if (code === CLOSE_REPLACED) {
      this.stop("replaced");
    } else if (code === CLOSE_KICKED) {
      this.stop("kicked");
    } else {
      this.#report("reconnecting");
      this.#retryTimer = setTimeout(() => this.#open(), backoffDelay(this.#attempt));
      this.#attempt += 1;
    }
  }

  #reconnectNow() {
    if (this.#stopped || this.#socket) return;
    this.#attempt = 0;
    this.#open();
  }

  #report(status) {
    this.#handlers.onStatus?.(status);
  }
}
