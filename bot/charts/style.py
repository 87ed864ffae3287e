"""One look for every chart: phone-sized, large type, fixed gateway colours, labelled axes."""

import hashlib
import io
import queue
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import matplotlib

matplotlib.use("Agg")  # no display, no GUI toolkit: PNGs only

from matplotlib import dates as mdates
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

SIZE = (8.0, 4.8)  # inches at DPI → 800×480 px: wider than a phone shows it, type ≥ 16 px
DPI = 100  # 120 drew and encoded 44 % more pixels for no gain once Telegram scales it down
PNG_LEVEL = 1  # zlib level: ~20 % larger files than the default 6, encoded several times faster
BACKGROUND = "#f7f9fb"  # a light card reads on Telegram's light and dark themes alike
INK = "#1f2933"
GRID = "#d3dae3"
MUTED = "#6b7785"
# Mid-tone hues that hold contrast on the card; a gateway keeps its colour on every chart.
GATEWAY_COLOURS = {
    "stripe": "#635bff",
    "paypal": "#0b7bd8",
    "razorpay": "#e0752d",
    "circle": "#1f9d73",
    "sandbox": "#8a5cc2",
}
SPARE = ("#c2417a", "#7a8b0f", "#2b8a9e", "#a05a2c", "#5a6acf")
ACCENT = "#0b7bd8"


def colour(gateway: str) -> str:
    """The gateway's colour; unknown names get a stable spare one."""
    if gateway in GATEWAY_COLOURS:
        return GATEWAY_COLOURS[gateway]
    return SPARE[hashlib.sha256(gateway.encode()).digest()[0] % len(SPARE)]


# Fixed margins (room for the legend on the right, names on the left): matplotlib's
# constrained layout measured ~40 % of every render and charts are sent on a hot path.
MARGINS = {"left": 0.1, "right": 0.84, "top": 0.84, "bottom": 0.13}
NAME_MARGINS = {**MARGINS, "left": 0.22, "right": 0.9}


def figure(
    title: str, subtitle: str, margins: dict[str, float] | None = None
) -> tuple[Figure, Axes]:
    """A blank styled chart."""
    fig = Figure(figsize=SIZE, dpi=DPI, facecolor=BACKGROUND)
    fig.subplots_adjust(**(margins or MARGINS))
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.set_facecolor(BACKGROUND)
    fig.suptitle(title, fontsize=17, fontweight="bold", color=INK, x=0.02, ha="left")
    # An explicit y pins the title just above the plot; left automatic, matplotlib re-places it
    # on every draw by measuring the y tick labels (~15 % of a render). Ticks never go on top.
    ax.set_title(subtitle, fontsize=12, color=MUTED, loc="left", y=1.0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(GRID)
    ax.tick_params(colors=INK, labelsize=12)
    ax.grid(True, color=GRID, linewidth=0.8)
    ax.set_axisbelow(True)
    return fig, ax


# Figures kept per chart kind. A figure's first draw builds its ticks, spines and text layouts;
# drawing a kept one again with new data measured ~40 % cheaper. Charts render on worker
# threads, so a figure is taken from its pool for one render and given back cleared of data.
POOL_SIZE = 2
_pools: defaultdict[str, queue.SimpleQueue[tuple[Figure, Axes]]] = defaultdict(queue.SimpleQueue)


@contextmanager
def reused(
    kind: str, title: str, subtitle: str, margins: dict[str, float] | None = None
) -> Iterator[tuple[Figure, Axes]]:
    """A styled chart for one render of ``kind``: a kept one if free, else a new one."""
    pool = _pools[kind]
    try:
        fig, ax = pool.get_nowait()
    except queue.Empty:
        fig, ax = figure(title, subtitle, margins)
    fig.texts[0].set_text(title)  # the suptitle
    ax.set_title(subtitle, fontsize=12, color=MUTED, loc="left", y=1.0)
    try:
        yield fig, ax
    finally:
        _clear(ax)
        if pool.qsize() < POOL_SIZE:
            pool.put((fig, ax))


def discard_kept() -> None:
    """Forget every kept figure (the next render of each kind starts from a new one)."""
    _pools.clear()


def _clear(ax: Axes) -> None:
    """Drop a render's data and let the next one scale the axes afresh; keep the styling."""
    for container in list(ax.containers):
        container.remove()
    for artist in [*ax.lines, *ax.collections, *ax.patches, *ax.texts]:
        artist.remove()
    if (legend := ax.get_legend()) is not None:
        legend.remove()
    ax.relim()
    ax.set_autoscale_on(True)


def x(moments: Sequence[datetime]) -> list[float]:
    """Datetimes as matplotlib date numbers (timezone-aware in, UTC days out)."""
    if not moments:
        return []
    return [float(n) for n in mdates.date2num(list(moments))]  # one call: per item was ~20 %


MIN_VIEW = timedelta(minutes=10)  # the narrowest time axis a zoomed chart shows


def zoomed_start(
    moments: Sequence[datetime], since: datetime, until: datetime, room: bool = True
) -> datetime:
    """Where the time axis starts: ``since``, or at the data when it all came late."""
    if not moments:
        return since
    first = min(moments)
    if first - since < (until - since) / 2:
        return since  # the data fills most of the window: show the window
    # A little room before the first point, unless the chart should begin exactly there.
    lead = max((until - first) / 4, timedelta(minutes=1)) if room else timedelta(0)
    return max(since, min(first - lead, until - MIN_VIEW))


def time_axis(ax: Axes, since: datetime, until: datetime, timezone: str) -> None:
    """Times on the x axis in the reader's timezone, labelled with the zone."""
    zone = ZoneInfo(timezone)
    span = (until - since).total_seconds()
    fmt = "%H:%M" if span <= 36 * 3600 else "%a %d"
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(tz=zone, maxticks=7))
    ax.xaxis.set_major_formatter(mdates.DateFormatter(fmt, tz=zone))
    ax.set_xlim(*x([since, until]))
    ax.set_xlabel(f"time ({until.astimezone(zone).tzname() or timezone})", fontsize=12, color=MUTED)


def legend(ax: Axes) -> None:
    """A legend that stays out of the data."""
    ax.legend(fontsize=11, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))


def png(fig: Figure) -> bytes:
    """The figure as PNG bytes."""
    buffer = io.BytesIO()
    fig.savefig(
        buffer, format="png", facecolor=BACKGROUND, pil_kwargs={"compress_level": PNG_LEVEL}
    )
    return buffer.getvalue()


def empty(title: str, subtitle: str, message: str) -> bytes:
    """A clear "no data yet" picture rather than an empty plot or an error."""
    fig, ax = figure(title, subtitle)
    ax.set_axis_off()
    ax.text(
        0.5,
        0.55,
        "No data yet",
        ha="center",
        va="center",
        fontsize=24,
        color=INK,
        transform=ax.transAxes,
        fontweight="bold",
    )
    ax.text(
        0.5,
        0.38,
        message,
        ha="center",
        va="center",
        fontsize=13,
        color=MUTED,
        transform=ax.transAxes,
        wrap=True,
    )
    return png(fig)


Renderer = Callable[..., bytes]
