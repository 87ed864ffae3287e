"""Telegram re-delivers a webhook update it thinks failed: remember recent update ids."""

from collections import OrderedDict


class RecentIds:
    """The last ``size`` ids seen; ``first_time`` is True once per id."""

    def __init__(self, size: int = 10_000) -> None:
        self._size = size
        self._seen: OrderedDict[int, None] = OrderedDict()

    def first_time(self, update_id: int) -> bool:
        """Record ``update_id``; False if it was already seen."""
        if update_id in self._seen:
            return False
        self._seen[update_id] = None
        if len(self._seen) > self._size:
            self._seen.popitem(last=False)
        return True
