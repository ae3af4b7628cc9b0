"""peninsula: decision support for risk reduction and confidence building on the Korean Peninsula."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("peninsula")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = ["__version__"]
