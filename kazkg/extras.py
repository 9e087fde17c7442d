"""Optional dependencies: the views, the web explorer and the benchmark sit behind extras, so
the core installs and starts light.  :func:`require` imports one and, when it is missing, says
which extra to install.

>>> require("json", "views").__name__
'json'
"""

from __future__ import annotations

import importlib
from types import ModuleType

from kazkg.errors import KazkgError


class MissingExtra(KazkgError):
    """An optional dependency is not installed."""


def require(module: str, extra: str) -> ModuleType:
    """Import ``module``; if it is not installed, raise :class:`MissingExtra` naming ``extra``."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as error:
        if error.name is not None and module.split(".")[0] != error.name.split(".")[0]:
            raise
        raise MissingExtra(
            f"this needs the optional package {module.split('.')[0]!r}: "
            f"pip install 'kazkg[{extra}]'"
        ) from None


__all__ = ["MissingExtra", "require"]
