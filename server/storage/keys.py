"""Every Redis key and channel Counterplay uses. A room's keys share the hash tag `{CODE}`,
so one room always lives on one Redis Cluster slot."""


def room_state(code: str) -> str:
    return f"cp:{{{code}}}:state"


def room_leaderboard(code: str) -> str:
    return f"cp:{{{code}}}:leaderboard"


def room_teams(code: str) -> str:
    return f"cp:{{{code}}}:teams"


def room_channel(code: str) -> str:
    return f"cp:{{{code}}}:changed"


def finished_games() -> str:
    """Every finished game's code, scored by when it finished (the facilitator's history)."""
    return "cp:games"


def uploaded_deck(deck_id: str) -> str:
    return f"cp:deck:{deck_id}"


def server_instance(instance: int) -> str:
    """Present while the server process `instance` is alive (it renews the key's expiry)."""
    return f"cp:instance:{instance}"
