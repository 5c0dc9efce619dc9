"""The translation step: each free-text field of the request beside its translation into one
language, with the glossary's terms for what the text says, missing and outdated translations
marked, and the keyboard moving from one segment to the next (Ctrl+Down / Ctrl+Up; F8 the next
segment still to translate).

What is recorded is what `mla-writer translate set` records (domain.freetext.set_translation):
the translation with the digest of the text it was made from.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from .. import glossary
from ..domain import freetext
from ..i18n import _
from . import forms
from .page_api import StepPage
from .steps import N_, Step
from .texts import path_label
from .translation import DraftingLanguageBox, language_label, target_languages
from .viewmodel import CaseViewModel
from .widgets import assign_mnemonics

INTRO = N_("Each text of the request beside its translation. The document in the drafting"
           " language prints the text as written; the documents in other languages print these"
           " translations. A translation made before its text was changed is outdated and is"
           " not printed. Ctrl+Down and Ctrl+Up go to the next and the previous text, F8 to"
           " the next one still to translate.")

#: how a segment's state is shown (translated where shown)
STATUS_TEXT = {freetext.MISSING: N_("Not translated yet"),
               freetext.OUTDATED: N_("Outdated: the text changed after it was translated"),
               freetext.CURRENT: N_("Translated")}


class Segment(QFrame):
    """One field: its title, its text in the drafting language, the translation editor, the
    state of the translation and the glossary terms to insert."""

    def __init__(self, page: TranslationPage, path: str, source: str, lang: str) -> None:
        super().__init__()
        self.page, self.path, self.source, self.lang = page, path, source, lang
        self.setObjectName(f"segment:{path}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        case = page.vm.case
        self.title = QLabel(path_label(path))
        self.title.setObjectName("segmentTitle")
        self.title.setWordWrap(True)
        self.text = QLabel(source)
        self.text.setObjectName(f"source:{path}")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.editor = QPlainTextEdit(case.translations.get(path, {}).get(lang, ""))
        self.editor.setObjectName(f"translation:{path}")
        self.editor.setAccessibleName(_("Translation of %(field)s", field=path_label(path)))
        self.editor.setTabChangesFocus(True)
        self.editor.setFixedHeight(self.editor.fontMetrics().lineSpacing() * 4 + 14)
        self.title.setBuddy(self.editor)
        self.status = QLabel()
        self.status.setObjectName(f"status:{path}")
        terms = QHBoxLayout()
        terms.setContentsMargins(0, 0, 0, 0)
        self.terms: list[QPushButton] = []
        for here, there in glossary.suggestions(source, case.drafting_language, lang):
            button = QPushButton(f"{here} → {there}")
            button.setObjectName("glossaryTerm")
            button.setToolTip(_("Insert the glossary's term"))
            button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # Tab goes from text to text
            button.clicked.connect(lambda _c=False, t=there: self.insert(t))
            terms.addWidget(button)
            self.terms.append(button)
        terms.addStretch(1)
        grid = QGridLayout(self)
        grid.setContentsMargins(6, 4, 6, 4)
        grid.addWidget(self.title, 0, 0, 1, 2)
        grid.addWidget(self.text, 1, 0)
        grid.addWidget(self.editor, 1, 1)
        grid.addWidget(self.status, 2, 0, 1, 2)
        grid.addLayout(terms, 3, 0, 1, 2)  # the whole width: a term pair can be long
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.editor.textChanged.connect(self.commit)
        self.show_status()

    def state(self) -> str:
        return freetext.translation_status(self.page.vm.case, self.path, self.lang, self.source)

    def show_status(self) -> None:
        state = self.state()
        self.status.setText(_(STATUS_TEXT[state]))
        self.status.setProperty("state", state)
        self.status.setStyleSheet("" if state == freetext.CURRENT else "color: #a33;")

    def insert(self, term: str) -> None:
        """Put a glossary term at the cursor of the translation."""
        self.editor.insertPlainText(term)
        self.editor.setFocus()

    def commit(self) -> None:
        """Record what the editor holds as the translation (made from the text shown)."""
        vm = self.page.vm
        self.page.committing = True
        try:
            if freetext.set_translation(vm.case, self.path, self.lang,
                                        self.editor.toPlainText()):
                vm.touch("$.translations")
        finally:
            self.page.committing = False
        self.show_status()
        self.page.show_progress()


class TranslationPage(QWidget, StepPage):
    """The translation step of the wizard (see the module's docstring)."""

    def __init__(self, vm: CaseViewModel, step: Step, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm, self.step = vm, step
        self.committing = False
        self.segments: list[Segment] = []
        self._shown: tuple[object, ...] = ()
        title = QLabel(_(step.title))
        title.setObjectName("pageTitle")
        intro = QLabel(_(INTRO))
        intro.setObjectName("pageIntro")
        intro.setWordWrap(True)
        self.drafting = DraftingLanguageBox(vm)
        self.language = QComboBox()
        self.language.setObjectName("translationLanguage")
        self.language.setAccessibleName(_("Translate into"))
        self.language_label = QLabel(_("Translate into:"))
        self.language_label.setBuddy(self.language)
        self.language.activated.connect(lambda _i: self.load(force=True))
        self.progress = QLabel()
        self.progress.setObjectName("translationProgress")
        self.progress.setWordWrap(True)
        self.next_button = QPushButton(_("Next to translate"))
        self.next_button.setObjectName("nextUntranslated")
        self.next_button.clicked.connect(self.next_untranslated)
        self.drafting.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.language.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        # the two languages one above the other: side by side, translated labels do not fit
        # a small screen
        row = QVBoxLayout()
        first = QHBoxLayout()
        first.addWidget(self.drafting)
        first.addStretch(1)
        second = QHBoxLayout()
        second.addWidget(self.language_label)
        second.addWidget(self.language)
        second.addStretch(1)
        row.addLayout(first)
        row.addLayout(second)
        progress = QHBoxLayout()  # a row of its own: translated labels are long
        progress.addWidget(self.progress, 1)
        progress.addWidget(self.next_button)
        self.list = QWidget()
        self.list.setObjectName("segments")
        self.rows = QVBoxLayout(self.list)
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(self.list)
        self.empty = QLabel(_("This request has no text to translate yet."))
        self.empty.setObjectName("fieldHelp")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 12, 16, 12)
        for w in (title, intro):
            lay.addWidget(w)
        lay.addLayout(row)
        lay.addLayout(progress)
        lay.addWidget(self.empty)
        lay.addWidget(self.scroll, 1)
        for keys, slot in (("Ctrl+Down", self.next_segment), ("Ctrl+Up", self.previous_segment),
                           ("F8", self.next_untranslated)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        assign_mnemonics(self, [(w, w.text(), src) for w, src in (
            (self.drafting.label, "Drafting language:"),
            (self.language_label, "Translate into:"),
            (self.next_button, "Next to translate"))], forms.WINDOW_LETTERS)
        vm.changed.connect(self._changed)  # bound methods: dropped with the page
        vm.caseReplaced.connect(self._replaced)

    # -- building -----------------------------------------------------------------------------
    def current_language(self) -> str:
        return str(self.language.currentData() or "")

    def _languages(self) -> None:
        current = self.current_language()
        self.language.clear()
        for code in target_languages(self.vm):
            self.language.addItem(language_label(code), code)
        index = self.language.findData(current)
        self.language.setCurrentIndex(index if index >= 0 else 0)

    def load(self, force: bool = False) -> None:
        """Build a segment per text (again when the texts, the drafting language or the target
        language changed since it was built)."""
        self._languages()
        lang = self.current_language()
        texts = freetext.translatable_texts(self.vm.case)
        key = (lang, self.vm.case.drafting_language, tuple(texts))
        if key != self._shown or force:
            self._shown = key
            for seg in self.segments:
                seg.setParent(None)
                seg.deleteLater()
            self.segments = [Segment(self, path, text, lang) for path, text in texts]
            while self.rows.count():
                self.rows.takeAt(0)
            for seg in self.segments:
                self.rows.addWidget(seg)
            self.rows.addStretch(1)
        else:
            for seg in self.segments:
                seg.show_status()
        self.empty.setVisible(not self.segments)
        self.show_progress()

    def show_progress(self) -> None:
        states = [seg.state() for seg in self.segments]
        self.progress.setText(_(
            "%(done)d of %(total)d translated, %(outdated)d outdated",
            done=states.count(freetext.CURRENT), total=len(states),
            outdated=states.count(freetext.OUTDATED)))

    def _replaced(self) -> None:
        self.load(force=True)

    def _changed(self, path: str) -> None:
        if self.committing:
            return
        if path == "$.drafting_language":
            self.load(force=True)
        elif self.isVisible():
            self.load()

    # -- moving between segments --------------------------------------------------------------
    def _focused(self) -> int:
        for i, seg in enumerate(self.segments):
            if seg.editor.hasFocus():
                return i
        return -1

    def focus_segment(self, index: int) -> bool:
        if not 0 <= index < len(self.segments):
            return False
        seg = self.segments[index]
        seg.editor.setFocus(Qt.FocusReason.ShortcutFocusReason)
        seg.editor.moveCursor(QTextCursor.MoveOperation.End)
        self.scroll.ensureWidgetVisible(seg)
        return True

    def next_segment(self) -> None:
        self.focus_segment(self._focused() + 1)

    def previous_segment(self) -> None:
        self.focus_segment(max(self._focused() - 1, 0))

    def next_untranslated(self) -> None:
        """The next segment (after the focused one, wrapping) still missing or outdated."""
        start = self._focused() + 1
        count = len(self.segments)
        for k in range(count):
            i = (start + k) % count
            if self.segments[i].state() != freetext.CURRENT:
                self.focus_segment(i)
                return

    def focus_path(self, path: str) -> bool:
        """Show and focus a text's translation (`freetext.translation_path`: its language is
        chosen first) or a text by its own path."""
        found = freetext.parse_translation_path(path)
        if found is not None:
            path, lang = found
            index = self.language.findData(lang)
            if index >= 0 and index != self.language.currentIndex():
                self.language.setCurrentIndex(index)
                self.load(force=True)
        for i, seg in enumerate(self.segments):
            if seg.path == path:
                return self.focus_segment(i)
        return False
