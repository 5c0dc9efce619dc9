"""The PySide6 desktop application (the only package that imports Qt)."""

import gc

# The non-Qt modules the first window needs (pydantic, the request model, profiles, rules) are
# imported before Qt: once PySide6 is imported it reads the source of every module imported
# after it (looking for its name, for its `__feature__` switch), ~30 ms of the start.
# Their imports create ~100k objects that stay (modules, model classes): the cycle collector
# scanning them again and again while they are created cost ~20 ms, so it pauses for these
# imports, and what they created is set aside for good (gc.freeze) instead of being scanned.
_collecting = gc.isenabled()
gc.disable()
try:
    from .. import rules, storage  # noqa: F401
    from .qtfix import protect_singletons

    protect_singletons()
finally:
    if _collecting:
        gc.freeze()
        gc.enable()
