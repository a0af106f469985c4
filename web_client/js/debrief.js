// Reading a debrief (`state.debrief`, sent to the console and the projector while the host
// presents a revealed round): which replies to show first and what marks each one earned.

import { replyNumber } from "./labels.js";

/** The debrief's replies, most voted first (the customer's pick first among equals), each
 *  with the number it had on the ballot. */
export function debriefReplies(debrief) {
  const numbered = debrief.replies.map((reply, index) => ({
    reply,
    number: replyNumber(reply, index),
  }));
  return numbered.sort(
    (a, b) =>
      (b.reply.result?.votes ?? 0) - (a.reply.result?.votes ?? 0) ||
      Number(b.reply.id === debrief.customer_pick) - Number(a.reply.id === debrief.customer_pick),
  );
}

/** What the room made of a reply: the customer's pick, the peers' favourite. */
export function replyMarks(reply, debrief) {
  return {
    customerPick: reply.id === debrief.customer_pick,
    peersFavourite: debrief.peers_favourite.includes(reply.id),
  };
}

/** "Empathy ×2, Ownership ×1", most tagged first; "" when nobody tagged a skill. */
export function skillTagsText(skills, skillNames) {
  return Object.entries(skills ?? {})
    .sort((a, b) => b[1] - a[1])
    .map(([id, count]) => `${skillNames.get(id) ?? id} ×${count}`)
    .join(", ");
}
