"""Every Redis key and channel Counterplay uses. A room's keys share the hash tag `{CODE}`,
so one room always lives on one Redis Cluster slot."""


def room_state(code: str) -> str:
    return f"cp:{{{code}}}:state"


def room_leaderboard(code: str) -> str:
    return f"cp:{{{code}}}:leaderboard"


def room_channel(code: str) -> str:
    return f"cp:{{{code}}}:changed"


def uploaded_deck(deck_id: str) -> str:
    return f"cp:deck:{deck_id}"
