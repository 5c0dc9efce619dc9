"""The process that writes a build's PDFs: forked at the very start of `mla-writer build`,
it loads reportlab and the fonts while the main process loads the request model, the case and
the profiles and makes the documents; it lays out the PDFs of the documents handed to it
while the main process checks the case, and writes them only once told the build may go
ahead (`produce`, see its module's note).

The commit protocol, one line each through a pipe: the documents (JSON: [[path, document
data], ...]), then "commit". The PDFs are laid out into memory as soon as the documents
arrive; nothing is written (no file, no temporary file) before "commit": a refused build
closes the pipe or ends the process, and the output folder is left as it was.

A module of its own, importing neither pydantic nor the request model: the build forks this
process before it imports them (the PDF process needs neither), so the two imports run side by
side on two cores and the PDF process starts without a copy of the model's memory.
"""

# lazy imports (start-up cost): render
from __future__ import annotations

import json
import os
from collections.abc import Callable

from ..atomicfile import atomic_write_bytes
from ..signing import forked

#: environment variable: "0" writes every format in one process (`produce(parallel=True)`)
FORK_ENV = "MLA_WRITER_BUILD_FORK"
#: the line that lets the PDF process write what it has laid out
COMMIT = b"commit\n"


class PdfProcess:
    """A forked process that loads the PDF writer and its fonts at once, lays out the PDFs of
    the documents handed to it (`send`) and writes them when told to (`commit`)."""

    def __init__(self, child: forked.Child, writer: int) -> None:
        self.child = child
        self._writer: int | None = writer
        self.sent = False

    def send(self, payload: bytes) -> None:
        """Hand over the documents (JSON: [[path, document data], ...], one line); the
        process lays them out but writes nothing before `commit`. OSError when the process
        is gone or has been handed its documents already."""
        if self._writer is None or self.sent:
            raise OSError("the PDF process has been handed its documents")
        self.sent = True
        self._write(payload + b"\n")

    def commit(self) -> None:
        """Let the process write the PDFs it was handed (it reports each path written, see
        `child.reports()`); OSError when it is gone."""
        if self._writer is None or not self.sent:
            raise OSError("the PDF process has no documents to write")
        try:
            self._write(COMMIT)
        finally:
            self._close()

    def _write(self, data: bytes) -> None:
        assert self._writer is not None
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(self._writer, view):]
        except OSError:
            self._close()
            raise

    def _close(self) -> None:
        if self._writer is not None:
            os.close(self._writer)
            self._writer = None

    def stop(self) -> None:
        """End the process (if it still runs) and reap it; safe to call again. Before its
        `commit`, it has written nothing."""
        self._close()
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
        with os.fdopen(reader, "rb") as given:
            batch = json.loads(given.readline())
            laid_out = [(path, pdf_writer.render_pdf(from_data(data))) for path, data in batch]
            if given.readline() != COMMIT:  # refused (or the build ended): write nothing
                raise EOFError("the build did not commit its PDFs")
        for path, pdf in laid_out:
            atomic_write_bytes(path, pdf)
            report(path)

    child = forked.start(job)
    os.close(reader)
    if child is None:
        os.close(writer)
        return None
    return PdfProcess(child, writer)
