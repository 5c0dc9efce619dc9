"""The process that writes a build's PDFs: forked at the very start of `mla-writer build`,
it loads reportlab and the fonts while the main process loads the request model, the case and
the profiles and makes the documents, then writes the PDFs of the documents handed to it
(`produce`, see its module's note).

A module of its own, importing neither pydantic nor the request model: the build forks this
process before it imports them (the PDF process needs neither), so the two imports run side by
side on two cores and the PDF process starts without a copy of the model's memory.
"""

# lazy imports (start-up cost): render
from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

from ..signing import forked

#: environment variable: "0" writes every format in one process (`produce(parallel=True)`)
FORK_ENV = "MLA_WRITER_BUILD_FORK"


class PdfProcess:
    """A forked process that loads the PDF writer and its fonts at once, then writes the PDFs
    of the documents handed to it (`start_pdf_process`, `produce`)."""

    def __init__(self, child: forked.Child, writer: int) -> None:
        self.child = child
        self._writer: int | None = writer

    def send(self, payload: bytes) -> None:
        """Hand over the documents (JSON: [[path, document data], ...]); OSError when the
        process is gone."""
        if self._writer is None:
            raise OSError("the PDF process has been handed its documents")
        try:
            with os.fdopen(self._writer, "wb") as out:
                self._writer = None
                out.write(payload)
        finally:
            self._writer = None

    def stop(self) -> None:
        """End the process (if it still runs) and reap it; safe to call again."""
        if self._writer is not None:
            os.close(self._writer)
            self._writer = None
        self.child.stop()


def start_pdf_process() -> PdfProcess | None:
    """Fork the process that will write a build's PDFs, now, so that it loads reportlab and
    the fonts while this process loads the case and makes the documents (Linux, one thread,
    no Qt, not switched off with MLA_WRITER_BUILD_FORK=0); None where it cannot start."""
    if os.environ.get(FORK_ENV, "1") == "0" or not forked.available():
        return None
    reader, writer = os.pipe()

    def job(report: Callable[[str], None]) -> None:
        os.close(writer)
        from ..render import pdf_text, pdf_writer
        from ..render.document import from_data

        pdf_text.register_fonts()
        pdf_writer.warm_up(waiting_on=reader)
        with os.fdopen(reader, "rb") as given:
            batch = json.loads(given.read())
        for path, data in batch:
            pdf_writer.write_pdf(from_data(data), Path(path))
            report(path)

    child = forked.start(job)
    os.close(reader)
    if child is None:
        os.close(writer)
        return None
    return PdfProcess(child, writer)
