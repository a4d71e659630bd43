"""Drawing a `Graphics` with matplotlib (the Agg canvas; pyplot and the
global backend are never touched, so this is safe in scripts, servers and
notebooks alike).  Imported only when a plot is drawn."""

from __future__ import annotations

import math
import os

__all__ = ["render", "export", "FORMATS", "DEFAULT_SIZE", "DPI"]

# Mathematica's default plot size: 360 printer's points wide, height / width
# 1 / GoldenRatio.  Figures are drawn at 144 dpi (a PNG is twice the size in
# pixels, sharp on high-density screens).
DEFAULT_SIZE = 360.0
DEFAULT_ASPECT = 2.0 / (1.0 + math.sqrt(5.0))
DPI = 144

# Mathematica's default plot colours (ColorData[97]).
PALETTE = (
    (0.368417, 0.506779, 0.709798), (0.880722, 0.611041, 0.142051),
    (0.560181, 0.691569, 0.194885), (0.922526, 0.385626, 0.209179),
    (0.528488, 0.470624, 0.701351), (0.772079, 0.431554, 0.102387),
    (0.363898, 0.618501, 0.782349), (1.0, 0.75, 0.0),
    (0.647624, 0.37816, 0.614037), (0.571589, 0.586483, 0.0),
)

FORMATS = {"png": "png", "svg": "svg", "pdf": "pdf", "jpg": "jpg", "jpeg": "jpg", "eps": "eps"}


def _matplotlib():
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise ImportError("drawing plots needs matplotlib: pip install matplotlib") from exc
    return Figure, FigureCanvasAgg


def _with_gaps(s):
    xs, ys = list(s.xs), list(s.ys)
    if not s.joined or not s.gaps:
        return xs, ys
    nan = float("nan")
    for i in sorted(s.gaps, reverse=True):
        if 0 < i < len(xs):
            xs.insert(i, nan)
            ys.insert(i, nan)
    return xs, ys


def render(graphics):
    """A new matplotlib Figure (with an Agg canvas) drawing `graphics`."""
    Figure, FigureCanvasAgg = _matplotlib()
    opts = graphics.options
    width, height = opts.get("ImageSize") or (DEFAULT_SIZE, None)
    if height is None:
        height = width * opts.get("AspectRatio", DEFAULT_ASPECT)
    fig = Figure(figsize=(width / 72.0, height / 72.0), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()

    series = graphics.resolved_series()
    labelled = False
    for i, s in enumerate(series):
        style = s.style or {}
        color = style.get("color", PALETTE[i % len(PALETTE)])
        kw = {"color": color}
        if "alpha" in style:
            kw["alpha"] = style["alpha"]
        if s.label is not None:
            kw["label"] = s.label
            labelled = True
        xs, ys = _with_gaps(s)
        if s.joined:
            ax.plot(xs, ys, linestyle=style.get("linestyle", "-"),
                    linewidth=style.get("linewidth", 1.5), **kw)
        else:
            ax.plot(xs, ys, linestyle="none", marker="o",
                    markersize=style.get("markersize", 4.5), **kw)

    label = opts.get("PlotLabel")
    if label:
        ax.set_title(label)
    xlabel, ylabel = opts.get("AxesLabel") or (None, None)
    if xlabel:
        ax.set_xlabel(xlabel)
    if ylabel:
        ax.set_ylabel(ylabel)

    # x range: a Plot shows exactly its sampled domain unless told otherwise.
    domains = [s.domain for s in series if s.domain is not None]
    if domains and len(domains) == len(series):
        ax.set_xlim(min(d[0] for d in domains), max(d[1] for d in domains))
    xrange_, yrange = opts.get("PlotRange") or (None, None)
    if xrange_ is not None:
        ax.set_xlim(*xrange_)
    if yrange is not None:
        ax.set_ylim(*yrange)
    if labelled:
        ax.legend()
    return fig


def export(graphics, path: str, format: str | None = None) -> None:
    """Write `graphics` to `path` as PNG/SVG/PDF/JPEG/EPS (by `format`, else
    by the file's extension)."""
    path = os.fspath(path)
    if format:
        fmt = FORMATS.get(format.lower())
        if fmt is None:
            raise ValueError(f"a plot cannot be exported as {format}; use PNG, SVG or PDF")
    else:
        ext = os.path.splitext(path)[1].lower().lstrip(".")
        fmt = FORMATS.get(ext)
        if fmt is None:
            raise ValueError(f"cannot tell the image format of {path!r} from its extension; "
                             "use .png, .svg or .pdf")
    fig = render(graphics)
    fig.savefig(path, format=fmt)
