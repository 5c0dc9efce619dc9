"""Screenshots of every wizard step in the given interface languages, for docs/screenshots.

    QT_QPA_PLATFORM=offscreen python scripts/gui-screenshots.py en th km my --out docs/screenshots

The window is shown with the style, style sheet and fonts the application uses, on the bundled
bank-records example (the extradition example for the person-sought step), at 1280×720; each
image is reduced to 900 px and 128 colours to stay small.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("languages", nargs="+")
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--width", type=int, default=900)
    args = parser.parse_args(argv)

    from PIL import Image
    from PySide6.QtCore import QBuffer, QIODevice, QSettings
    from PySide6.QtWidgets import QApplication

    from mla_writer.gui.app import STYLE, load_fonts
    from mla_writer.gui.mainwindow import MainWindow
    from mla_writer.gui.steps import ALL_STEPS
    from mla_writer.resources import data_dir

    app = QApplication.instance() or QApplication(["mla-writer"])
    app.setStyle("Fusion")
    app.setStyleSheet(STYLE)
    load_fonts()
    tmp = Path(tempfile.mkdtemp())
    win = MainWindow(QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat),
                     tmp / "data", autosave_ms=10**9)
    win.resize(1280, 720)
    win.show()

    def settle() -> None:
        end = time.monotonic() + 0.6  # the preview is built in a worker thread
        while time.monotonic() < end:
            app.processEvents()

    for lang in args.languages:
        folder = args.out / lang
        folder.mkdir(parents=True, exist_ok=True)
        win.set_language(lang)
        for example, only in (("mla-bank-records", None), ("extradition-accused", "surrender")):
            win.open_example(str(data_dir("examples") / f"{example}.json"))
            number = {s.id: n for n, s in enumerate(ALL_STEPS, 1)}  # the same in every kind
            for step in [s.id for s in win.vm.steps()]:
                n = number[step]
                if only and step != only:
                    continue
                win.go_to(step)
                settle()
                buffer = QBuffer()
                buffer.open(QIODevice.OpenModeFlag.WriteOnly)
                win.grab().save(buffer, "PNG")
                import io

                image = Image.open(io.BytesIO(bytes(buffer.data())))
                height = round(image.height * args.width / image.width)
                small = image.convert("RGB").resize((args.width, height), Image.LANCZOS)
                small = small.quantize(128, method=Image.Quantize.MEDIANCUT)
                small.save(folder / f"{n:02d}-{step}.png", optimize=True)
                print(folder / f"{n:02d}-{step}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
