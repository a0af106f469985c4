// The debrief on the console: a round picker that puts a revealed round on the projector
// (`present`), and while it is there the whole round with its teaching notes, a Spotlight
// button per reply, and the way back to the live game.

import { debriefReplies, replyMarks, skillTagsText } from "./debrief.js";
import {
  append,
  definitionList,
  el,
  nameInText,
  nameTag,
  renderWhenChanged,
  replaceContent,
  setShown,
  uniqueId,
  userText,
} from "./dom.js";
import { STYLE_NAMES, votes } from "./labels.js";

const DEBRIEF_PHASES = ["reveal", "scoreboard", "finished"];

/**
 * The revealed rounds, which `present` accepts. During a reveal or scoreboard every round so
 * far was revealed; a game ended early may have left its last round unrevealed, which only
 * the report (`report.rounds[].revealed`) can tell.
 */
export function revealedRounds(state, report) {
  if (state.phase === "finished" && report?.code === state.code && report.phase === "finished") {
    return report.rounds.filter((round) => round.revealed).map((round) => round.number);
  }
  return Array.from({ length: state.round }, (_, index) => index + 1);
}

/** The "Debrief on projector" control: a round picker and a button. Returns
 *  {root, update(state, rounds)}. */
export function createDebriefControl(command) {
  const selectId = uniqueId("debrief-round");
  const select = el("select", { className: "debrief-round", attrs: { id: selectId } });
  const present = () =>
    command({ type: "present", round: Number(select.value) }, "The debrief is on the projector.");
  const root = el("div", { className: "debrief-control" }, [
    el("label", { text: "Round to debrief", attrs: { for: selectId } }),
    el("div", { className: "button-row" }, [
      select,
      el("button", {
        className: "button",
        text: "Debrief on projector",
        attrs: { type: "button" },
        on: { click: present },
      }),
    ]),
  ]);
  let shownRounds = "";
  return {
    root,
    update(state, rounds) {
      setShown(root, DEBRIEF_PHASES.includes(state.phase) && rounds.length > 0);
      if (JSON.stringify(rounds) === shownRounds) return;
      shownRounds = JSON.stringify(rounds);
      replaceContent(
        select,
        rounds.map((n) => el("option", { text: `Round ${n}`, attrs: { value: n } })),
      );
      select.value = String(rounds.at(-1) ?? "");
    },
  };
}

/** The debrief being presented (`state.debrief`). `skillNames()` gives the id -> name map.
 *  Returns {root, update(state)}. */
export function createDebriefPanel(command, skillNames) {
  const named = el("input", { attrs: { type: "checkbox", id: uniqueId("spotlight-named") } });
  const namedHint = el("span", { className: "hint" });
  const clear = el("button", {
    className: "button button-small",
    text: "Clear spotlight",
    attrs: { type: "button" },
    on: { click: () => command({ type: "spotlight", reply_id: null }) },
  });
  const heading = el("h1");
  const body = el("div");
  const root = el("section", {
    className: "card debrief-card",
    attrs: { "aria-label": "Debrief" },
  });
  append(root, [
    el("div", { className: "debrief-head" }, [
      heading,
      el("button", {
        className: "button button-primary",
        text: "Back to live",
        attrs: { type: "button" },
        on: { click: () => command({ type: "present", round: null }, "Back to the live game.") },
      }),
    ]),
    el("p", {
      className: "muted",
      text: "On the projector now. The clock waits while you talk it through.",
    }),
    el("div", { className: "debrief-options" }, [
      el("label", { className: "check" }, [named, " Show the author's name in the spotlight"]),
      namedHint,
      clear,
    ]),
    body,
  ]);
  let current = null;
  named.addEventListener("change", () => {
    const spotlight = current?.debrief?.spotlight;
    if (!spotlight) return;
    command({ type: "spotlight", reply_id: spotlight.reply_id, named: named.checked });
  });
  const spotlightOn = (replyId) =>
    command({ type: "spotlight", reply_id: replyId, named: named.checked && !named.disabled });
  return {
    root,
    update(state) {
      current = state;
      const debrief = state.debrief;
      setShown(root, Boolean(debrief));
      if (!debrief) {
        renderWhenChanged(body, "", () => []);
        return;
      }
      heading.textContent = `Debrief: round ${debrief.round}`;
      named.disabled = state.settings.anonymous;
      namedHint.textContent = state.settings.anonymous
        ? "This room is anonymous: names stay off."
        : "";
      setShown(clear, Boolean(debrief.spotlight));
      renderWhenChanged(body, JSON.stringify([debrief, skillNames().size]), () =>
        debriefBody(debrief, skillNames(), spotlightOn),
      );
    },
  };
}

function debriefBody(debrief, skillNames, spotlightOn) {
  const card = debrief.scenario;
  return [
    el("h2", { className: "scenario-title", text: card.title }),
    definitionList(
      [
        ["Situation", card.situation],
        ["What kind of help they want", STYLE_NAMES[card.style] ?? card.style],
        ["Hidden need", card.hidden_need],
        ["Model reply", card.notes?.model_reply],
        ["Watch out for", card.notes?.watch_outs?.length ? bullets(card.notes.watch_outs) : null],
        ["Debrief question", card.notes?.debrief_question],
      ],
      "scenario-facts",
    ),
    el("figure", { className: "opening debrief-opening" }, [
      el("figcaption", {}, debrief.customer_name
        ? [nameInText(debrief.customer_name), " (the customer) said:"]
        : "The customer said:"),
      userText("blockquote", debrief.opening ?? ""),
    ]),
    el("h2", { text: "Replies" }),
    debrief.replies.length
      ? el(
          "div",
          { className: "host-replies" },
          debriefReplies(debrief).map(({ reply, number }) =>
            debriefReplyCard(reply, number, debrief, skillNames, spotlightOn),
          ),
        )
      : el("p", { className: "empty", text: "No replies in this round." }),
  ];
}

function tag(className, text) {
  return el("span", { className: `tag ${className}`, text });
}

function bullets(items) {
  return el("ul", {}, items.map((item) => el("li", { text: item })));
}

function debriefReplyCard(reply, number, debrief, skillNames, spotlightOn) {
  const marks = replyMarks(reply, debrief);
  const inSpotlight = debrief.spotlight?.reply_id === reply.id;
  const shown = !reply.moderation?.hidden && !reply.moderation?.held;
  const skills = skillTagsText(reply.result?.skills, skillNames);
  const classes = ["reply-card", marks.customerPick && "is-pick", !shown && "is-hidden"];
  return el("article", { className: classes.filter(Boolean).join(" ") }, [
    el("h3", { className: "reply-title" }, [
      `Reply ${number}`,
      marks.customerPick ? tag("tag-pick", "Customer's pick") : null,
      marks.peersFavourite ? tag("tag-favourite", "Peers' favourite") : null,
      inSpotlight ? el("span", { className: "badge", text: "In the spotlight" }) : null,
      shown ? null : el("span", { className: "badge", text: "Not shown to the room" }),
    ]),
    userText("p", reply.text, "reply-text"),
    el("p", { className: "reveal-facts" }, [
      el("span", { className: "reveal-author" }, [
        "By ",
        reply.result?.author_name ? nameTag(reply.result.author_name) : "a player who left",
      ]),
      el("span", { className: "tag", text: votes(reply.result?.votes ?? 0) }),
      skills ? el("span", { className: "tag tag-skill", text: skills }) : null,
    ]),
    shown
      ? el("button", {
          className: "button button-small",
          text: inSpotlight ? "In the spotlight" : "Spotlight",
          attrs: {
            type: "button",
            "aria-label": `Spotlight reply ${number}`,
            "aria-pressed": String(inSpotlight),
          },
          on: { click: () => spotlightOn(reply.id) },
        })
      : null,
  ]);
}
