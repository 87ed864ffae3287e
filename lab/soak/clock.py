"""A wall-clock step of the service process alone, through libfaketime (the machine's clock is
not touched): the service runs with libfaketime preloaded, reading its offset from a file."""

from dataclasses import dataclass, field
from pathlib import Path

LIBRARIES = (
    Path("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"),
    Path("/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1"),
    Path("/usr/lib/faketime/libfaketime.so.1"),
    Path("/usr/local/lib/faketime/libfaketime.so.1"),
)


def find_library() -> Path | None:
    """libfaketime.so.1 where Debian's `faketime` package (or a local build) puts it."""
    return next((path for path in LIBRARIES if path.exists()), None)


@dataclass
class WallClockStep:
    """The offset file libfaketime reads on every clock call, and the steps made so far."""

    offset_file: Path
    library: Path | None = field(default_factory=find_library)
    offset_seconds: int = 0

    @property
    def available(self) -> bool:
        """Whether libfaketime is installed."""
        return self.library is not None

    @property
    def missing(self) -> str:
        """What to say when it is not."""
        return "libfaketime is not installed (apt-get install faketime)"

    def environment(self) -> dict[str, str]:
        """The service's extra variables: the wall clock follows the file, monotonic is real."""
        if self.library is None:
            return {}
        self._write()
        return {
            "LD_PRELOAD": str(self.library),
            "FAKETIME_TIMESTAMP_FILE": str(self.offset_file),
            "FAKETIME_NO_CACHE": "1",  # a step shows at once, not after libfaketime's cache
            "FAKETIME_DONT_FAKE_MONOTONIC": "1",  # only the wall clock jumps
        }

    def step(self, seconds: int) -> None:
        """Move the service's wall clock forward by ``seconds`` from now on (restarts keep it)."""
        self.offset_seconds += seconds
        self._write()

    def _write(self) -> None:
        self.offset_file.write_text(f"{self.offset_seconds:+d}\n", encoding="utf-8")
