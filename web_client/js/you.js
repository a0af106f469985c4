// A player's view of the room: the snapshot, which every player who sees the same card
// shares, joined with the player's own `you` message (sent before a snapshot whenever it
// changed). The screens then read one state: `state.you`, replies marked `mine`, and the
// player's own line in the standings.

/**
 * `state` (a snapshot's state) as `you` sees it. `you` is null for the host and the screen,
 * who get `{id: null, role}`.
 */
export function withYou(state, you, role) {
  if (!you) return { ...state, you: { id: null, role } };
  const replies = (you.ballot ?? state.replies).map((reply) => ({
    ...reply,
    mine: reply.id === you.reply_id,
  }));
  if (you.reply_id && !replies.some((reply) => reply.mine)) {
    // A voting sample holds only the others' replies, and a big room's reveal only the most
    // chosen: your own, on the room's ballot, comes with `you`.
    replies.push({ id: you.reply_id, text: you.reply, result: you.result, mine: true });
  }
  const players = state.players.some((player) => player.id === you.id)
    ? state.players
    : [...state.players, ownLine(you)];
  return { ...state, replies, players, you };
}

/** The roster line of a player a big room's top of the standings does not list. */
function ownLine(you) {
  return {
    id: you.id,
    name: you.name,
    connected: true,
    score: you.rank === null ? null : you.score,
    rank: you.rank,
    team: you.team,
  };
}
