"""Built-in functions, one module per domain.

Importing this package imports every module in it; each registers its
symbols with ``@builtin`` / ``define`` (see ``gtnlang.core.builtin``).  A new
domain is a new module here: nothing else needs to change.
"""

import importlib
import pkgutil


def _load_all() -> None:
    for module in pkgutil.iter_modules(__path__):
        if not module.name.startswith("_"):
            importlib.import_module(f"{__name__}.{module.name}")


_load_all()
