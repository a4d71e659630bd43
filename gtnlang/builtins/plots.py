"""Plots: ListPlot, ListLinePlot, Plot and Show.

A plot is a value, the atom ``Opaque(Graphics, "Graphics")``
(`gtnlang.plotting.Graphics`), printed ``-Graphics-`` as Mathematica prints
graphics in a terminal.  It holds the numeric points and the options in
plain Python form; matplotlib is imported only when the plot is drawn:
``Export["plot.png", p]`` (through the value's ``__gtn_export__``) or
``Session.to_python(p)`` (a matplotlib Figure).  Nothing here writes a file,
so plots can be made in a sandboxed session; ``Export`` refuses there.

Data: ``ListPlot[{y1, y2, ...}]`` (x is 1, 2, ...), ``ListPlot[{{x1, y1},
...}]``, several data sets ``ListPlot[{data1, data2}]``, or a numeric array
value (a JAXArray).  ``Plot[f, {x, xmin, xmax}]`` and ``Plot[{f1, f2}, {x,
xmin, xmax}]`` (HoldAll) evaluate ``N[f]`` with x bound (as ``Block``) at
``PlotPoints`` (200) equally spaced points, quietly.  Points that are not
real numbers are skipped; a joined line breaks there.

Options: PlotLabel, AxesLabel, PlotRange, PlotLegends, PlotStyle, Joined,
ImageSize, AspectRatio, and PlotPoints for Plot; ``Show[p, opts]`` overrides
them and ``Show[p1, p2, ...]`` draws several plots together.
"""

from __future__ import annotations

import colorsys
import math

from gtnlang.core.builtin import builtin, define
from gtnlang.core.iteration import bound
from gtnlang.expr import FALSE, TRUE, Complex, Expr, Integer, Normal, Opaque, Rational, Real, String, Symbol
from gtnlang.plotting import Graphics, Series

__all__ = ["plot_value", "graphics_of"]

_LIST = Symbol("List")
_N = Symbol("N")
_RULE = Symbol("Rule")
_RULE_DELAYED = Symbol("RuleDelayed")
_NONE = Symbol("None")
_AUTOMATIC = Symbol("Automatic")
_ALL = Symbol("All")
_FULL = Symbol("Full")

_MSG = {
    "lpn": "`1` is not a list of numbers or pairs of numbers.",
    "pllim": "Range specification `1` is not of the form {x, xmin, xmax}.",
    "plln": "Limiting value `1` in `2` is not a machine-sized real number.",
    "plld": "Endpoints for `1` in `2` must have distinct machine-precision numerical values.",
    "optv": "`2` is not a valid value for option `1`; the option is ignored.",
    "prng": "Value of option PlotRange -> `1` is not All, Full, Automatic, a positive machine number, "
            "or an appropriate list of range specifications; the option is ignored.",
    "gtype": "`1` is not a type of graphics.",
}

# --- option and style symbols ------------------------------------------------------

for _name, _usage in [
    ("Graphics", "Graphics is the head of a plot made by Plot, ListPlot or ListLinePlot; it prints as -Graphics-. "
                 "Export[\"file.png\", g] draws it (PNG, SVG, PDF)."),
    ("PlotLabel", "PlotLabel is an option for plots that gives a title: PlotLabel -> \"text\"."),
    ("AxesLabel", "AxesLabel is an option for plots: AxesLabel -> {xlabel, ylabel} labels the axes "
                  "(AxesLabel -> ylabel labels the y axis only)."),
    ("PlotRange", "PlotRange is an option for plots: All, Automatic, {ymin, ymax}, "
                  "{{xmin, xmax}, {ymin, ymax}} (any bound may be Automatic), or s for {-s, s} in y."),
    ("PlotLegends", "PlotLegends is an option for plots: PlotLegends -> {\"a\", \"b\"} labels the data sets or "
                    "functions in order; Automatic labels them with the functions (Plot) or 1, 2, ... (lists); "
                    "None removes the legend."),
    ("PlotStyle", "PlotStyle is an option for plots: a colour or directive for every curve (PlotStyle -> Red, "
                  "PlotStyle -> Directive[Blue, Dashed]) or a list used in turn by the curves "
                  "(PlotStyle -> {Red, Blue})."),
    ("Joined", "Joined is an option for ListPlot: Joined -> True joins the points with lines "
               "(a list gives a setting per data set)."),
    ("ImageSize", "ImageSize is an option for plots: a width in printer's points (default 360), {width, height}, "
                  "or Tiny, Small, Medium, Large."),
    ("AspectRatio", "AspectRatio is an option for plots: height / width (default 1/GoldenRatio)."),
    ("PlotPoints", "PlotPoints is an option for Plot: the number of equally spaced sample points (default 200)."),
    ("Directive", "Directive[g1, g2, ...] is a graphics directive made of the directives gi: "
                  "PlotStyle -> Directive[Red, Dashed]."),
    ("LineLegend", "LineLegend[{lbl1, lbl2, ...}] is a legend for PlotLegends."),
    ("PointLegend", "PointLegend[{lbl1, lbl2, ...}] is a legend for PlotLegends."),
    ("RGBColor", "RGBColor[r, g, b] is the colour with red, green and blue components in 0..1; "
                 "RGBColor[r, g, b, a] has opacity a."),
    ("GrayLevel", "GrayLevel[g] is the grey level g from 0 (black) to 1 (white)."),
    ("Hue", "Hue[h] is the colour of hue h in 0..1; Hue[h, s, b] with saturation and brightness."),
    ("Opacity", "Opacity[a] makes graphics drawn after it have opacity a."),
    ("Thickness", "Thickness[r] draws lines r times the width of the plot thick (Thickness[Large], ...)."),
    ("AbsoluteThickness", "AbsoluteThickness[d] draws lines d printer's points thick."),
    ("PointSize", "PointSize[r] draws points of diameter r times the width of the plot (PointSize[Large], ...)."),
    ("AbsolutePointSize", "AbsolutePointSize[d] draws points of diameter d printer's points."),
    ("Dashing", "Dashing[{r1, r2, ...}] draws dashed lines; Dashed, Dotted and DotDashed are short for common "
                "dashings."),
    ("Tiny", "Tiny is a size: ImageSize -> Tiny, Thickness[Tiny]."),
    ("Small", "Small is a size: ImageSize -> Small, Thickness[Small]."),
    ("Medium", "Medium is a size: ImageSize -> Medium, Thickness[Medium]."),
    ("Large", "Large is a size: ImageSize -> Large, Thickness[Large]."),
]:
    define(_name, usage=_usage)

# Mathematica's named colours (RGB components).
_COLORS = {
    "Red": (1.0, 0.0, 0.0), "Green": (0.0, 1.0, 0.0), "Blue": (0.0, 0.0, 1.0),
    "Black": (0.0, 0.0, 0.0), "White": (1.0, 1.0, 1.0), "Gray": (0.5, 0.5, 0.5),
    "Cyan": (0.0, 1.0, 1.0), "Magenta": (1.0, 0.0, 1.0), "Yellow": (1.0, 1.0, 0.0),
    "Brown": (0.6, 0.4, 0.2), "Orange": (1.0, 0.5, 0.0), "Pink": (1.0, 0.5, 0.5),
    "Purple": (0.5, 0.0, 0.5), "LightGray": (0.85, 0.85, 0.85), "DarkGray": (0.25, 0.25, 0.25),
    "LightBlue": (0.87, 0.94, 1.0), "LightRed": (1.0, 0.85, 0.85), "LightGreen": (0.88, 1.0, 0.88),
}
_LINESTYLES = {"Dashed": "--", "Dotted": ":", "DotDashed": "-."}
_THICK = {"Thick": 2.5, "Thin": 0.75}
_SIZES = {"Tiny": 0.5, "Small": 1.0, "Medium": 1.5, "Large": 2.5}         # line widths
_POINT_SIZES = {"Tiny": 2.5, "Small": 3.5, "Medium": 4.5, "Large": 7.0}   # marker diameters
_IMAGE_SIZES = {"Tiny": 100.0, "Small": 180.0, "Medium": 360.0, "Large": 576.0}
_DEFAULT_WIDTH = 360.0

for _name in list(_COLORS) + list(_LINESTYLES) + list(_THICK):
    define(_name, usage=f"{_name} is a graphics directive for PlotStyle.")

_COMMON_OPTIONS = ("PlotLabel", "AxesLabel", "PlotRange", "PlotLegends", "PlotStyle", "Joined",
                   "ImageSize", "AspectRatio")
_PLOT_OPTIONS = _COMMON_OPTIONS + ("PlotPoints",)


class _Bad(Exception):
    """An option value that cannot be used (the caller emits the message)."""


# --- numbers -----------------------------------------------------------------------

def _float(e):
    """A finite float for a real number atom (or a scalar numeric array), else None."""
    t = type(e)
    if t is Integer or t is Rational or t is Real:
        try:
            v = float(e.value)
        except (OverflowError, TypeError, ValueError):
            return None
        return v if math.isfinite(v) else None
    if t is Opaque and _arraylike(e.value) and getattr(e.value, "ndim", None) == 0:
        try:
            v = float(e.value)
        except Exception:  # noqa: BLE001 - a tracer or a non-real value
            return None
        return v if math.isfinite(v) else None
    return None


def _real(ev, e):
    """A finite float for a real numeric expression (Pi, Sqrt[2], ...), else None."""
    v = _float(e)
    if v is not None or type(e) in (Integer, Rational, Real, String, Complex, Opaque):
        return v
    return _float(ev.evaluate(Normal(_N, (e,))))


def _arraylike(v):
    return hasattr(v, "__array__") and hasattr(v, "ndim")


# --- data --------------------------------------------------------------------------

def _is_list(e):
    return type(e) is Normal and e.head is _LIST


def _is_pair(e):
    return _is_list(e) and len(e.args) == 2 and not _is_list(e.args[0]) and not _is_list(e.args[1])


def _is_array(e):
    """A numeric array value of rank 1 or more (a rank-0 one is a number)."""
    return type(e) is Opaque and _arraylike(e.value) and getattr(e.value, "ndim", 0) >= 1


def _points(pairs):
    """(xs, ys, gaps) of the pairs whose entries are both numbers."""
    xs, ys, gaps = [], [], []
    skipped = False
    for x, y in pairs:
        if x is None or y is None:
            skipped = True
            continue
        if skipped and xs:
            gaps.append(len(xs))
        skipped = False
        xs.append(x)
        ys.append(y)
    return tuple(xs), tuple(ys), tuple(gaps)


def _array_datasets(value):
    import numpy as np
    try:
        a = np.asarray(value, dtype=float)
    except Exception:  # noqa: BLE001 - a tracer, or not numeric
        return None

    def pts(xs, ys):
        return _points((float(x) if math.isfinite(x) else None, float(y) if math.isfinite(y) else None)
                       for x, y in zip(xs, ys))

    if a.ndim == 1:
        return [pts(range(1, len(a) + 1), a)]
    if a.ndim == 2 and a.shape[1] == 2:
        return [pts(a[:, 0], a[:, 1])]
    if a.ndim == 2:
        return [pts(range(1, a.shape[1] + 1), row) for row in a]
    if a.ndim == 3 and a.shape[2] == 2:
        return [pts(d[:, 0], d[:, 1]) for d in a]
    return None


def _dataset(ev, data):
    """One data set (ys or pairs) as [(xs, ys, gaps)], or None."""
    if _is_array(data):
        out = _array_datasets(data.value)
        return out if out is not None and len(out) == 1 else None
    if not _is_list(data):
        return None
    items = data.args
    if items and all(_is_pair(a) for a in items):
        return [_points((_real(ev, a.args[0]), _real(ev, a.args[1])) for a in items)]
    if any(_is_list(a) for a in items):
        return None
    return [_points((float(i), _real(ev, a)) for i, a in enumerate(items, 1))]


def _datasets(ev, data):
    """The data sets of a ListPlot argument as [(xs, ys, gaps), ...], or None."""
    if _is_array(data):
        return _array_datasets(data.value)
    if not _is_list(data):
        return None
    items = data.args
    several = (items and all(_is_list(a) or _is_array(a) for a in items)
               and not all(_is_pair(a) for a in items))
    if not several:
        return _dataset(ev, data)
    out = []
    for item in items:
        one = _dataset(ev, item)
        if one is None:
            return None
        out.extend(one)
    return out


# --- options -----------------------------------------------------------------------

def _text(e):
    """A label's text: a string as it is, None for None, else its OutputForm."""
    if e is _NONE:
        return None
    if type(e) is String:
        return e.value
    if type(e) is Normal and e.has_head("Style") and e.args:
        return _text(e.args[0])
    from gtnlang.syntax.printer import format_expr
    return format_expr(e, "OutputForm")


def _number(ev, e, positive=False):
    v = _real(ev, e)
    if v is None or (positive and v <= 0):
        raise _Bad
    return v


def _opt_plot_label(ev, e):
    return _text(e)


def _opt_axes_label(ev, e):
    if e is _NONE or e is _AUTOMATIC:
        return None
    if _is_list(e):
        if len(e.args) != 2:
            raise _Bad
        return (_text(e.args[0]), _text(e.args[1]))
    return (None, _text(e))


def _range_part(ev, e):
    if e in (_ALL, _AUTOMATIC, _FULL):
        return None
    if not (_is_list(e) and len(e.args) == 2):
        raise _Bad
    lo, hi = (None if b in (_ALL, _AUTOMATIC, _FULL) else _number(ev, b) for b in e.args)
    if lo is not None and hi is not None and not lo < hi:
        raise _Bad
    return (lo, hi)


def _opt_plot_range(ev, e):
    if e in (_ALL, _AUTOMATIC, _FULL):
        return None
    if _is_list(e) and len(e.args) == 2 and all(_is_list(a) or a in (_ALL, _AUTOMATIC, _FULL) for a in e.args):
        return (_range_part(ev, e.args[0]), _range_part(ev, e.args[1]))
    if _is_list(e):
        return (None, _range_part(ev, e))
    s = _number(ev, e, positive=True)
    return (None, (-s, s))


def _opt_plot_legends(ev, e):
    if e is _NONE:
        return None
    if e is _AUTOMATIC or (type(e) is String and e.value == "Expressions"):
        return "auto"
    if type(e) is Normal and (e.has_head("LineLegend") or e.has_head("PointLegend")
                              or e.has_head("SwatchLegend")) and e.args:
        return _opt_plot_legends(ev, e.args[0])
    if _is_list(e):
        return tuple(_text(a) for a in e.args)
    return (_text(e),)


def _unit(ev, e):
    v = _number(ev, e)
    return min(1.0, max(0.0, v))


def _directive(ev, e, style):
    """Add the settings of the directive `e` to the dict `style`."""
    t = type(e)
    if t is String:
        style["color"] = e.value
        return
    if t is Symbol:
        name = e.name
        if name in _COLORS:
            style["color"] = _COLORS[name]
        elif name in _LINESTYLES:
            style["linestyle"] = _LINESTYLES[name]
        elif name in _THICK:
            style["linewidth"] = _THICK[name]
        elif e is _NONE or e is _AUTOMATIC:
            pass
        else:
            raise _Bad
        return
    if t is not Normal or type(e.head) is not Symbol:
        raise _Bad
    h, args = e.head.name, e.args
    if h in ("Directive", "List"):
        for a in args:
            _directive(ev, a, style)
    elif h == "RGBColor":
        if len(args) == 1 and _is_list(args[0]):
            args = args[0].args
        if len(args) not in (3, 4):
            raise _Bad
        rgb = tuple(_unit(ev, a) for a in args)
        style["color"] = rgb[:3]
        if len(rgb) == 4:
            style["alpha"] = rgb[3]
    elif h == "GrayLevel" and len(args) in (1, 2):
        g = _unit(ev, args[0])
        style["color"] = (g, g, g)
        if len(args) == 2:
            style["alpha"] = _unit(ev, args[1])
    elif h == "Hue" and len(args) in (1, 3, 4):
        hue = _number(ev, args[0]) % 1.0
        s, b = (_unit(ev, args[1]), _unit(ev, args[2])) if len(args) >= 3 else (1.0, 1.0)
        style["color"] = colorsys.hsv_to_rgb(hue, s, b)
        if len(args) == 4:
            style["alpha"] = _unit(ev, args[3])
    elif h == "Opacity" and len(args) in (1, 2):
        style["alpha"] = _unit(ev, args[0])
        if len(args) == 2:
            _directive(ev, args[1], style)
    elif h == "Thickness" and len(args) == 1:
        a = args[0]
        style["linewidth"] = (_SIZES[a.name] if type(a) is Symbol and a.name in _SIZES
                              else _number(ev, a, positive=True) * _DEFAULT_WIDTH)
    elif h == "AbsoluteThickness" and len(args) == 1:
        style["linewidth"] = _number(ev, args[0], positive=True)
    elif h == "PointSize" and len(args) == 1:
        a = args[0]
        style["markersize"] = (_POINT_SIZES[a.name] if type(a) is Symbol and a.name in _POINT_SIZES
                               else _number(ev, a, positive=True) * _DEFAULT_WIDTH)
    elif h == "AbsolutePointSize" and len(args) == 1:
        style["markersize"] = _number(ev, args[0], positive=True)
    elif h in ("Dashing", "AbsoluteDashing") and len(args) == 1:
        a = args[0]
        parts = a.args if _is_list(a) else (a,)
        if not parts or all(_real(ev, p) == 0 for p in parts):
            style["linestyle"] = "-"
        elif _real(ev, parts[0]) == 0:
            style["linestyle"] = ":" if len(parts) <= 2 else "-."
        else:
            style["linestyle"] = "--"
    else:
        raise _Bad


def _opt_plot_style(ev, e):
    if e is _AUTOMATIC:
        return None
    items = e.args if _is_list(e) else (e,)
    styles = []
    for item in items:
        style = {}
        _directive(ev, item, style)
        styles.append(style)
    return tuple(styles) or None


def _opt_joined(ev, e):
    items = e.args if _is_list(e) else (e,)
    if not items or any(a not in (TRUE, FALSE) for a in items):
        raise _Bad
    return tuple(a is TRUE for a in items)


def _opt_image_size(ev, e):
    if e is _AUTOMATIC:
        return None
    if type(e) is Symbol and e.name in _IMAGE_SIZES:
        return (_IMAGE_SIZES[e.name], None)
    if _is_list(e) and len(e.args) == 2:
        return (_number(ev, e.args[0], positive=True), _number(ev, e.args[1], positive=True))
    return (_number(ev, e, positive=True), None)


def _opt_aspect_ratio(ev, e):
    if e is _AUTOMATIC or e is _FULL:
        return None
    return _number(ev, e, positive=True)


def _opt_plot_points(ev, e):
    if type(e) is not Integer or e.value < 2:
        raise _Bad
    return e.value


_PARSERS = {
    "PlotLabel": _opt_plot_label, "AxesLabel": _opt_axes_label, "PlotRange": _opt_plot_range,
    "PlotLegends": _opt_plot_legends, "PlotStyle": _opt_plot_style, "Joined": _opt_joined,
    "ImageSize": _opt_image_size, "AspectRatio": _opt_aspect_ratio, "PlotPoints": _opt_plot_points,
}


def _flat_options(items):
    for item in items:
        if _is_list(item):
            yield from _flat_options(item.args)
        else:
            yield item


def _is_rule(e):
    return type(e) is Normal and (e.head is _RULE or e.head is _RULE_DELAYED) and len(e.args) == 2


def _read_options(ev, name, call, first, allowed, evaluate=False):
    """The options among ``call.args[first:]`` as a dict of Python values, or
    None (after ``nonopt``) when one of them is not a rule."""
    opts = {}
    for position, item in enumerate(call.args[first:], first + 1):
        if evaluate:
            item = ev.evaluate(item)
        if not (_is_rule(item) or (_is_list(item) and all(_is_rule(r) for r in _flat_options(item.args)))):
            ev.message(name, "nonopt", item, Integer(position - 1), call)
            return None
        for rule in _flat_options((item,)):
            key, value = rule.args
            key_name = key.name if type(key) is Symbol else key.value if type(key) is String else None
            if key_name not in allowed:
                ev.message(name, "optx", key, call)
                continue
            if rule.head is _RULE_DELAYED:
                value = ev.evaluate(value)
            try:
                opts[key_name] = _PARSERS[key_name](ev, value)
            except _Bad:
                if key_name == "PlotRange":
                    ev.message(name, "prng", value)
                else:
                    ev.message(name, "optv", key, value)
    return opts


# --- plot values -------------------------------------------------------------------

def plot_value(graphics: Graphics) -> Opaque:
    """The language value of a `Graphics`."""
    return Opaque(graphics, "Graphics")


def graphics_of(e: Expr):
    """The `Graphics` inside a plot value, or None."""
    if type(e) is Opaque and isinstance(e.value, Graphics):
        return e.value
    return None


def _first_options(call):
    """Index of the first argument that is an option (or a list of options)."""
    n = len(call.args)
    while n > 1 and (_is_rule(call.args[n - 1]) or (_is_list(call.args[n - 1]) and call.args[n - 1].args
                                                   and all(_is_rule(r) for r in _flat_options(call.args[n - 1].args)))):
        n -= 1
    return n


def _list_plot(ev, call, name, joined):
    first = _first_options(call)
    if first != 1:
        if first > 1:
            ev.message(name, "nonopt", call.args[1], Integer(1), call)
        return None
    data = call.args[0]
    sets = _datasets(ev, data)
    if sets is None:
        ev.message(name, "lpn", data)
        return None
    opts = _read_options(ev, name, call, 1, _COMMON_OPTIONS)
    if opts is None:
        return None
    series = [Series(xs, ys, gaps, joined=joined, auto_label=str(i))
              for i, (xs, ys, gaps) in enumerate(sets, 1)]
    return plot_value(Graphics(series, opts))


@builtin(nargs=(1, None), messages=_MSG,
         usage="ListPlot[{y1, y2, ...}] plots points at x = 1, 2, ....\n"
               "ListPlot[{{x1, y1}, {x2, y2}, ...}] plots points {xi, yi}.\n"
               "ListPlot[{data1, data2, ...}] plots several data sets.\n"
               "Options: PlotLabel, AxesLabel, PlotRange, PlotLegends, PlotStyle, Joined, ImageSize, AspectRatio.")
def ListPlot(ev, expr):
    return _list_plot(ev, expr, "ListPlot", joined=False)


@builtin(nargs=(1, None), messages=_MSG,
         usage="ListLinePlot[{y1, y2, ...}] plots a line through the values at x = 1, 2, ....\n"
               "ListLinePlot[{{x1, y1}, {x2, y2}, ...}] plots a line through the points {xi, yi}.\n"
               "ListLinePlot[{data1, data2, ...}] plots several lines.\n"
               "Options: PlotLabel, AxesLabel, PlotRange, PlotLegends, PlotStyle, Joined, ImageSize, AspectRatio.")
def ListLinePlot(ev, expr):
    return _list_plot(ev, expr, "ListLinePlot", joined=True)


def _sample(ev, f, var, a, b, n):
    """[(x, value of N[f] at x)] at n equally spaced points, messages suppressed."""
    nf = Normal(_N, (f,))
    out = []
    ev.quiet += 1
    try:
        with bound(ev, var) as set_value:
            for k in range(n):
                ev.check_abort()
                x = a + (b - a) * k / (n - 1) if k < n - 1 else b
                set_value(Real(float(x)))
                out.append((x, ev.evaluate(nf)))
    finally:
        ev.quiet -= 1
    return out


@builtin(attributes=("HoldAll", "Protected"), nargs=(2, None), messages=_MSG,
         usage="Plot[f, {x, xmin, xmax}] plots f as a function of x from xmin to xmax.\n"
               "Plot[{f1, f2, ...}, {x, xmin, xmax}] plots several functions.\n"
               "Options: PlotLabel, AxesLabel, PlotRange, PlotLegends, PlotStyle, ImageSize, AspectRatio, "
               "PlotPoints (default 200).")
def Plot(ev, expr):
    f, spec = expr.args[0], expr.args[1]
    if not (_is_list(spec) and len(spec.args) == 3 and type(spec.args[0]) is Symbol):
        ev.message("Plot", "pllim", spec)
        return None
    var = spec.args[0]
    ends = []
    for e in spec.args[1:]:
        v = _real(ev, ev.evaluate(e))
        if v is None:
            ev.message("Plot", "plln", e, spec)
            return None
        ends.append(v)
    a, b = ends
    if a == b:
        ev.message("Plot", "plld", var, spec)
        return None
    opts = _read_options(ev, "Plot", expr, 2, _PLOT_OPTIONS, evaluate=True)
    if opts is None:
        return None
    n = opts.pop("PlotPoints", None) or 200

    samples = _sample(ev, f, var, a, b, n)
    literal = _is_list(f)
    count = len(f.args) if literal else max((len(v.args) for _, v in samples if _is_list(v)), default=0)
    from gtnlang.syntax.printer import format_expr
    series = []
    if count == 0:
        xs, ys, gaps = _points((x, _float(v)) for x, v in samples)
        series.append(Series(xs, ys, gaps, joined=True, auto_label=format_expr(f, "OutputForm"),
                             domain=(min(a, b), max(a, b))))
    for j in range(count):
        def y(v):
            return _float(v.args[j]) if _is_list(v) and j < len(v.args) else None
        xs, ys, gaps = _points((x, y(v)) for x, v in samples)
        label = format_expr(f.args[j], "OutputForm") if literal else str(j + 1)
        series.append(Series(xs, ys, gaps, joined=True, auto_label=label, domain=(min(a, b), max(a, b))))
    return plot_value(Graphics(series, opts))


@builtin(nargs=(1, None), messages=_MSG,
         usage="Show[g, options] shows the plot g with the options changed.\n"
               "Show[g1, g2, ...] or Show[{g1, g2, ...}] shows several plots together "
               "(with the overall options of the first).")
def Show(ev, expr):
    first = _first_options(expr)
    plots = []
    for item in expr.args[:first]:
        for g in (item.args if _is_list(item) else (item,)):
            graphics = graphics_of(g)
            if graphics is None:
                ev.message("Show", "gtype", g.head)
                return None
            plots.append(graphics)
    if not plots:
        return None
    opts = _read_options(ev, "Show", expr, first, _COMMON_OPTIONS)
    if opts is None:
        return None
    if len(plots) == 1:
        return plot_value(plots[0].with_options(opts))
    return plot_value(Graphics.combine(plots, opts))
