"""Desktop application figures: cold start, checklist latency after a keystroke, memory.

Targets (issue 4): first window with all profiles loaded <= 0.6 s; keystroke to updated
checklist <= 50 ms on a large case (50 persons, 30 assistance items); <= 150 MB with it open.
Issue 13: the cold start at most 1.5x a bare QWizard's (measured in the same run).
Run: `QT_QPA_PLATFORM=offscreen python bench/bench_gui.py` (or under xvfb-run).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# no real QSettings (language, window state, recent files) and no real autosaves
_HOME = tempfile.mkdtemp(prefix="bench-gui-")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_HOME, "config")
os.environ["MLA_WRITER_DATA_DIR"] = os.path.join(_HOME, "data")

#: One cold start, timed in the child from its first line: the `mla-writer` command's own entry
#: point (cli.main without arguments) up to the event loop, i.e. QApplication created, the first
#: window shown AND painted, and every legal profile loaded and validated (load_registry raises
#: on a broken profile). Nothing is imported before t0 but `time`.
START = """
import time
t0 = time.perf_counter()
from mla_writer import cli
import mla_writer.gui.app as gui_app

def first_window(argv):
    app, win = gui_app.create_window(argv)
    from PySide6.QtCore import QEvent, QObject

    class Paints(QObject):
        seen = False

        def eventFilter(self, obj, event):
            if obj is win and event.type() == QEvent.Type.Paint:
                Paints.seen = True
            return False

    spy = Paints()
    app.installEventFilter(spy)
    while not Paints.seen and time.perf_counter() - t0 < 10:
        app.processEvents()
    assert Paints.seen and win.isVisible(), "the first window was not painted"
    from mla_writer.profiles import load_registry
    assert load_registry().states, "profiles not loaded"
    print(time.perf_counter() - t0)
    return 0

gui_app.run = first_window  # instead of app.exec(): measure, then leave
assert cli.main([]) == 0
"""


#: The baseline of issue 13: a bare QWizard (one empty page) shown and painted, timed the same
#: way (from the child's first line, Qt imported after t0).
BARE = """
import time
t0 = time.perf_counter()
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWizard, QWizardPage

app = QApplication([])
wizard = QWizard()
wizard.addPage(QWizardPage())
wizard.resize(1280, 720)


class Paints(QObject):
    seen = False

    def eventFilter(self, obj, event):
        if obj is wizard and event.type() == QEvent.Type.Paint:
            Paints.seen = True
        return False


spy = Paints()
app.installEventFilter(spy)
wizard.show()
while not Paints.seen and time.perf_counter() - t0 < 10:
    app.processEvents()
assert Paints.seen
print(time.perf_counter() - t0)
"""


def _series(env: dict[str, str], runs: int, code: str = START
            ) -> tuple[list[float], list[float]]:
    inproc, wall = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             env=env, cwd=ROOT, check=True)
        wall.append(time.perf_counter() - t0)
        inproc.append(float(out.stdout.strip().splitlines()[-1]))
    return inproc, wall


def cold_start(runs: int = 7) -> None:
    """Fresh interpreters, settings and data folders; no real user files are read.

    As installed, Python finds the bytecode that pip compiled: here it is compiled into a
    private folder by one untimed run (nothing is written into the source tree). The second
    figure is this environment as it is: with PYTHONDONTWRITEBYTECODE set (as in the
    development sandbox) the project's own modules are compiled again at every start.
    """
    base = dict(os.environ, MLA_WRITER_DATA_DIR=tempfile.mkdtemp(),
                XDG_CONFIG_HOME=tempfile.mkdtemp())
    installed = dict(base, PYTHONPYCACHEPREFIX=tempfile.mkdtemp(prefix="bench-pyc-"))
    installed.pop("PYTHONDONTWRITEBYTECODE", None)
    _series(installed, 1)  # compiles the bytecode (and warms the disk cache)
    _series(base, 1)
    _series(installed, 1, BARE)
    bare, bare_wall = _series(installed, runs, BARE)
    bare_med = statistics.median(bare)
    print(f"bare QWizard (one empty page) to its first paint: median {bare_med:.3f} s"
          f" in-process, {statistics.median(bare_wall):.3f} s wall incl. interpreter and exit")
    for label, env in (("as installed (bytecode compiled)", installed),
                       ("environment as is" + (", no bytecode cache"
                        if os.environ.get("PYTHONDONTWRITEBYTECODE") else ""), base)):
        inproc, wall = _series(env, runs)
        med = statistics.median(inproc)
        ratio = med / bare_med
        print(f"cold start to the first painted window, profiles loaded, {label}: median"
              f" {med:.3f} s in-process, {statistics.median(wall):.3f} s wall incl. interpreter"
              f" and exit (min {min(inproc):.3f} s) [{'OK' if med <= 0.6 else 'SLOW'},"
              f" target <= 0.6 s]; {ratio:.2f}x the bare QWizard"
              f" [{'OK' if ratio <= 1.5 else 'SLOW'}, target <= 1.5x]")


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def checklist_latency() -> None:
    from bench_check import large_case
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QPlainTextEdit

    from mla_writer.gui.mainwindow import MainWindow

    app = QApplication.instance() or QApplication([])
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "s.ini"), QSettings.Format.IniFormat)
    win = MainWindow(settings, Path(tempfile.mkdtemp()))
    win.resize(1280, 720)
    win.show()
    case = large_case("TH")
    case.request.purpose = ""
    win.vm.replace(case)
    win.show_wizard("purpose")
    for step in win.vm.steps():
        win.go_to(step.id)
        app.processEvents()
    win.go_to("purpose")
    app.processEvents()
    edit = win.findChild(QPlainTextEdit, "$.request.purpose")
    refreshed: list[float] = []

    def stamp() -> None:  # connected last: runs after the checklist and step list updated
        refreshed.append(time.perf_counter())

    win.vm.issuesChanged.connect(stamp)
    latencies, compute = [], []
    for _ in range(30):
        # a keystroke that fills the required purpose (error disappears), then one that empties it
        for key in (Qt.Key.Key_X, Qt.Key.Key_Backspace):
            refreshed.clear()
            t0 = time.perf_counter()
            if key == Qt.Key.Key_X:
                QTest.keyClicks(edit, "x")
            else:
                QTest.keyClick(edit, key)
            while not refreshed and time.perf_counter() - t0 < 2:
                app.processEvents()
            latencies.append((refreshed[-1] - t0) * 1000)
            t1 = time.perf_counter()
            win.vm.recheck_now()
            win.checklist.refresh()
            compute.append((time.perf_counter() - t1) * 1000)
    med = statistics.median(latencies)
    print(f"checklist after a keystroke (50 persons, 30 items, {len(win.vm.issues)} findings):"
          f" median {med:.1f} ms, max {max(latencies):.1f} ms incl. the"
          f" {win.vm._timer.interval()} ms debounce [{'OK' if med <= 50 else 'SLOW'},"
          f" target <= 50 ms]; check + panel rebuild alone: median"
          f" {statistics.median(compute):.1f} ms")
    mb = rss_mb()
    print(f"memory with the large case open, every step visited: {mb:.0f} MB RSS"
          f" [{'OK' if mb <= 150 else 'HIGH'}, target <= 150 MB]")
    win.vm.replace(win.vm.case, None, dirty=False)
    win.close()


def main() -> None:
    cold_start()
    checklist_latency()


if __name__ == "__main__":
    main()
