"""Plot values: the data and options of a 2D plot, rendered with matplotlib
on demand.

A `Graphics` holds only plain Python data (lists of floats, strings, tuples),
so making one imports nothing heavy; matplotlib is imported by
`gtnlang.plotting.render` when the plot is drawn (`figure()`, `export()`,
``Session.to_python``, ``Export``).  Inside the language a plot is the atom
``Opaque(Graphics, "Graphics")`` and prints as ``-Graphics-``.

Options are kept in Python form under their Mathematica names (see
`gtnlang.builtins.plots` for how they are read from expressions):

===============  ==================================================================
``PlotLabel``    str or None
``AxesLabel``    (x label or None, y label or None)
``PlotRange``    (x range, y range), each None (automatic) or (low, high), where
                 low or high may be None (automatic on that side)
``PlotLegends``  None, ``"auto"`` (each series' automatic label) or a tuple of str
``PlotStyle``    a tuple of style dicts, used in turn by the series (cycling)
``Joined``       a tuple of bools, used in turn by the series (cycling)
``ImageSize``    (width, height or None) in printer's points
``AspectRatio``  height / width (float)
===============  ==================================================================

A style dict may have ``color`` (an RGB(A) tuple of floats in 0..1, or a
matplotlib colour string), ``linestyle``, ``linewidth``, ``markersize`` and
``alpha``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

__all__ = ["Graphics", "Series", "PER_SERIES_OPTIONS"]

# Options that say something about each series rather than the whole picture.
PER_SERIES_OPTIONS = ("PlotStyle", "Joined", "PlotLegends")


@dataclass(frozen=True)
class Series:
    """One data set or sampled function.

    `xs`/`ys` are the numeric points only; `gaps` lists the indices i where a
    non-numeric point was skipped just before point i (a joined line breaks
    there).  `joined` is the default drawing (line or points); `style` and
    `label` are explicit (None: the plot's defaults); `auto_label` is the
    legend text used by ``PlotLegends -> Automatic``.  `domain` is the
    sampled x interval of a function (None for data).
    """

    xs: tuple
    ys: tuple
    gaps: tuple = ()
    joined: bool = True
    style: dict | None = field(default=None, compare=False)
    label: str | None = None
    auto_label: str | None = None
    domain: tuple | None = None


def _cycle(values, i):
    return values[i % len(values)] if values else None


class Graphics:
    """A 2D plot: series plus options.  Immutable; `with_options` and
    `combine` make new values."""

    __slots__ = ("series", "options")

    def __init__(self, series, options=None):
        self.series = tuple(series)
        self.options = dict(options or {})

    # --- views the language and Python use ---------------------------------------
    def __gtn_format__(self, form):
        return "-Graphics-"

    def __gtn_to_python__(self):
        """A new matplotlib Figure of the plot (rendered now)."""
        return self.figure()

    def __gtn_export__(self, path: str, format: str | None = None) -> None:
        """Render to `path`: PNG, SVG, PDF (also JPEG, EPS) by `format` or the
        file's extension.  Raises ValueError for an unknown format and
        ImportError when matplotlib is missing."""
        from gtnlang.plotting.render import export
        export(self, path, format)

    def figure(self):
        from gtnlang.plotting.render import render
        return render(self)

    def __repr__(self):
        return f"Graphics(<{len(self.series)} series>, {sorted(self.options)})"

    # --- resolved per-series settings --------------------------------------------
    def resolved_series(self):
        """The series with this plot's PlotStyle / Joined / PlotLegends applied."""
        opts = self.options
        styles = opts.get("PlotStyle")
        joined = opts.get("Joined")
        legends = opts.get("PlotLegends", False)
        out = []
        for i, s in enumerate(self.series):
            style = dict(s.style or {})
            extra = _cycle(styles, i) if styles else None
            if extra:
                style.update(extra)
            j = s.joined if not joined else bool(_cycle(joined, i))
            if legends is False:        # option not given: keep the series' own label
                label = s.label
            elif legends is None:
                label = None
            elif legends == "auto":
                label = s.auto_label
            else:
                label = legends[i] if i < len(legends) else None
            out.append(replace(s, style=style or None, joined=j, label=label))
        return out

    def with_options(self, options):
        """A copy with `options` (a dict) overriding this plot's options."""
        return Graphics(self.series, {**self.options, **options})

    @staticmethod
    def combine(graphics, options=None):
        """Show[g1, g2, ..., opts]: the series of all, each drawn as in its own
        plot; the first plot's overall options, overridden by `options`."""
        series = []
        for g in graphics:
            series.extend(g.resolved_series())
        base = {k: v for k, v in (graphics[0].options.items() if graphics else ())
                if k not in PER_SERIES_OPTIONS}
        return Graphics(series, {**base, **(options or {})})
