"""Guards of a fast start: what the first window needs, and nothing more, is imported.

Each check runs the real entry point (`mla-writer` without a command) in a fresh interpreter
up to the event loop and lists the modules it imported; nothing is timed here (the figures
are in bench/bench_gui.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

ROOT = Path(__file__).resolve().parent.parent.parent

#: the entry point with `run` stopped before the event loop: the window is shown and painted,
#: then loaded (the profiles too); then the imported modules are printed (`then` runs before
#: that). PAINTED lists the modules imported when the first paint happened.
START = """
import json, sys, time
from mla_writer import cli
import mla_writer.gui.app as gui_app
from PySide6.QtCore import QEvent, QObject

PAINTED = []

class Paints(QObject):
    def eventFilter(self, obj, event):
        if not PAINTED and event.type() == QEvent.Type.Paint:
            PAINTED.append(list(sys.modules))
        return False

def first_window(argv):
    app, win = gui_app.create_window(argv)
    spy = Paints()
    win.installEventFilter(spy)
    assert not win.ready  # loaded after the first paint
    t0 = time.monotonic()
    while not win.ready and not win.load_error and time.monotonic() - t0 < 60:
        app.processEvents()
    assert win.ready and PAINTED, win.load_error
    print(json.dumps(PAINTED[0]))
    from mla_writer.profiles import load_registry
    assert load_registry().states and win.isVisible()
    %s
    print(json.dumps(list(sys.modules)))  # in the order they were imported
    return 0

gui_app.run = first_window
assert cli.main([]) == 0
"""

#: needed only to produce, sign, verify, export or to show a page of the wizard
LATER = ("reportlab", "docx", "pyhanko", "pyhanko_certvalidator", "cryptography", "jinja2",
         "babel", "icu", "lxml", "mla_writer.render", "mla_writer.signing", "mla_writer.xliff",
         "mla_writer.gui.pages", "mla_writer.gui.output", "mla_writer.gui.forms",
         "mla_writer.gui.signdialog", "mla_writer.gui.translation")


def started(tmp_path: Path, then: str = "pass", *, painted: bool = False) -> list[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               MLA_WRITER_DATA_DIR=str(tmp_path / "data"),
               XDG_CONFIG_HOME=str(tmp_path / "config"),
               PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    out = subprocess.run([sys.executable, "-c", START % then], capture_output=True, text=True,
                         env=env, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    return list(json.loads(out.stdout.strip().splitlines()[-2 if painted else -1]))


def _loaded(modules: list[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in names))


def test_the_first_window_imports_no_output_signing_or_page_code(tmp_path: Path) -> None:
    modules = started(tmp_path)
    assert "mla_writer.gui.mainwindow" in modules and "mla_writer.profiles.loader" in modules
    assert _loaded(modules, LATER) == []
    # without a command the CLI's command modules (and their parser) are not built either
    assert _loaded(modules, ("mla_writer.cli.",)) == []


#: what the window loads after its first paint (MainWindow(load_later=True))
AFTER_PAINT = ("pydantic", "mla_writer.domain.model", "mla_writer.profiles", "mla_writer.rules",
               "mla_writer.storage", "mla_writer.review", "mla_writer.workflow",
               "mla_writer.gui.viewmodel", "mla_writer.gui.checklist", "mla_writer.gui.texts",
               "mla_writer.gui.register_view", "mla_writer.register", "mla_writer.training",
               "tomllib")


def test_the_start_screen_is_painted_before_the_model_profiles_and_rules_load(
        tmp_path: Path) -> None:
    """The first paint needs Qt, the interface's catalog and the start screen only: the
    model, profiles, rules, view-model and checklist load on the next event-loop turn."""
    painted = started(tmp_path, painted=True)
    assert "mla_writer.gui.start" in painted
    assert _loaded(painted, AFTER_PAINT) == []
    assert {"mla_writer.rules", "mla_writer.gui.checklist"} <= set(started(tmp_path))


def test_pages_are_imported_when_the_wizard_opens(tmp_path: Path) -> None:
    """The deferred modules still load, and the pages get the window's mnemonic letters."""
    then = """from mla_writer.domain.model import RequestKind
    from mla_writer.gui import forms
    assert "mla_writer.gui.pages" not in sys.modules
    win.new_request(RequestKind.MLA)
    assert win.page_stack.currentWidget() is win.page("kind")
    assert forms.WINDOW_LETTERS == win.window_letters() and "f" in forms.WINDOW_LETTERS
    win.go_to("review")"""
    modules = started(tmp_path, then)
    assert {"mla_writer.gui.pages", "mla_writer.gui.output"} <= set(modules)


#: the entry point up to the first paint and then up to the loaded window: which bundled font
#: files were given to Qt at each moment (gui.app loads the rest after the first paint)
FONTS = """
import json
from mla_writer import cli
import mla_writer.gui.app as gui_app
from PySide6.QtCore import QEvent, QObject

SEEN = []

class Paints(QObject):
    def eventFilter(self, obj, event):
        if not SEEN and event.type() == QEvent.Type.Paint:
            SEEN.append(sorted(gui_app._LOADED_FONTS))
        return False

def first_window(argv):
    app, win = gui_app.create_window(argv)
    spy = Paints()
    win.installEventFilter(spy)
    while not win.ready and not win.load_error:
        app.processEvents()
    from PySide6.QtGui import QFontDatabase
    print(json.dumps([SEEN[0], sorted(gui_app._LOADED_FONTS), QFontDatabase.families()]))
    return 0

gui_app.run = first_window
assert cli.main([]) == 0
"""


@pytest.mark.parametrize(("language", "recent", "first"), [
    ("en", "", {"NotoSans-Regular.ttf"}),
    ("th", "", {"NotoSans-Regular.ttf", "NotoSansThai-Regular.ttf"}),
    ("en", "คดี.json", None),  # a recent file named in Thai: every font before the paint
])
def test_fonts_the_start_screen_needs_come_before_its_paint_the_others_once_loaded(
        tmp_path: Path, language: str, recent: str, first: set[str] | None) -> None:
    config = tmp_path / "config" / "mla-writer"
    config.mkdir(parents=True)
    text = f"[ui]\nlanguage={language}\n"
    if recent:
        (tmp_path / recent).write_text("{}", "utf-8")
        text += f"[files]\nrecent={tmp_path / recent}\n"
    (config / "mla-writer.conf").write_text(text, "utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               MLA_WRITER_DATA_DIR=str(tmp_path / "data"),
               XDG_CONFIG_HOME=str(tmp_path / "config"),
               PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    out = subprocess.run([sys.executable, "-c", FONTS], capture_output=True, text=True,
                         env=env, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    painted, loaded, families = json.loads(out.stdout.strip().splitlines()[-1])
    every = {"NotoSans-Regular.ttf", "NotoSansKhmer-Regular.ttf", "NotoSansLao-Regular.ttf",
             "NotoSansMyanmar-Regular.ttf", "NotoSansThai-Regular.ttf", "wqy-microhei.ttc"}
    assert set(painted) == (every if first is None else first)
    assert set(loaded) == every  # the wizard and the checklist are built with all of them
    assert {"Noto Sans Thai", "Noto Sans Khmer", "WenQuanYi Micro Hei"} <= set(families)
