"""The PySide6 desktop application (the only package that imports Qt)."""

# The non-Qt modules the first window needs (pydantic, the request model, profiles, rules) are
# imported before Qt: once PySide6 is imported it reads the source of every module imported
# after it (looking for its name, for its `__feature__` switch), ~30 ms of the start.
from .. import rules, storage  # noqa: F401
from .qtfix import protect_singletons

protect_singletons()
