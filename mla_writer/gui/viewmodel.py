"""The one view-model the wizard pages edit: a CaseFile, its file, dirty flag and live checks.

Pages never keep their own copy of the answers: they read and write here by JSON path and
listen to `changed`. The re-check runs on the GUI thread: a full evaluation of a large case
(50 persons) and the checklist update take 5-10 ms (bench/bench_gui.py), as the steps and each
finding's step are kept until the findings change. An edit after a quiet moment is checked on
the next event-loop turn (the keystroke is drawn first); edits in a burst (each within the
debounce delay of the last check) are checked once, that delay after the last of them.
"""

# lazy imports (start-up cost): gui, workflow

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import importlib
import time
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import QObject, QTimer, Signal

from .. import rules
from ..domain.issues import Issue, Severity, Text, sort_issues
from ..domain.model import (
    CaseFile,
    ExtraditionDetails,
    Request,
    RequestKind,
    SupplementaryDetails,
)
from ..i18n import _, render_text, ui_language
from ..workflow.preflight import findings
from . import paths
from .steps import Step, step_of, steps_for


@functools.lru_cache(maxsize=8192)
def _step_of_any(path: str) -> str:
    """`step_of` among all steps, remembered: the paths of a case's findings recur at every
    check."""
    return step_of(path)


def optional_module(name: str) -> Any | None:
    """A sibling package another helper provides (review, signing), or None if absent."""
    try:
        return importlib.import_module(f"mla_writer.{name}")
    except ImportError:
        return None


def new_case(kind: RequestKind = RequestKind.MLA, *, authority: dict[str, Any] | None = None,
             requesting_state: str = "") -> CaseFile:
    """A blank request of `kind`, with the remembered requesting authority if there is one."""
    case = CaseFile(request=Request(kind=kind))
    ensure_kind_parts(case)
    if authority:
        with contextlib.suppress(ValidationError):
            case.request.requesting_authority = type(case.request.requesting_authority)(
                **authority)
    if requesting_state:
        case.request.requesting_state = requesting_state
    return case


def ensure_kind_parts(case: CaseFile) -> None:
    """Create the parts a kind needs (extradition details, earlier request) if absent."""
    req = case.request
    if req.kind in (RequestKind.EXTRADITION, RequestKind.PROVISIONAL_ARREST) \
            and req.extradition is None:
        req.extradition = ExtraditionDetails()
    if req.kind is RequestKind.SUPPLEMENTARY and req.supplementary is None:
        req.supplementary = SupplementaryDetails()


#: what a supplementary request takes over from the earlier request (the same proceedings)
_CARRIED_OVER = ("requesting_state", "requested_state", "requesting_authority", "legal_basis",
                 "case_reference", "stage", "subject", "conducting_authority", "offences",
                 "persons", "dual_criminality_statement")


def supplementary_from(current: CaseFile, earlier: CaseFile) -> CaseFile:
    """A supplementary request to `earlier`: its parties, case, offences and persons copied,
    its reference and date as the earlier request's; the rest of `current` is kept."""
    case = current.model_copy(deep=True)
    source = earlier.model_copy(deep=True).request
    req = case.request
    for name in _CARRIED_OVER:
        setattr(req, name, getattr(source, name))
    req.kind = RequestKind.SUPPLEMENTARY
    details = req.supplementary or SupplementaryDetails()
    details.earlier_reference = earlier.request.case_reference
    details.earlier_date = earlier.request.request_date
    # the earlier request's kind decides this one's rules (profiles.effective.request_kind)
    details.earlier_kind = earlier.request.kind if earlier.request.kind is not \
        RequestKind.SUPPLEMENTARY else (earlier.request.supplementary.earlier_kind
                                        if earlier.request.supplementary else None)
    req.supplementary = details
    case.training = case.training or earlier.training
    # the copied text is written in the earlier request's language; its translations come too
    case.drafting_language = earlier.drafting_language
    carried = tuple(f"$.request.{name}" for name in _CARRIED_OVER)
    for table, old in ((case.translations, earlier.translations),
                       (case.translation_sources, earlier.translation_sources)):
        for path, by_lang in old.items():
            if path in carried or path.startswith(tuple(p + c for p in carried for c in ".[")):
                table[path] = dict(by_lang)
    return case


def friendly_error(exc: ValidationError) -> str:
    """The first validation problem in words a drafter understands."""
    err = exc.errors()[0]
    kind = err.get("type", "")
    if kind.startswith("date"):
        return _("Enter a date as YYYY-MM-DD, e.g. 2026-03-31.")
    if kind.startswith(("float", "int")):
        return _("Enter a number.")
    if kind == "greater_than_equal":
        return _("Enter a number of zero or more.")
    return str(err.get("msg", exc))


class CaseViewModel(QObject):
    """Wraps ONE CaseFile; get/set by JSON path; dirty flag; debounced live checks."""

    changed = Signal(str)            # JSON path set by an edit
    structureChanged = Signal(str)   # a list grew or shrank, or the kind changed
    caseReplaced = Signal()          # a different case was opened or created
    dirtyChanged = Signal(bool)
    issuesChanged = Signal()
    pathChanged = Signal(str)        # file the case is saved in ('' = not yet saved)
    changeNoted = Signal(str)        # what a change of kind, state or basis did, in words
    visitedChanged = Signal()        # a field or step was visited: its findings may show

    def __init__(self, case: CaseFile | None = None, *, path: Path | None = None,
                 delay_ms: int = 20, on: dt.date | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._case = case or new_case()
        self._path = path
        self._dirty = False
        self._on = on
        self._issues: list[Issue] = []
        self._notes: dict[str, list[Text]] = {}
        self.revision = 0
        #: inputs the user edited or left, and steps the user left: their findings are painted
        #: on the inputs; others are only listed in the checklist (a new request is not red)
        self.visited_paths: set[str] = set()
        self.visited_steps: set[str] = set()
        #: steps() and each path's step, kept while the findings, the kind and whether there
        #: is assistance stay the same (a keystroke asks for them dozens of times)
        self._steps_key: tuple[Any, ...] | None = None
        self._steps: list[Step] = []
        self._step_of: dict[str, str] = {}
        #: the pending check: on the next turn (an edit after a quiet moment) or `delay_ms`
        #: after the last edit of a burst (restarted by each edit)
        self.debounce_ms = delay_ms
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.recheck_now)
        self._leading = False        # the pending check is the next turn's
        self._checked_at = 0.0       # time.monotonic() when the last check ended
        self.recheck_now()

    # -- the case -------------------------------------------------------------------------
    @property
    def case(self) -> CaseFile:
        return self._case

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def dirty(self) -> bool:
        return self._dirty

    def today(self) -> dt.date:
        """The date the checks run on (injected in tests), else today."""
        return self._on or dt.date.today()

    def replace(self, case: CaseFile, path: Path | None = None, *, dirty: bool = False) -> None:
        """Make `case` the case being edited (opened, created or recovered)."""
        ensure_kind_parts(case)
        if case is not self._case:
            self.visited_paths.clear()
            self.visited_steps.clear()
        self._case = case
        self._path = path
        self.revision += 1
        self._set_dirty(dirty)
        self.pathChanged.emit(str(path or ""))
        self.recheck_now()
        self.caseReplaced.emit()

    def mark_saved(self, path: Path) -> None:
        self._path = path
        self._set_dirty(False)
        self.pathChanged.emit(str(path))

    def _set_dirty(self, dirty: bool) -> None:
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirtyChanged.emit(dirty)

    # -- what the user has seen ----------------------------------------------------------------
    def visit(self, path: str) -> None:
        """The input bound to `path` was edited or left: its findings show on it from now."""
        if path and path not in self.visited_paths:
            self.visited_paths.add(path)
            self.visitedChanged.emit()

    def visit_step(self, step_id: str) -> None:
        if step_id not in self.visited_steps:
            self.visited_steps.add(step_id)
            self.visitedChanged.emit()

    def loud(self, path: str) -> bool:
        """Whether a finding on `path` is painted on its input (visited field or step)."""
        if path in self.visited_paths:
            return True
        return self.step_of(path) in self.visited_steps

    # -- reading and writing by JSON path ---------------------------------------------------
    def get(self, path: str) -> Any:
        return paths.get(self._case, path)

    def set(self, path: str, value: Any) -> None:
        """Set one answer; raises ValueError with a clear message if the model rejects it."""
        if self.get(path) == value and not isinstance(value, list):
            return
        before = self._case.request.kind
        try:
            paths.set_value(self._case, path, value)
        except ValidationError as exc:
            raise ValueError(friendly_error(exc)) from None
        self._touched(path)
        if self._case.request.kind != before:
            ensure_kind_parts(self._case)
            self.structureChanged.emit(path)

    def append(self, list_path: str, item: Any) -> int:
        """Add `item` at the end of the list at `list_path`; return its index."""
        items = list(self.get(list_path) or [])
        items.append(item)
        try:
            paths.set_value(self._case, list_path, items)
        except ValidationError as exc:
            raise ValueError(friendly_error(exc)) from None
        self._touched(list_path)
        self.structureChanged.emit(list_path)
        return len(items) - 1

    def remove(self, list_path: str, index: int) -> None:
        items = list(self.get(list_path) or [])
        del items[index]
        paths.set_value(self._case, list_path, items)
        self._touched(list_path)
        self.structureChanged.emit(list_path)

    def touch(self, path: str) -> None:
        """Say that the value at `path` was changed in place (e.g. by the review workflow)."""
        self._touched(path)

    def _touched(self, path: str) -> None:
        self.revision += 1
        self._set_dirty(True)
        self.changed.emit(path)
        self._schedule_check()

    def _schedule_check(self) -> None:
        """Leading edge: the first edit after a quiet moment (no check pending, the last one
        ended at least `debounce_ms` ago) is checked on the next turn. Debounce: an edit soon
        after a check waits until `debounce_ms` pass without another edit. Either way the
        check runs after the edit and reads the case as it is then."""
        if self._timer.isActive() and self._leading:
            return  # checked on the next turn anyway, this edit included
        quiet = (time.monotonic() - self._checked_at) * 1000 >= self.debounce_ms
        self._leading = quiet and not self._timer.isActive()
        self._timer.start(0 if self._leading else self.debounce_ms)

    # -- checks -----------------------------------------------------------------------------
    @property
    def issues(self) -> list[Issue]:
        return self._issues

    @property
    def notes(self) -> dict[str, list[str]]:
        """JSON path -> what the requested state's profile says about that field (in the
        interface language)."""
        return {path: [render_text(t, ui_language()) for t in texts]
                for path, texts in self._notes.items()}

    def check_date(self) -> dt.date:
        """The date the law is taken at, as `mla-writer check` takes it: the injected date,
        else the request date, else today."""
        return self._on or self._case.request.request_date or dt.date.today()

    def recheck_now(self) -> None:
        """Check the case now, exactly as `mla-writer check` does (the rules' findings and
        the review's: open comments, a broken audit log, a change after the approval);
        emit issuesChanged if the findings changed."""
        self._timer.stop()
        self._leading = False
        on = self.check_date()
        try:
            found = findings(self._case, on=on, case_path=self._path)
            self._notes = rules.field_note_texts(self._case, on=on)
        except Exception as exc:  # a broken profile must not take the window down
            found = [Issue("PROFILES", Severity.ERROR, "$.request.requested_state", _(
                "The legal profiles could not be loaded, so the request cannot be checked and"
                " no document (not even a draft) can be produced until they are repaired"
                " (a profile folder set by MLA_WRITER_PROFILES, or a damaged installation):"
                " %(error)s", error=exc))]
            self._notes = {}
        found = sort_issues(found)
        if found != self._issues:
            self._issues = found
            self.issuesChanged.emit()
        self._checked_at = time.monotonic()  # after the checklist and pages were updated

    def _current_steps(self) -> list[Step]:
        """The cached steps, computed again only when what `steps_for` reads has changed:
        the findings (a new list after each check), the kind, whether there is assistance."""
        req = self._case.request
        key = (self._issues, req.kind, bool(req.assistance))
        old = self._steps_key
        if old is None or old[0] is not key[0] or old[1:] != key[1:]:
            # only findings under these two steps can add a step (steps_for), and one path
            # per step says so: the others need not be matched against every step again
            targeting = {step: i.path for i in self._issues
                         if (step := _step_of_any(i.path)) in ("surrender", "assistance")}
            steps = steps_for(self._case, targeting.values())
            if [s.id for s in steps] != [s.id for s in self._steps]:
                self._step_of = {}
            self._steps = steps
            self._steps_key = key
        return self._steps

    def steps(self) -> list[Step]:
        return list(self._current_steps())

    def step_of(self, path: str) -> str:
        """The id of the step (among the current ones) that holds `path`."""
        steps = self._current_steps()
        found = self._step_of.get(path)
        if found is None:
            found = self._step_of[path] = step_of(path, steps)
        return found

    def issues_by_step(self) -> dict[str, list[Issue]]:
        out: dict[str, list[Issue]] = {s.id: [] for s in self._current_steps()}
        for issue in self._issues:
            out.setdefault(self.step_of(issue.path), []).append(issue)
        return out

    def notes_for(self, path: str) -> list[str]:
        texts = self._notes.get(path) or self._notes.get(paths.pattern(path)) or []
        return [render_text(t, ui_language()) for t in texts]
