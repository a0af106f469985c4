// Words shown to people: phase names, card fields, and friendly versions of error codes.

export const PHASE_NAMES = {
  lobby: "Lobby",
  briefing: "Briefing",
  replying: "Replying",
  voting: "Voting",
  reveal: "Reveal",
  scoreboard: "Scoreboard",
  finished: "Game over",
};

export const TIMED_PHASES = ["briefing", "replying", "voting", "reveal", "scoreboard"];

export const CHANNEL_NAMES = {
  phone: "Phone call",
  counter: "At the counter",
  email: "Email",
  chat: "Live chat",
  social: "Social media",
  internal: "Internal request",
};

export const STYLE_NAMES = {
  left_alone: "Wants to be left alone to get on with it",
  nearby: "Wants someone close by, ready to help",
  direction: "Wants a clear steer on what to do",
  hand_holding: "Wants to be guided step by step",
};

const ERROR_MESSAGES = {
  room_not_found: "There is no room with that code. Check the code on the big screen.",
  name_taken: "Someone in this room already has that name. Add an initial or pick another.",
  name_invalid: "Names need 1 to 24 visible characters.",
  name_not_allowed: "That name is not allowed in this room. Please choose another.",
  unknown_team: "Pick one of this room's teams to join.",
  unknown_round: "That round has no results to show yet.",
  room_locked: "The host has locked this room. Ask them to unlock it.",
  room_full: "This room is full. Ask the host to raise the player cap.",
  game_over: "This game has already finished.",
  bad_token: "That seat is no longer yours. Join again with your name.",
  text_empty: "Write something before sending.",
  text_too_long: "Keep it to 500 characters.",
  wrong_phase: "Too late: that part of the round has ended.",
  own_reply: "You can't vote for your own reply.",
  reply_hidden: "The host hid that reply. Pick another.",
  unknown_reply: "That reply is no longer on the ballot.",
  unknown_skill: "That skill is not part of this game.",
  unknown_player: "That player is no longer in the room.",
  not_enough_players: "At least 3 connected players are needed to start.",
  no_cards: "No card in this room's decks trains the chosen skills, so no round can start.",
  rate_limited: "That was a lot at once. Wait a moment and try again.",
  not_allowed: "That is not allowed here.",
  store_unavailable: "The server is busy. Try again in a moment.",
  disconnected: "Not connected right now. Reconnecting…",
  invalid_message: "The server could not read that. Reload the page and try again.",
};

/** A sentence for people about error `code`, falling back to the server's own message. */
export function friendlyError(code, serverMessage) {
  return ERROR_MESSAGES[code] ?? serverMessage ?? "Something went wrong. Try again.";
}

/** Why some or all scores are missing from the public standings, by the room's setting. */
export const LEADERBOARD_NOTES = {
  top3: "Only the top 3 are shown.",
  end: "The leaderboard is hidden until the end.",
  never: "No public leaderboard in this game.",
};

/** A team's score: a sum is whole, a mean has one decimal ("200", "133.3"). */
export function teamScore(score) {
  return Number.isInteger(score) ? String(score) : score.toFixed(1);
}

/** 1 -> "1st", 2 -> "2nd", 11 -> "11th", 23 -> "23rd". */
export function ordinal(n) {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${{ 1: "st", 2: "nd", 3: "rd" }[n % 10] ?? "th"}`;
}

/** "1 point" / "300 points". */
export function points(n) {
  return `${n} ${n === 1 ? "point" : "points"}`;
}

/** "1 vote" / "3 votes". */
export function votes(n) {
  return `${n} ${n === 1 ? "vote" : "votes"}`;
}

/** The number a reply goes by for people ("r3" -> 3), or its position on the ballot. */
export function replyNumber(reply, index) {
  const match = /^r(\d+)$/.exec(reply.id);
  return match ? Number(match[1]) : index + 1;
}
