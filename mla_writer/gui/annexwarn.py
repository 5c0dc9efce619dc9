"""The files of the annexes in the interface: their state in words, attaching one to the
open request, and the warning when one is missing or has changed (the Annexes step and the
sign dialog share these). The files themselves are handled by `workflow.annexes`."""

# lazy imports (start-up cost): PySide6, review
from __future__ import annotations

from pathlib import Path
from typing import Any

from ..i18n import _
from ..workflow import annexes
from ..workflow.annexes import FileState, Status
from .steps import N_

#: the state of an attached file, for a reader of the interface
STATE_TEXTS = {
    FileState.OK: N_("attached, unchanged"),
    FileState.MISSING: N_("MISSING: not found where it was attached"),
    FileState.CHANGED: N_("CHANGED since it was attached: not the file that was reviewed"),
    FileState.UNREADABLE: N_("CANNOT BE READ"),
}


def state_text(status: Status) -> str:
    """'decision.pdf — attached, unchanged', or that no file is attached yet."""
    if status.file is None or status.state is None:
        return _("no file attached yet")
    name = Path(status.file.path).name
    return _("%(file)s — %(state)s", file=name, state=_(STATE_TEXTS[status.state]))


def statuses(vm: Any) -> list[Status]:
    """Every annex of the open request and the state of its file."""
    return annexes.statuses(vm.case, vm.path)


def problems(vm: Any) -> list[str]:
    """One line per attached file that is not as attached, in the interface language."""
    return [_("Annex %(n)d (%(title)s): %(state)s — %(path)s", n=s.index + 1,
              title=s.annex.title or "—", state=_(STATE_TEXTS[s.state]),
              path=str(s.path or s.file.path))
            for s in statuses(vm)
            if s.file is not None and s.state is not None and s.state is not FileState.OK]


def attach(parent: Any, vm: Any, index: int, path: str) -> bool:
    """Attach (or replace) the file of annex `index` in the open request; says why not, or
    that an approved request now needs review again."""
    from PySide6.QtWidgets import QMessageBox

    from .. import review

    approved_before = not review.changed_since_approval(vm.case)
    try:
        annexes.attach(vm.case, index, path, vm.path)
    except annexes.AnnexError as exc:
        QMessageBox.warning(parent, _("Files of the annexes"), _(
            "The file cannot be attached: %(why)s", why=exc))
        return False
    vm.touch(f"$.request.annexes[{index}].file")
    vm.recheck_now()
    _warn_review(parent, vm, approved_before)
    return True


def detach(parent: Any, vm: Any, index: int) -> bool:
    """Remove the file of annex `index` from the open request (the file stays on disk)."""
    from .. import review

    approved_before = not review.changed_since_approval(vm.case)
    if annexes.detach(vm.case, index) is None:
        return False
    vm.touch(f"$.request.annexes[{index}].file")
    vm.recheck_now()
    _warn_review(parent, vm, approved_before)
    return True


def _warn_review(parent: Any, vm: Any, approved_before: bool) -> None:
    from PySide6.QtWidgets import QMessageBox

    from .. import review

    status = vm.case.review.status.value
    if (approved_before and status in ("approved", "signed")
            and review.changed_since_approval(vm.case)):
        QMessageBox.information(parent, _("Files of the annexes"), _(
            "The request was approved with other annex files: the reviewer approves the"
            " files too. Submit it for review again before signing."))


def warn(parent: Any, vm: Any) -> bool:
    """Warn (a message box) when an attached file is missing, changed or unreadable; True
    when every attached file is as attached."""
    lines = problems(vm)
    if not lines:
        return True
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.warning(parent, _("Files of the annexes"), _(
        "These annex files are not as they were attached, so the request cannot be signed"
        " with them. Put each file back as it was, or attach it again on the Annexes step:")
        + "\n\n" + "\n".join("• " + line for line in lines))
    return False
