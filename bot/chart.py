"""The weekly digest's chart: answers per day by kind, and the answer rate, as a PNG.

matplotlib is imported here only, when `report --post` draws the chart: answering a
question never pays for it, and an install without the `digest` extra still answers. It
draws on a `Figure` of its own (no pyplot, no global state) with the Agg renderer.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from bot.report import DayStats

# The kinds in a fixed order and colour, so that one week's chart reads like the last.
KIND_COLOURS = {
    "row": "#326ce5",  # Kubernetes blue: the answers the table is for
    "summary": "#6fa8dc",
    "analogy": "#9fc5e8",
    "table": "#b4a7d6",
    "help": "#cccccc",
    "none": "#e06666",  # the gaps
}
RATE_COLOUR = "#38761d"
SIZE_INCHES, DPI = (8, 3.6), 100


class ChartUnavailable(RuntimeError):
    """matplotlib is not installed (it comes with the `digest` extra)."""


def answers_chart(days: Sequence[DayStats], title: str) -> bytes:
    """Stacked bars of answers per day by kind, and a line of the answer rate (of the
    questions people typed) on a 0-100% axis of its own; PNG bytes."""
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        from matplotlib.ticker import MaxNLocator
    except ImportError as error:
        raise ChartUnavailable(
            "the digest's chart needs matplotlib: pip install 'k8s-compare[digest]'"
        ) from error
    figure = Figure(figsize=SIZE_INCHES, dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    bars = figure.add_subplot()
    labels = [f"{d.day:%a %d}" for d in days]
    positions = range(len(days))
    bottom = [0] * len(days)
    kinds = [k for k in KIND_COLOURS if any(d.by_kind.get(k) for d in days)]
    kinds += sorted({k for d in days for k in d.by_kind} - set(KIND_COLOURS))
    for kind in kinds:
        heights = [d.by_kind.get(kind, 0) for d in days]
        bars.bar(positions, heights, bottom=bottom, label=kind,
                 color=KIND_COLOURS.get(kind, "#999999"), width=0.7)
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    bars.set_xticks(list(positions), labels)
    bars.set_ylabel("answers")
    bars.yaxis.set_major_locator(MaxNLocator(integer=True))
    bars.set_ylim(0, max([*bottom, 1]) * 1.15)
    bars.spines[["top"]].set_visible(False)
    rate = bars.twinx()
    rates = [d.answer_rate * 100 if d.answer_rate is not None else float("nan") for d in days]
    rate.plot(positions, rates, color=RATE_COLOUR, marker="o", linewidth=2,
              label="answer rate")
    rate.set_ylim(0, 105)
    rate.set_ylabel("answer rate (%)", color=RATE_COLOUR)
    rate.spines[["top"]].set_visible(False)
    handles = bars.get_legend_handles_labels()[0] + rate.get_legend_handles_labels()[0]
    bars.legend(handles=handles, loc="upper left", ncols=len(handles), frameon=False,
                fontsize="small", bbox_to_anchor=(0, 1.12))
    figure.suptitle(title, x=0.01, ha="left", fontsize="medium")
    out = io.BytesIO()
    figure.savefig(out, format="png", metadata={"Software": None})
    return out.getvalue()
