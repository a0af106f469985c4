// The projector's debrief of a revealed round: the card with its teaching notes beside the
// replies and how the room voted; or one reply in the spotlight, full screen. Everything here
// is read from across a room, so the type is large and each part has its own heading.

import { debriefReplies, replyMarks, skillTagsText } from "./debrief.js";
import { el, nameInText, nameTag, userText } from "./dom.js";
import { votes } from "./labels.js";

/** The view for `debrief` (state.debrief); `skillNames` maps skill ids to names. */
export function debriefView(debrief, skillNames) {
  if (debrief.spotlight) return spotlightView(debrief);
  const card = debrief.scenario;
  const notes = card.notes;
  // The status line already says which round this is, so the card's title leads, with the
  // scene and the opening beside it; then the card's notes and, last, the room's replies.
  return el("section", { className: "screen-debrief" }, [
    el("h1", { className: "debrief-title", text: card.title }),
    el("div", { className: "debrief-scene" }, [
      el("p", { className: "debrief-situation", text: card.situation }),
      debriefOpening(debrief),
    ]),
    el("div", { className: "debrief-columns" }, [
      noteBlock("debrief-model", "A model reply", el("p", { text: notes?.model_reply ?? "" })),
      el("div", { className: "debrief-talk" }, [
        notes?.watch_outs?.length
          ? noteBlock(
              "debrief-watch",
              "Watch out for",
              el("ul", {}, notes.watch_outs.map((item) => el("li", { text: item }))),
            )
          : null,
        noteBlock(
          "debrief-question",
          "Talk about it",
          el("p", { text: notes?.debrief_question ?? "" }),
        ),
      ]),
      el("div", { className: "debrief-room" }, [repliesBlock(debrief, skillNames)]),
    ]),
  ]);
}

function noteBlock(className, title, body) {
  return el("section", { className: `debrief-note ${className}` }, [
    el("h2", { text: title }),
    body,
  ]);
}

function debriefOpening(debrief) {
  const who = debrief.customer_name
    ? [nameInText(debrief.customer_name), " said:"]
    : "The customer said:";
  return el("figure", { className: "opening" }, [
    el("figcaption", {}, who),
    userText("blockquote", debrief.opening ?? ""),
  ]);
}

function repliesBlock(debrief, skillNames) {
  const replies = debriefReplies(debrief);
  return el("section", { className: "debrief-replies" }, [
    el("h2", { text: "How the room voted" }),
    replies.length
      ? el(
          "ol",
          // Many replies: each shows its first lines, so the round still fits the wall.
          { className: `debrief-reply-list ${replies.length > 5 ? "is-many" : ""}`.trim() },
          replies.map(({ reply, number }) => debriefReply(reply, number, debrief, skillNames)),
        )
      : el("p", { className: "screen-note", text: "No replies in this round." }),
  ]);
}

function debriefReply(reply, number, debrief, skillNames) {
  const marks = replyMarks(reply, debrief);
  const result = reply.result;
  const skills = skillTagsText(result?.skills, skillNames);
  return el("li", { className: `debrief-reply ${marks.customerPick ? "is-pick" : ""}`.trim() }, [
    el("div", { className: "debrief-reply-head" }, [
      el("span", { className: "screen-bar-title", text: `Reply ${number}` }),
      el("span", { className: "debrief-votes", text: votes(result?.votes ?? 0) }),
      result?.author_name
        ? el("span", { className: "screen-bar-author" }, ["by ", nameTag(result.author_name)])
        : null,
      marks.customerPick
        ? el("span", { className: "screen-pick", text: "★ Customer's pick" })
        : null,
      marks.peersFavourite
        ? el("span", { className: "screen-favourite", text: "♥ Peers' favourite" })
        : null,
    ]),
    userText("p", reply.text, "debrief-reply-text"),
    skills ? el("p", { className: "screen-bar-skills", text: skills }) : null,
  ]);
}

/** One reply, as large as its length allows; the author only when the server sent a name. */
function spotlightView(debrief) {
  const { spotlight } = debrief;
  return el("section", { className: "screen-spotlight" }, [
    el("p", { className: "screen-kicker", text: `Spotlight · round ${debrief.round}` }),
    el("figure", { className: `spotlight ${spotlightSize(spotlight.text)}` }, [
      userText("blockquote", spotlight.text, "spotlight-text"),
      spotlight.author_name
        ? el("figcaption", { className: "spotlight-author" }, [
            "— ",
            nameTag(spotlight.author_name),
          ])
        : null,
    ]),
  ]);
}

function spotlightSize(text) {
  const length = [...text].length;
  if (length > 280) return "spotlight-long";
  if (length > 120) return "spotlight-medium";
  return "spotlight-short";
}
