"""Prometheus metrics for the service's doors and loops, served at GET /metrics."""

from collections.abc import Iterator

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from core.gateways import GatewayResult
from core.routing.breaker import BreakerState
from core.routing.router import Router
from core.scheduling.tick import TickReport

CONTENT_TYPE = CONTENT_TYPE_LATEST
LATENCY_BUCKETS = (0.05, 0.1, 0.2, 0.3, 0.5, 1.0, 2.0, 5.0, 10.0)
TICK_BUCKETS = (0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class ServiceMetrics:
    """Counters the doors and loops bump, and the router's state read at scrape time.

    One registry per instance (not prometheus_client's global one), so every test and every
    service in a process counts on its own.
    """

    def __init__(self, router: Router | None = None) -> None:
        self.registry = CollectorRegistry()
        self.updates = Counter(
            "arcflux_telegram_updates",
            "Webhook updates by what became of them",
            ["result"],
            registry=self.registry,
        )
        self.runs = Counter(
            "arcflux_runs",
            "Scheduled runs the due-runs ticks finished, by outcome",
            ["outcome"],
            registry=self.registry,
        )
        self.tick_seconds = Histogram(
            "arcflux_tick_seconds",
            "How long one due-runs tick took",
            buckets=TICK_BUCKETS,
            registry=self.registry,
        )
        self.attempts = Counter(
            "arcflux_gateway_attempts",
            "Gateway attempts by gateway and outcome",
            ["gateway", "outcome"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "arcflux_gateway_latency_seconds",
            "Gateway answer time",
            ["gateway"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        if router is not None:
            self.registry.register(RouterCollector(router))

    def update(self, result: str) -> None:
        """One webhook update: processed, duplicate, busy, not_ready, forbidden, malformed…"""
        self.updates.labels(result).inc()

    def attempt(self, result: GatewayResult) -> None:
        """One gateway attempt (a fleet listener)."""
        self.attempts.labels(result.gateway, result.outcome.value).inc()
        self.latency.labels(result.gateway).observe(result.latency_ms / 1000)

    def tick(self, report: TickReport, seconds: float) -> None:
        """What one due-runs tick did and how long it took."""
        self.tick_seconds.observe(seconds)
        for execution in report.executions:
            outcome = (
                "skipped"
                if execution.skipped
                else ("succeeded" if execution.succeeded else "failed")
            )
            self.runs.labels(outcome).inc()
        if report.missed:
            self.runs.labels("missed").inc(report.missed)
        if report.recovered:
            self.runs.labels("recovered").inc(report.recovered)

    def exposition(self) -> bytes:
        """The text format Prometheus scrapes."""
        return generate_latest(self.registry)


class RouterCollector(Collector):
    """Breaker states and traffic shares, read from the router when Prometheus scrapes."""

    def __init__(self, router: Router) -> None:
        self._router = router

    def collect(self) -> Iterator[GaugeMetricFamily]:
        """One sample per gateway and breaker state (1 for the current one), and per share."""
        states = GaugeMetricFamily(
            "arcflux_gateway_breaker_state",
            "1 for the breaker state each gateway is in",
            labels=["gateway", "state"],
        )
        for gateway in self._router.gateways:
            current = self._router.state(gateway)
            for state in BreakerState:
                states.add_metric([gateway, state.value], 1.0 if state is current else 0.0)
        yield states
        shares = GaugeMetricFamily(
            "arcflux_gateway_share",
            "Share of first attempts each gateway gets for an asset (0-1)",
            labels=["gateway", "asset"],
        )
        for asset in self._router.assets:
            for gateway, share in self._router.shares(asset).items():
                shares.add_metric([gateway, asset], share)
        yield shares
