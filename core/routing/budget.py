"""Retry budget: retries may be at most a share of recent first attempts (plus a small floor)."""


class RetryBudget:
    """Counts first attempts and retries in one-second buckets over a sliding span."""

    __slots__ = ("_attempts", "_retries", "_second", "min_retries", "ratio", "span")

    def __init__(self, ratio: float = 0.2, span_s: int = 10, min_retries: int = 5) -> None:
        self.ratio = ratio
        self.span = span_s
        self.min_retries = min_retries  # lets a quiet service still retry its first failures
        self._attempts = [0] * span_s
        self._retries = [0] * span_s
        self._second = 0

    def _roll(self, at: float) -> int:
        second = int(at)
        if second != self._second:
            gap = second - self._second
            if gap < 0 or gap >= self.span:
                for i in range(self.span):
                    self._attempts[i] = self._retries[i] = 0
            else:
                for s in range(self._second + 1, second + 1):
                    i = s % self.span
                    self._attempts[i] = self._retries[i] = 0
            self._second = second
        return second % self.span

    def attempt(self, at: float) -> None:
        """Count one first attempt."""
        self._attempts[self._roll(at)] += 1

    def try_retry(self, at: float) -> bool:
        """Spend one retry if the budget allows it."""
        i = self._roll(at)
        if sum(self._retries) >= self.ratio * sum(self._attempts) + self.min_retries:
            return False
        self._retries[i] += 1
        return True

    def usage(self) -> tuple[int, int]:
        """(first attempts, retries) in the current span."""
        return sum(self._attempts), sum(self._retries)
