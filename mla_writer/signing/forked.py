"""Render a package's documents in forked children while the parent decrypts the key and signs.

Decrypting the key file (PBKDF2, 600 000 rounds, and the MAC) takes about as long as
rendering half the documents, and neither needs the other until the first PDF is written:
on Linux, `start` forks a child that runs a rendering job and reports each finished file's
name through a pipe; with an inbox, the parent can hand it one line of text (the signature
field, once the key names the signer), so the parent can sign each PDF as soon as it is
written.

Used only where forking is safe: Linux, a single thread, Qt not loaded (the desktop app
never forks), and not disabled with MLA_WRITER_SIGN_FORK=0. Any failure of a child (it
dies, reports something unexpected, or the fork itself fails) is reported as ChildFailed
and the caller renders in its own process instead, so the package is the same either way.
"""

from __future__ import annotations

import contextlib
import gc
import os
import selectors
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence

ENV = "MLA_WRITER_SIGN_FORK"
DONE = "\0done"

Job = Callable[..., None]  # job(report) or, with an inbox, job(report, receive)


class ChildFailed(Exception):
    """The rendering child did not finish its job; render in this process instead."""


def available() -> bool:
    """Whether forking a rendering child is safe and wanted here: Linux, one thread (Python's
    and the operating system's count), Qt not loaded, not switched off."""
    return (sys.platform.startswith("linux") and hasattr(os, "fork")
            and os.environ.get(ENV, "1") != "0"
            and _single_threaded() and not _qt_loaded())


def _single_threaded() -> bool:
    return threading.active_count() == 1 and _os_threads() == 1


def _qt_loaded() -> bool:
    return any(m in sys.modules for m in ("PySide6", "shiboken6"))


def _os_threads() -> int:
    """Threads of this process (0 when unknown): a library's own threads count too."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return 0


class Child:
    """A forked child running one job; `reports()` yields the lines it reports."""

    def __init__(self, pid: int, reader: int, writer: int | None = None) -> None:
        self.pid = pid
        self._file = os.fdopen(reader, "r", encoding="utf-8", newline="\n")
        self._inbox = (os.fdopen(writer, "w", encoding="utf-8", newline="\n")
                       if writer is not None else None)
        self._status: int | None = None

    def send(self, line: str) -> None:
        """Give the child one line of text (its `receive()` returns it); ChildFailed when
        the child has no inbox or is gone."""
        if self._inbox is None or "\n" in line:
            raise ValueError("one line of text, to a child started with an inbox")
        try:
            self._inbox.write(line + "\n")
            self._inbox.flush()
        except (BrokenPipeError, ValueError) as exc:
            raise ChildFailed(f"the rendering process is gone ({exc})") from None

    def reports(self) -> Iterator[str]:
        """Each line the child reports, as it reports it; ChildFailed unless it then
        finishes its job and exits 0 (the caller checks what the lines say)."""
        finished = False
        for line in self._file:
            text = line.rstrip("\n")
            if text == DONE:
                finished = True
                break
            yield text
        code = self._wait()
        if not finished or code != 0:
            raise ChildFailed(f"the rendering process ended with status {code}")

    def fileno(self) -> int:
        """The pipe the child reports through (`all_reports` reads it)."""
        return self._file.fileno()

    def _wait(self) -> int:
        if self._status is None:
            _pid, status = os.waitpid(self.pid, 0)
            self._status = os.waitstatus_to_exitcode(status)
        return self._status

    def stop(self) -> None:
        """End the child (if it still runs) and reap it; safe to call again."""
        if self._status is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            self._wait()
        self._file.close()
        if self._inbox is not None:
            with contextlib.suppress(OSError):
                self._inbox.close()


def all_reports(children: Sequence[Child]) -> Iterator[str]:
    """Each line any of `children` reports, as soon as it is reported (whichever child has
    one first: the parent signs a PDF while another child is still rendering); ChildFailed
    unless each child then finishes its job and exits 0, as `Child.reports`. A child's lines
    are read here or by its `reports()`, not both."""
    buffers = {child: b"" for child in children}
    finished: set[Child] = set()
    with selectors.DefaultSelector() as selector:
        for child in children:
            selector.register(child.fileno(), selectors.EVENT_READ, child)
        while selector.get_map():
            for key, _events in selector.select():
                child = key.data
                chunk = os.read(key.fd, 1 << 16)
                if not chunk:  # the child closed its end: it has ended
                    selector.unregister(key.fd)
                    code = child._wait()
                    if child not in finished or code != 0 or buffers[child]:
                        raise ChildFailed(f"the rendering process ended with status {code}")
                    continue
                *lines, buffers[child] = (buffers[child] + chunk).split(b"\n")
                for line in lines:
                    if child in finished:
                        raise ChildFailed("the rendering process reported after its end")
                    try:
                        text = line.decode("utf-8")
                    except UnicodeDecodeError:
                        raise ChildFailed("the rendering process reported no text") from None
                    if text == DONE:
                        finished.add(child)
                    else:
                        yield text


def start(job: Job, *, inbox: bool = False) -> Child | None:
    """Fork a child running `job(report)` (None when forking is not available or fails).
    The child calls `report(line)` (one line of text) as each part of its work is done, and
    exits without running the parent's exit handlers. With `inbox`, the job is called as
    `job(report, receive)`: `receive()` waits for the next line the parent `send`s (EOFError
    when the parent closed the inbox or ended)."""
    if not available():
        return None
    reader, writer = os.pipe()
    in_reader, in_writer = os.pipe() if inbox else (-1, -1)
    for stream in (sys.stdout, sys.stderr):  # nothing buffered is written twice
        with contextlib.suppress(Exception):
            stream.flush()
    frozen = gc.get_freeze_count() > 0  # already frozen by the caller: leave it so
    gc.freeze()  # the child's collections do not touch (and copy) the parent's objects
    try:
        pid = os.fork()
    except OSError:
        if not frozen:
            gc.unfreeze()
        for fd in (reader, writer, in_reader, in_writer):
            if fd >= 0:
                os.close(fd)
        return None
    if pid == 0:  # the child
        code = 1
        try:
            os.close(reader)
            if inbox:
                os.close(in_writer)
            with os.fdopen(writer, "w", encoding="utf-8", newline="\n") as out:
                def report(line: str) -> None:
                    if "\n" in line or DONE in line:
                        raise ValueError("one line of text")
                    out.write(line + "\n")
                    out.flush()

                if inbox:
                    with os.fdopen(in_reader, "r", encoding="utf-8", newline="\n") as got:
                        def receive() -> str:
                            line = got.readline()
                            if not line.endswith("\n"):
                                raise EOFError("the signing process sent nothing more")
                            return line[:-1]

                        job(report, receive)
                else:
                    job(report)
                out.write(DONE + "\n")
            code = 0
        except BaseException:  # the parent renders again and reports what fails
            code = 1
        finally:
            os._exit(code)
    if not frozen:
        gc.unfreeze()
    os.close(writer)
    if inbox:
        os.close(in_reader)
    return Child(pid, reader, in_writer if inbox else None)
