"""Showing a plot in the REPL: saved to a file whose name is printed, and
drawn inline where the terminal speaks an image protocol (iTerm2 and WezTerm's
OSC 1337, kitty's graphics protocol).

The REPL calls :func:`show` after printing ``Out[n]= -Graphics-``; it returns
the lines to print (or raises nothing: a plot that cannot be drawn gives a
one-line hint instead).

>>> inline_protocol({"TERM_PROGRAM": "iTerm.app"}), inline_protocol({"TERM": "xterm-kitty"}), inline_protocol({})
('iterm', 'kitty', None)
>>> iterm_sequence(b"PNG").startswith("\\x1b]1337;File=inline=1;size=3")
True
"""

from __future__ import annotations

import base64
import os
import tempfile

__all__ = ["inline_protocol", "iterm_sequence", "kitty_sequence", "show", "plot_directory"]


def inline_protocol(environ=None):
    """'iterm', 'kitty' or None: which inline image protocol the terminal speaks.
    ``GTNLANG_INLINE_IMAGES=0`` turns inline images off, ``=iterm``/``=kitty`` forces one."""
    env = os.environ if environ is None else environ
    forced = env.get("GTNLANG_INLINE_IMAGES", "").lower()
    if forced in ("0", "no", "off", "false"):
        return None
    if forced in ("iterm", "kitty"):
        return forced
    if env.get("TERM_PROGRAM") in ("iTerm.app", "WezTerm") or env.get("LC_TERMINAL") == "iTerm2":
        return "iterm"
    if env.get("TERM") == "xterm-kitty" or env.get("KITTY_WINDOW_ID"):
        return "kitty"
    return None


def iterm_sequence(png: bytes) -> str:
    """The OSC 1337 escape that draws a PNG inline (iTerm2, WezTerm)."""
    data = base64.b64encode(png).decode("ascii")
    return f"\x1b]1337;File=inline=1;size={len(png)};preserveAspectRatio=1:{data}\x07"


def kitty_sequence(png: bytes) -> str:
    """kitty's graphics protocol: the PNG in chunks of 4096 base64 characters."""
    data = base64.b64encode(png).decode("ascii")
    chunks = [data[i:i + 4096] for i in range(0, len(data), 4096)] or [""]
    out = []
    for i, chunk in enumerate(chunks):
        more = 1 if i < len(chunks) - 1 else 0
        head = "a=T,f=100," if i == 0 else ""
        out.append(f"\x1b_G{head}m={more};{chunk}\x1b\\")
    return "".join(out)


def plot_directory() -> str:
    """Where the REPL saves plots: ``$GTNLANG_PLOT_DIR`` or a folder in the temp directory."""
    path = os.environ.get("GTNLANG_PLOT_DIR") or os.path.join(tempfile.gettempdir(), "gtnlang-plots")
    os.makedirs(path, exist_ok=True)
    return path


def show(graphics, number: int, environ=None) -> tuple[str, str | None]:
    """Save the plot of ``Out[number]`` as PNG; gives (a line naming the file,
    the inline escape sequence or None)."""
    try:
        from gtnlang.plotting.render import export
    except ImportError:
        return "(plots are drawn by matplotlib: pip install matplotlib)", None
    path = os.path.join(plot_directory(), f"Out{number}.png")
    try:
        export(graphics, path, "png")
    except ImportError:
        return "(plots are drawn by matplotlib: pip install matplotlib)", None
    except Exception as error:   # a plot that cannot be drawn must not end the REPL
        return f"(the plot could not be drawn: {error})", None
    protocol = inline_protocol(environ)
    sequence = None
    if protocol is not None:
        with open(path, "rb") as f:
            png = f.read()
        sequence = iterm_sequence(png) if protocol == "iterm" else kitty_sequence(png)
    return f"(saved to {path})", sequence
