"""After start-up the heap is frozen and the young generation is collected less often."""

import gc
from collections.abc import Iterator

import pytest

from bot import gc_tuning


@pytest.fixture
def restored_gc() -> Iterator[None]:
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


@pytest.mark.usefixtures("restored_gc")
def test_settle_freezes_what_start_up_made_and_raises_the_young_threshold() -> None:
    older, oldest = gc.get_threshold()[1:]
    built_at_start_up = [object() for _ in range(1000)]
    gc_tuning.freeze_startup_heap()
    assert gc.get_freeze_count() >= len(built_at_start_up)
    assert gc.get_threshold() == (gc_tuning.YOUNG_THRESHOLD, older, oldest)
