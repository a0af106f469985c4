"""What the measurements return: raw figures, before the report turns them into rows."""

from dataclasses import dataclass, field

from .swarm import FanoutResult, JoinResult


@dataclass
class VoteFigures:
    sent: int
    acked: int
    outcomes: dict[str, int]
    send_window_s: float | None
    last_ack_s: float | None  # from the first vote sent to the last ack
    ack_ms: list[float]
    tally: dict[str, int]  # votes per reply in the reveal snapshot
    acked_by_reply: dict[str, int]

    @property
    def exact(self) -> bool:
        return self.tally == self.acked_by_reply and sum(self.tally.values()) == self.acked


@dataclass
class RoomFigures:
    size: int
    join: JoinResult | None = None
    fanouts: list[FanoutResult] = field(default_factory=list)  # host extends (briefing)
    replies: list[FanoutResult] = field(default_factory=list)  # one per agent's reply
    # Changes the round's moves cause: "replying" (the opening), "voting", "reveal".
    phases: dict[str, FanoutResult] = field(default_factory=dict)
    vote: VoteFigures | None = None
    notes: list[str] = field(default_factory=list)

    def snapshot_bytes(self) -> float | None:
        """What a player gets per host extend, on average (the baseline sends this much)."""
        sizes = [f.size_mean for f in self.fanouts if f.size_mean]
        return sum(sizes) / len(sizes) if sizes else None

    def bytes_by_change(self) -> dict[str, float]:
        """Mean snapshot size per player, for each kind of change measured."""
        kinds = {"extend (briefing)": self.fanouts, "reply (replying)": self.replies}
        kinds |= {f"to {phase}": [result] for phase, result in self.phases.items()}
        means: dict[str, float] = {}
        for kind, results in kinds.items():
            sizes = [r.size_mean for r in results if r.size_mean]
            if sizes:
                means[kind] = sum(sizes) / len(sizes)
        return means

    def largest_snapshot(self) -> int | None:
        results = [*self.fanouts, *self.replies, *self.phases.values()]
        return max((r.size_max for r in results if r.size_max), default=None)


@dataclass
class MemoryFigures:
    players: int
    rooms: int
    welcomed: int
    held: int
    rss_before_kb: int
    rss_after_kb: int
    peak_kb: int

    @property
    def kb_per_player(self) -> float | None:
        return (self.rss_after_kb - self.rss_before_kb) / self.held if self.held else None
