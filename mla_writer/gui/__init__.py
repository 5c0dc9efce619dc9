"""The PySide6 desktop application (the only package that imports Qt).

Nothing heavy is imported here: the start screen is painted before the request model,
profiles and rules are loaded (gui.app, MainWindow(load_later=True)).
"""

from .qtfix import protect_singletons

protect_singletons()
