"""Translations and locale formatting (moved into a package; split by job next)."""

from .catalogs import *  # noqa: F403
from .catalogs import _, _cldr_name, _translations  # noqa: F401
