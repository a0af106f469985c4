// Moderation on the console: the queue of held openings and replies (`state.queue`, hold
// mode), the "Flagged" badge, and when a hidden reply can be brought back.

import { el, nameInText, renderWhenChanged, setShown, userText } from "./dom.js";
import { TIMED_PHASES } from "./labels.js";

const BEFORE_REVEAL = ["briefing", "replying", "voting"];

/** A "Flagged" badge when the profanity check flagged a name or a reply, else null. */
export function flaggedBadge(flagged) {
  return flagged ? el("span", { className: "badge badge-flagged", text: "Flagged" }) : null;
}

/**
 * The "Waiting for approval" panel. `command(message, done)` sends a host command.
 * Returns {root, update(state)}.
 */
export function createQueuePanel(command) {
  const root = el("section", {
    className: "card queue-card",
    attrs: { "aria-labelledby": "queue-heading" },
  });
  return {
    root,
    update(state) {
      const inRound = TIMED_PHASES.includes(state.phase);
      setShown(root, state.queue.length > 0 || (inRound && state.settings.moderation === "hold"));
      const key = JSON.stringify([state.phase, state.round, state.queue]);
      renderWhenChanged(root, key, () => queueContent(state, command));
    },
  };
}

function queueContent(state, command) {
  const count = state.queue.length;
  return [
    el("h2", { attrs: { id: "queue-heading" } }, [
      "Waiting for approval",
      count ? el("span", { className: "badge badge-count", text: String(count) }) : null,
    ]),
    count
      ? el("ul", { className: "queue" }, state.queue.map((item) => queueItem(item, state, command)))
      : el("p", { className: "empty", text: "Nothing is waiting. Flagged texts appear here." }),
  ];
}

function queueItem(item, state, command) {
  const what = item.kind === "opening" ? "opening" : "reply";
  const whose = `${item.name}'s ${what}`;
  const review = (approve, done) =>
    command({ type: "review", player_id: item.player_id, approve }, done);
  return el("li", { className: "queue-item" }, [
    el("p", { className: "queue-who" }, [
      what === "opening" ? "Opening from " : "Reply from ",
      nameInText(item.name),
    ]),
    userText("p", item.text, "reply-text"),
    el("div", { className: "button-row" }, [
      BEFORE_REVEAL.includes(state.phase)
        ? el("button", {
            className: "button button-small button-primary",
            text: "Approve",
            attrs: { type: "button", "aria-label": `Approve ${whose}` },
            on: { click: () => review(true, `Approved ${whose}.`) },
          })
        : null,
      el("button", {
        className: "button button-small button-danger",
        text: "Take down",
        attrs: { type: "button", "aria-label": `Take down ${whose}` },
        on: { click: () => review(false, `Took down ${whose}.`) },
      }),
    ]),
  ]);
}

/** Whether a hidden reply can still come back: only before the votes are counted. */
export function canBringBack(state) {
  return BEFORE_REVEAL.includes(state.phase);
}
