"""The review page (preview, reviewer comments, workflow) and the produce page (files)."""

# lazy imports (start-up cost): render, domain, gui, profiles, workflow
from __future__ import annotations

import contextlib
import importlib.util
import os
import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from .. import i18n
from ..i18n import _
from ..safetext import visible, visible_name
from . import work
from .checklist import counts
from .keys import current_key, key_line, load_my_identity
from .page_api import StepPage
from .steps import Step
from .texts import breakable, doc, path_label, status_text
from .viewmodel import CaseViewModel, optional_module
from .widgets import CheckLabel, FitScrollArea, FlowLayout, break_labels, check_row


class ReviewPage(QWidget, StepPage):
    """A readable preview from the same document model as the files, and the review state.

    The preview is built in a worker thread (a large case takes a few hundred milliseconds)
    and again, debounced, when the findings change while the page is shown."""

    def __init__(self, vm: CaseViewModel, step: Step, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm, self.step = vm, step
        self._busy = self._again = False
        self._actor = ""
        title = QLabel(breakable(_(step.title)))
        title.setObjectName("pageTitle")
        title.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setObjectName("reviewSummary")
        self.summary.setWordWrap(True)
        self.language = QComboBox()
        self.language.setObjectName("previewLanguage")
        self.language.setAccessibleName(_("Language of the preview"))
        self.language.activated.connect(lambda _i: self.refresh_preview())
        language_label = QLabel(_("Preview &in:"))
        language_label.setBuddy(self.language)
        self.preview_state = QLabel()
        self.preview_state.setObjectName("fieldHelp")
        self.preview_state.setWordWrap(True)
        self.preview = QTextBrowser()
        self.preview.setObjectName("preview")
        self.preview.setAccessibleName(_("Preview of the request"))
        self.preview.setOpenLinks(False)
        self.status = QLabel()
        self.status.setObjectName("reviewStatus")
        self.status.setWordWrap(True)
        self.approval = QLabel()  # who approved, and whether with their own key
        self.approval.setObjectName("lastApproval")
        self.approval.setWordWrap(True)
        self.reviewer = QLabel()  # whose key an approval made here is signed with
        self.reviewer.setObjectName("reviewerKey")
        self.reviewer.setWordWrap(True)
        self.comments = QListWidget()
        self.comments.setObjectName("reviewComments")
        self.comments.setAccessibleName(_("Reviewer comments"))
        self.comments.setWordWrap(True)
        self.actions = FlowLayout()  # the buttons go on to a second line on a small screen
        side = QWidget()
        sl = QVBoxLayout(side)
        sl.setContentsMargins(0, 4, 0, 0)
        sl.addWidget(self.status)
        sl.addWidget(self.approval)
        sl.addWidget(self.reviewer)
        sl.addLayout(self.actions)
        comments_label = QLabel(_("Open reviewer &comments:"))
        comments_label.setBuddy(self.comments)
        sl.addWidget(comments_label)
        sl.addWidget(self.comments, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.preview)
        side_scroll = FitScrollArea()  # its wrapped lines are never squeezed: it scrolls
        side_scroll.setFrameShape(FitScrollArea.Shape.NoFrame)
        side_scroll.setWidget(side)
        split.addWidget(side_scroll)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        split.setSizes([420, 140])
        row = QHBoxLayout()
        row.addWidget(language_label)
        row.addWidget(self.language)
        row.addWidget(self.preview_state, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 12, 16, 12)
        lay.addWidget(title)
        lay.addWidget(self.summary)
        lay.addLayout(row)
        lay.addWidget(split, 1)
        self.review = optional_module("review")
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(400)
        self._debounce.timeout.connect(self.refresh_preview)
        vm.issuesChanged.connect(self._issues_changed)

    def load(self) -> None:
        self._languages()
        self._summary()
        self.refresh_preview()
        self.refresh_review()

    def mark(self) -> None:
        self._summary()

    def _issues_changed(self) -> None:
        self._summary()
        if self.isVisible():
            self._debounce.start()

    def _summary(self) -> None:
        errors, warnings, _infos = counts(self.vm.issues)
        self.summary.setText(breakable(_(
            "The preview shows the request as the DOCX and PDF files will print it."
            " Checklist: errors %(errors)d, warnings %(warnings)d.",
            errors=errors, warnings=warnings)))

    def _languages(self) -> None:
        """The case's output languages (the requested state's and the drafting language)."""
        from ..render import default_languages

        wanted = ["en"]
        with contextlib.suppress(Exception):
            wanted = default_languages(self.vm.case) or ["en"]
        current = self.language.currentData() or ""
        names = getattr(i18n, "UI_LANGUAGES", {})
        self.language.clear()
        for lang in wanted:
            self.language.addItem(f"{names.get(lang, lang)} ({lang})", lang)
        index = self.language.findData(current)
        self.language.setCurrentIndex(index if index >= 0 else 0)

    def preview_language(self) -> str:
        return str(self.language.currentData() or "en")

    def refresh_preview(self) -> None:
        if self._busy:
            self._again = True
            return
        self._busy = True
        self.preview_state.setText(breakable(_("Updating the preview…")))
        case = self.vm.case.model_copy(deep=True)
        lang = self.preview_language()
        draft = any(i.blocking for i in self.vm.issues)
        scale = preview_scale(self)
        work.start(lambda: _preview_html(case, lang, draft, scale), self._preview_done,
                   self._preview_failed)

    def _preview_done(self, html: str) -> None:
        bar = self.preview.verticalScrollBar()
        position = bar.value()
        self.preview.setHtml(html)
        bar.setValue(position)
        self._finished()

    def _preview_failed(self, exc: Exception) -> None:
        self.preview.setPlainText(_("The preview cannot be built: %(error)s", error=exc))
        self._finished()

    def _finished(self) -> None:
        self._busy = False
        self.preview_state.setText("")
        if self._again:
            self._again = False
            self.refresh_preview()

    def _settings(self) -> Any:
        return getattr(self.window(), "settings", None)

    def refresh_review(self) -> None:
        case = self.vm.case
        self.status.setText(_("Review status: %(status)s", status=status_text(case.review.status)))
        self.approval.setText(breakable(approval_text(self.review, case)))
        self.approval.setVisible(bool(self.approval.text()))
        settings = self._settings()
        self.reviewer.setText(breakable(key_line(settings)) if settings is not None else "")
        self.reviewer.setVisible(settings is not None)
        self.comments.clear()
        for c in case.review.comments:
            if not c.resolved:
                # a comment comes from the file: controls and bidi overrides shown, not obeyed
                self.comments.addItem(f"{visible_name(c.author) or _('reviewer')} ·"
                                      f" {path_label(c.path)}\n{visible(c.text)}")
        if not self.comments.count():
            self.comments.addItem(_("None."))
        while self.actions.count():
            w = self.actions.takeAt(0).widget()
            if w is not None:
                w.hide()
                w.deleteLater()
        if self.review is None or not hasattr(self.review, "allowed_actions"):
            note = QLabel(_("The review workflow is not installed in this version."))
            note.setWordWrap(True)
            self.actions.addWidget(note)
            note.show()
            return
        labels = {"submit": _("S&ubmit for review"), "return": _("Re&turn for changes"),
                  "approve": _("&Approve"), "comment": _("Co&mment…"),
                  "resolve": _("Res&olve…"), "transmit": _("Mark as transmitte&d"),
                  "repair-log": _("Re&pair the audit log…")}
        allowed = self.review.allowed_actions(case)
        if "repair-log" in allowed:
            note = QLabel(_(
                "The review audit log of this file is broken (see the checklist): it was"
                " changed outside mla-writer or damaged. Nothing else can be recorded until"
                " someone responsible accepts its current state, with the reason; the break"
                " stays visible and the review starts again from draft."))
            note.setWordWrap(True)
            note.setObjectName("review.brokenLog")
            self.actions.addWidget(note)
            note.show()
        for action in allowed:
            if action not in labels:
                continue
            b = QPushButton(labels[action])
            b.setObjectName(f"review.{action}")
            b.clicked.connect(lambda _c=False, a=action: self.run_action(a))
            self.actions.addWidget(b)
            b.show()

    def _ask_actor(self) -> str:
        settings = self._settings()
        key = current_key(settings) if settings is not None else None
        default = self._actor or (key[1].get("name", "") if key else "")
        actor, ok = QInputDialog.getText(self, _("Review"), _("Your name:"),
                                         QLineEdit.EchoMode.Normal, default)
        if not ok or not actor.strip():
            return ""
        self._actor = actor.strip()
        return self._actor

    def approve_with_key(self, settings: Any, passphrase: str | None = None) -> bool:
        """Approve, signed with the reviewer's own key (review.approve with the identity, as
        `review approve --key` does); the approver is the certificate's name."""
        identity = load_my_identity(self, settings, passphrase)
        if identity is None:
            return False
        try:
            self.review.approve(self.vm.case, "", identity=identity)
        except Exception as exc:  # ReviewError: four-eyes, open comments, an expired key
            QMessageBox.warning(self, _("Review"), str(exc))
            return False
        self.vm.touch("$.review")
        self.refresh_review()
        return True

    def comment(self, path: str) -> bool:
        """Add a reviewer comment on the field or section at `path`."""
        if self.review is None or "comment" not in self.review.allowed_actions(self.vm.case):
            QMessageBox.information(self, _("Review"), _(
                "The review workflow does not allow a comment now."))
            return False
        actor = self._ask_actor()
        if not actor:
            return False
        text, ok = QInputDialog.getMultiLineText(
            self, _("Review"), _("Comment on “%(field)s”:", field=path_label(path)))
        if not ok or not text.strip():
            return False
        try:
            self.review.add_comment(self.vm.case, path, actor, text)
        except Exception as exc:
            QMessageBox.warning(self, _("Review"), str(exc))
            return False
        self.vm.touch("$.review")
        self.refresh_review()
        return True

    def run_action(self, action: str) -> None:
        review, case = self.review, self.vm.case
        if action == "comment":
            targets = _comment_targets(getattr(self.window(), "last_field", ""))
            where, ok = QInputDialog.getItem(self, _("Review"), _("Comment on:"),
                                             list(targets), 0, False)
            if ok:
                self.comment(targets[where])
            return
        settings = self._settings()
        if action == "approve" and settings is not None and current_key(settings) is not None:
            self.approve_with_key(settings)
            return
        actor = self._ask_actor()
        if not actor:
            return
        try:
            if action == "submit":
                review.submit(case, actor)
            elif action == "transmit":
                review.mark_transmitted(case, actor)
            elif action == "approve":
                review.approve(case, actor)
            elif action == "return":
                reason, ok = QInputDialog.getText(self, _("Review"), _("What must change?"))
                if not ok:
                    return
                review.return_for_changes(case, actor, reason=reason)
            elif action == "resolve":
                open_ = review.open_comments(case)
                labels = [f"{c.author or _('reviewer')}: {_short(c.text)} ({path_label(c.path)})"
                          for c in open_]
                chosen, ok = QInputDialog.getItem(self, _("Review"), _("Comment to resolve:"),
                                                  labels, 0, False)
                if not ok:
                    return
                review.resolve_comment(case, open_[labels.index(chosen)].id, actor)
            elif action == "repair-log":
                reason, ok = QInputDialog.getMultiLineText(self, _("Review"), _(
                    "What happened to the log, and why can its current state be accepted?"))
                if not ok or not reason.strip():
                    return
                review.repair_log(case, actor, reason)
        except Exception as exc:
            QMessageBox.warning(self, _("Review"), str(exc))
            return
        self.vm.touch("$.review")  # changed in place: dirty, re-check
        self.refresh_review()


def approval_text(review: Any, case: Any) -> str:
    """Who approved the request last, when, and whether with their own key (whose, by the
    certificate, not only a typed name)."""
    if review is None or not hasattr(review, "approval_record"):
        return ""
    record = review.approval_record(case)
    if not record.get("approved_by"):
        return ""
    if record.get("approval_signature"):
        from .keys import short_fingerprint

        return _("Approved by %(who)s on %(when)s, signed with the key of %(signer)s"
                 " (certificate %(fp)s…).", who=record["approved_by"],
                 when=record["approved_at"][:16].replace("T", " "),
                 signer=record.get("approval_signer", ""),
                 fp=short_fingerprint(record.get("approval_certificate_sha256", "")))
    return _("Approved by %(who)s on %(when)s, by name only (not signed with a key).",
             who=record["approved_by"], when=record["approved_at"][:16].replace("T", " "))


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def preview_scale(widget: QWidget) -> float:
    """The text size chosen for the window (View › Text size), for the preview too."""
    scale = getattr(widget.window(), "text_scale", None)
    return float(scale()) if callable(scale) else 1.0


def _preview_html(case: Any, lang: str, draft: bool, scale: float = 1.0) -> str:
    from ..render import build_document
    from ..render.preview import document_html

    html = document_html(build_document(case, lang=lang, draft=draft))
    if scale == 1.0:
        return html
    return re.sub(r"font-size:\s*(\d+(?:\.\d+)?)pt",
                  lambda m: f"font-size: {float(m[1]) * scale:.4g}pt", html)


def build_failure(exc: Exception, out_dir: Path) -> tuple[str, str]:
    """What failed in a build, in plain words, and the technical detail."""
    if isinstance(exc, OSError):
        return _("The documents could not be written to the folder %(folder)s: %(why)s. Choose"
                 " another output folder.", folder=out_dir,
                 why=exc.strerror or type(exc).__name__), str(exc)
    return (_("The documents could not be produced. Nothing was written; the request itself"
              " is unchanged."), str(exc) or type(exc).__name__)


class ProducePage(QWidget, StepPage):
    """Choose formats, languages and folder; build in a worker thread; open the folder."""

    produced = Signal(list)

    def __init__(self, vm: CaseViewModel, step: Step, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm, self.step = vm, step
        self.last_paths: list[str] = []
        #: the blocking findings the last Produce was refused on (the same as `build`'s)
        self.refused: list[Any] = []
        title = QLabel(breakable(_(step.title)))
        title.setObjectName("pageTitle")
        title.setWordWrap(True)
        intro = QLabel(_("The request and its transmittal note as an editable DOCX and a final"
                         " PDF, in each language you choose."))
        intro.setWordWrap(True)
        intro.setObjectName("pageIntro")
        self.formats = {f: QCheckBox(f.upper()) for f in ("docx", "pdf")}
        for f, box in self.formats.items():
            box.setChecked(True)
            box.setObjectName(f"format.{f}")
        names = getattr(i18n, "UI_LANGUAGES", {})
        self.languages = {lang: QCheckBox(names.get(lang, lang) + f" ({lang})")
                          for lang in i18n.LANGUAGES}
        for lang, box in self.languages.items():
            box.setObjectName(f"lang.{lang}")
        self.bilingual = QCheckBox(_("Also a b&ilingual version (side by side with the drafting"
                                     " language)"))
        self.bilingual.setObjectName("bilingual")
        self.draft = QCheckBox(_("Mark every page as &DRAFT"))
        self.draft.setObjectName("draft")
        self.folder = QLineEdit()
        self.folder.setObjectName("outputFolder")
        self.folder.setAccessibleName(_("Output folder"))
        browse = QPushButton(_("Bro&wse…"))
        browse.clicked.connect(self.choose_folder)
        self.produce_button = QPushButton(_("&Produce the documents"))
        self.produce_button.setObjectName("produce")
        self.produce_button.setDefault(True)
        self.produce_button.clicked.connect(self.produce)
        self.progress = QProgressBar()
        self.progress.setObjectName("produceProgress")
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.result = QListWidget()
        self.result.setObjectName("producedFiles")
        self.result.setAccessibleName(_("Produced files"))
        self.result.itemActivated.connect(lambda item: reveal(item.text()))
        self.open_button = QPushButton(_("Open the folde&r"))
        self.open_button.setObjectName("openFolder")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self.open_folder)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setObjectName("fieldHelp")

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        row = QHBoxLayout()
        for box in self.formats.values():
            row.addWidget(box)
        row.addStretch(1)
        form.addRow(_("Formats:"), row)
        grid = FlowLayout(spacing=10)
        for box in self.languages.values():
            grid.addWidget(box)
        form.addRow(_("Languages:"), grid)
        form.addRow("", self.notice)
        for box, text in ((self.bilingual, self.bilingual.text()), (self.draft,
                                                                    self.draft.text())):
            box.setText("")  # the title wraps beside the box (a long translation)
            box.setAccessibleName(text.replace("&", ""))
            caption = CheckLabel(box)  # not `title`: that is the page's heading, added below
            caption.setText(text)
            form.addRow("", check_row(box, caption))
        frow = QHBoxLayout()
        frow.addWidget(self.folder, 1)
        frow.addWidget(browse)
        label = QLabel(_("&Output folder:"))
        label.setBuddy(self.folder)
        form.addRow(label, frow)
        options = QGroupBox(_("What to produce"))
        options.setLayout(form)
        actions = QHBoxLayout()
        actions.addWidget(self.produce_button)
        actions.addWidget(self.progress, 1)
        actions.addStretch(0)
        actions.addWidget(self.open_button)
        inner = QWidget()
        inner.setObjectName("produceContent")
        scroll = FitScrollArea()
        scroll.setFrameShape(FitScrollArea.Shape.NoFrame)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        lay = QVBoxLayout(inner)  # on a small screen the page scrolls, nothing is squeezed
        lay.setContentsMargins(16, 12, 16, 12)
        lay.addWidget(title)
        lay.addWidget(intro)
        lay.addWidget(options)
        lay.addLayout(actions)
        files_label = QLabel(_("Produced fil&es (double-click to open):"))
        files_label.setWordWrap(True)
        files_label.setBuddy(self.result)
        lay.addWidget(files_label)
        lay.addWidget(self.result, 1)
        self.signing_box = self._signing_box()
        lay.addWidget(self.signing_box)
        break_labels(self)

    def _signing_box(self) -> QWidget:
        box = QGroupBox(_("Sign and package"))
        lay = QVBoxLayout(box)
        if importlib.util.find_spec("mla_writer.signing") is None:
            note = QLabel(_("Signing is not available in this version: produce the files and"
                            " have them signed as your central authority prescribes."))
            note.setWordWrap(True)
            lay.addWidget(note)
            return box
        button = QPushButton(_("Sign and pac&kage…"))
        button.setObjectName("signPackage")
        button.clicked.connect(self.sign_package)
        note = QLabel(_("For the central authority: sign the PDFs with your key and write a"
                        " package with a signed manifest that anyone can verify."))
        note.setWordWrap(True)
        note.setObjectName("pageIntro")
        row = QHBoxLayout()
        row.addWidget(note, 1)
        row.addWidget(button)
        lay.addLayout(row)
        return box

    def produced_signal(self) -> Any:
        return self.produced

    def load(self) -> None:
        from ..render import default_languages
        from ..render.build import document_languages_ready

        wanted: list[str] = ["en"]
        with contextlib.suppress(Exception):
            wanted = default_languages(self.vm.case)
        ready = set()
        with contextlib.suppress(Exception):
            ready = document_languages_ready()
        for lang, box in self.languages.items():
            box.setChecked(lang in wanted)
            box.setEnabled(lang in ready or lang == "en")
            if lang not in ready:
                box.setToolTip(_("No complete document translation into this language yet."))
        missing = []
        with contextlib.suppress(Exception):
            state = _registry_state(self.vm.case.request.requested_state)
            if state is not None:
                missing = [lg for lg in state.languages_for(self.vm.case.request.kind.value,
                                                            self.vm.case.request.request_date)
                           if lg not in ready]
        self.notice.setText(breakable(_(
            "The requested state also accepts %(langs)s, for which no complete document"
            " translation exists yet: attach a translation.", langs=", ".join(missing)))
            if missing else "")
        self.notice.setVisible(bool(missing))
        if not self.folder.text():
            base = self.vm.path.parent if self.vm.path else Path.home() / "mla-writer"
            self.folder.setText(str(base / "out"))
        blocking = any(i.blocking for i in self.vm.issues)
        if blocking:
            self.draft.setChecked(True)

    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, _("Output folder"), self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def options(self) -> dict[str, Any]:
        return {
            "formats": [f for f, b in self.formats.items() if b.isChecked()],
            "languages": [lg for lg, b in self.languages.items() if b.isChecked()],
            "bilingual": self.bilingual.isChecked(),
            "draft": self.draft.isChecked(),
        }

    def produce(self) -> None:
        opts = self.options()
        if not opts["formats"] or not opts["languages"]:
            QMessageBox.information(self, _("Produce"),
                                    _("Choose at least one format and one language."))
            return
        from ..workflow.preflight import ProfilesBroken, profiles_for
        from ..workflow.produce import check_build, produce

        # the same check `mla-writer build` makes: every profile loaded, the rules' findings
        # for the request date, the review's and the annex files' (read beside the case file)
        case = self.vm.case.model_copy(deep=True)
        try:
            registry, _warnings = profiles_for(case.request.requested_state, whole=True)
        except ProfilesBroken as exc:
            self.refused = []
            self._failed(_(
                "The legal profiles could not be loaded, so the request cannot be checked and"
                " no document (not even a draft) can be produced until they are repaired"
                " (a profile folder set by MLA_WRITER_PROFILES, or a damaged installation):"
                " %(error)s", error=exc.why), "\n".join(exc.lines()))
            return
        check = check_build(case, registry=registry, languages=opts["languages"],
                            case_path=self.vm.path)
        self.refused = check.errors if not opts["draft"] else []
        if self.refused:
            answer = QMessageBox.question(
                self, _("Produce"),
                _("The checklist still has %(n)d errors. A request with errors can only be"
                  " produced as a draft. Produce a draft?", n=len(self.refused)))
            if answer != QMessageBox.StandardButton.Yes:
                return
            opts["draft"] = True
            self.draft.setChecked(True)
        out_dir = Path(self.folder.text()).expanduser()
        self.result.clear()
        self.progress.setRange(0, 0)
        self.progress.setFormat(_("Starting…"))
        self.progress.show()
        self.produce_button.setEnabled(False)
        self.open_button.setEnabled(False)
        draft, formats, bilingual = opts["draft"], opts["formats"], opts["bilingual"]

        def build(report: work.Report) -> list[str]:
            return [str(p) for p in produce(case, out_dir, check, formats=formats, draft=draft,
                                            bilingual=bilingual, progress=report)]

        work.start(build, self._done, lambda exc: self._failed(*build_failure(exc, out_dir)),
                   progress=self._progress)

    def _progress(self, step: int, total: int, label: str) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(step)
        self.progress.setFormat(label or _("Done"))

    def _done(self, paths: list[str]) -> None:
        self.last_paths = paths
        self.result.clear()
        self.result.addItems(paths)
        self.progress.setFormat(_("%(n)d files written", n=len(paths)))
        self.produce_button.setEnabled(True)
        self.open_button.setEnabled(True)
        self.produced.emit(paths)

    def _failed(self, message: str, detail: str = "") -> None:
        self.progress.hide()
        self.produce_button.setEnabled(True)
        box = QMessageBox(QMessageBox.Icon.Critical, _("The documents could not be produced"),
                          message, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("produceError")
        if detail:
            box.setInformativeText(_("Technical detail: %(detail)s", detail=detail))
        box.open()
        self.error_box = box

    def open_folder(self) -> None:
        reveal(self.folder.text())

    def sign_package(self) -> None:
        signing = optional_module("signing")  # imported on first use: cryptography is slow
        if signing is None or optional_module("workflow.package") is None:
            QMessageBox.information(self, _("Sign and package"), _(
                "Signing is not available in this version: produce the files and have them"
                " signed as your central authority prescribes."))
            return
        from .signdialog import SignDialog

        try:
            self.sign_dialog = SignDialog(self.vm, signing, Path(self.folder.text()).expanduser(),
                                          self.options()["languages"], parent=self)
        except Exception as exc:  # the plan could not be made: say why
            QMessageBox.critical(self, _("Sign and package"), str(exc))
            return
        self.sign_dialog.open()


def _comment_targets(last_field: str = "") -> dict[str, str]:
    """What a reviewer can comment on: the field last edited, the whole request and each part
    of it (title -> JSON path, from the model)."""
    from ..domain.model import Request
    from .fields import spec_for

    out: dict[str, str] = {}
    if last_field:
        out[_("The field last edited: %(field)s", field=path_label(last_field))] = last_field
    out[_("The whole request")] = "$.request"
    for name, info in Request.model_fields.items():
        out[doc(spec_for(name, info).title)] = f"$.request.{name}"
    return out


def _registry_state(code: str) -> Any:
    from ..profiles import load_registry

    return load_registry().state(code)


def reveal(path: str) -> None:
    """Open a folder in the desktop's file manager (no-op where none exists)."""
    if os.environ.get("QT_QPA_PLATFORM") != "offscreen":
        QDesktopServices.openUrl(QUrl.fromLocalFile(path))
