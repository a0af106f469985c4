"""Prometheus metrics for one server process, served at /metrics."""

from collections.abc import Iterator

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily
from prometheus_client.registry import Collector


class Tally(Collector):
    """A counter for the fan-out's path, bumped once per socket of every change: a plain
    int, read when /metrics is scraped (a prometheus_client Counter takes a lock for
    each increment, ~5% of a fan-out's Python)."""

    def __init__(self, name: str, documentation: str, registry: CollectorRegistry) -> None:
        self._name, self._documentation = name, documentation
        self.value = 0
        registry.register(self)

    def inc(self, amount: int = 1) -> None:
        self.value += amount

    def collect(self) -> Iterator[CounterMetricFamily]:
        yield CounterMetricFamily(self._name, self._documentation, value=self.value)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.rooms_watched = Gauge(
            "counterplay_rooms_watched",
            "Rooms with sockets on this process",
            registry=self.registry,
        )
        self.sockets_open = Gauge(
            "counterplay_sockets_open",
            "Seated sockets on this process",
            ["role"],
            registry=self.registry,
        )
        self.messages_in = Counter(
            "counterplay_messages_in", "Messages received from clients", registry=self.registry
        )
        self.messages_out = Tally(
            "counterplay_messages_out", "Messages sent to clients", registry=self.registry
        )
        self.refusals = Counter(
            "counterplay_refusals",
            "Messages refused, by error code",
            ["code"],
            registry=self.registry,
        )
        self.snapshot_seconds = Histogram(
            "counterplay_snapshot_seconds",
            "Sending one socket a snapshot that waited for the socket's turn (a slow reader)",
            buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0),
            registry=self.registry,
        )
        self.fanout_seconds = Histogram(
            "counterplay_fanout_seconds",
            "Handing one room state to every socket of the room on this process",
            buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0),
            registry=self.registry,
        )
        self.store_errors = Counter(
            "counterplay_store_errors", "Store calls that failed", registry=self.registry
        )

    def render(self) -> bytes:
        return generate_latest(self.registry)
