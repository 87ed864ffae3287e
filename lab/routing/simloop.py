"""A tiny discrete-event loop: coroutines sleep on simulated time, nothing really waits."""

import heapq
from collections.abc import Callable, Coroutine, Generator
from typing import Any


class _Sleep:
    """Awaitable that asks the loop to resume the coroutine ``seconds`` later."""

    __slots__ = ("seconds",)

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def __await__(self) -> Generator["_Sleep", None, None]:
        yield self


class SimLoop:
    """Runs callbacks and coroutines in simulated-time order (ties: first scheduled first)."""

    def __init__(self) -> None:
        self.now = 0.0
        self._heap: list[tuple[float, int, Any]] = []
        self._seq = 0

    def clock(self) -> float:
        """The simulated time in seconds."""
        return self.now

    def sleep(self, seconds: float) -> _Sleep:
        """What a simulated gateway awaits instead of asyncio.sleep."""
        return _Sleep(seconds)

    def call_at(self, at: float, fn: Callable[[], None]) -> None:
        """Run ``fn`` at simulated time ``at``."""
        self._seq += 1
        heapq.heappush(self._heap, (at, self._seq, fn))

    def spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        """Start ``coro`` now; it runs until its first sleep."""
        self._step(coro)

    def _step(self, coro: Coroutine[Any, Any, None]) -> None:
        try:
            request = coro.send(None)
        except StopIteration:
            return
        if not isinstance(request, _Sleep):
            raise TypeError(f"simulated coroutines may only await SimLoop.sleep, got {request!r}")
        self._seq += 1
        heapq.heappush(self._heap, (self.now + request.seconds, self._seq, coro))

    def run(self) -> None:
        """Process everything scheduled, in time order, until nothing is left."""
        heap, pop = self._heap, heapq.heappop
        while heap:
            at, _, item = pop(heap)
            self.now = at
            if callable(item):
                item()
            else:
                self._step(item)
