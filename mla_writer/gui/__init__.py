"""The PySide6 desktop application (the only package that imports Qt)."""

from .qtfix import protect_singletons

protect_singletons()
