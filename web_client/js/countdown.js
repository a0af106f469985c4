// The phase clock. Time left is `deadline - server_time` from the latest snapshot, counted
// down from the moment that snapshot arrived (performance.now()), never from the device clock.

import { el } from "./dom.js";

const TICK_MS = 250;

/** Milliseconds left in the phase at `now`, or null when the phase has no clock. */
export function remainingMs(state, receivedAt, now) {
  if (state.paused) return state.paused_remaining_ms;
  if (state.deadline === null || state.deadline === undefined) return null;
  return Math.max(0, state.deadline - state.server_time - (now - receivedAt));
}

/** "1:05" for 65 000 ms (rounded up, so "0:00" only when time is really up). */
export function formatClock(ms) {
  const seconds = Math.ceil(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

/** A clock and a shrinking bar. `role="timer"` is not announced by screen readers each second. */
export class Countdown {
  #state = null;
  #receivedAt = 0;
  #totalMs = 1;
  #interval = null;
  #shownText = "";

  constructor(className = "") {
    this.text = el("span", { className: "countdown-text" });
    this.fill = el("span", { className: "countdown-fill" });
    this.bar = el("span", { className: "countdown-bar", attrs: { "aria-hidden": "true" } }, [
      this.fill,
    ]);
    this.root = el(
      "div",
      { className: `countdown ${className}`.trim(), attrs: { role: "timer" } },
      [this.text, this.bar],
    );
    this.root.hidden = true;
  }

  /** Follow the clock of a newly arrived snapshot. */
  sync(state, receivedAt) {
    this.#state = state;
    this.#receivedAt = receivedAt;
    const phaseSeconds = state.settings?.timers?.[state.phase];
    const left = remainingMs(state, receivedAt, receivedAt);
    this.#totalMs = Math.max(phaseSeconds ? phaseSeconds * 1000 : 1, left ?? 1, 1);
    this.root.hidden = left === null;
    this.root.classList.toggle("is-paused", Boolean(state.paused));
    this.#draw();
    clearInterval(this.#interval);
    if (left !== null && !state.paused) this.#interval = setInterval(() => this.#draw(), TICK_MS);
  }

  #draw() {
    const left = remainingMs(this.#state, this.#receivedAt, performance.now());
    if (left === null) return;
    const clock = `${formatClock(left)} left`;
    const label = this.#state.paused ? `Paused, ${clock}` : clock;
    if (label !== this.#shownText) {
      this.#shownText = label;
      this.text.textContent = label;
    }
    this.fill.style.transform = `scaleX(${Math.min(1, left / this.#totalMs)})`;
    this.root.classList.toggle("is-ending", !this.#state.paused && left <= 10000);
    if (left === 0) clearInterval(this.#interval);
  }
}
