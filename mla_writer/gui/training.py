"""Training mode in the desktop application: open an exercise, draft, "Check my answer"; and the
trainer's mode (mark a folder of trainees' case files, write the score table and the report).

Everything here calls `mla_writer.training` (the same functions as `mla-writer training`); this
module only shows the results. The Training menu that opens them is gui/training_menu.py.
"""

# lazy imports (start-up cost): profiles, storage, training

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .. import i18n
from ..i18n import _

if TYPE_CHECKING:  # the exercises and their marking load when the Training menu is used
    from ..training import Exercise

#: the trainer's setting: hints shown to trainees (QSettings key)
HINTS_KEY = "training/hints"


def hints_on(settings: Any, exercise: Exercise | None) -> bool:
    """Hints are shown when the exercise offers them and the trainer has not turned them off."""
    value = settings.value(HINTS_KEY, True)
    on = value if isinstance(value, bool) else str(value).lower() not in ("false", "0")
    return on and (exercise is None or exercise.hints)


# --- exercise mode -------------------------------------------------------------------------

class ExerciseDialog(QDialog):
    """The list of exercises with the brief of the one selected; Open starts it."""

    def __init__(self, exercises: list[Exercise], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exerciseDialog")
        self.setWindowTitle(_("Open an exercise"))
        self.resize(760, 480)
        lang = i18n.ui_language()
        self.exercises = exercises
        self.list = QListWidget()
        self.list.setObjectName("exerciseList")
        self.list.setAccessibleName(_("Exercises"))
        for ex in exercises:
            item = QListWidgetItem(ex.title_in(lang))
            item.setData(Qt.ItemDataRole.UserRole, ex.id)
            item.setToolTip(f"{ex.id}: {ex.requesting_state} → {ex.requested_state}")
            self.list.addItem(item)
        self.brief = QPlainTextEdit()
        self.brief.setObjectName("exerciseBrief")
        self.brief.setReadOnly(True)
        self.brief.setAccessibleName(_("Trainee brief"))
        self.list.currentRowChanged.connect(
            lambda row: self.brief.setPlainText(exercises[row].brief_in(lang) if row >= 0
                                                else ""))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.list.itemActivated.connect(lambda _i: self.accept())
        row = QHBoxLayout()
        row.addWidget(self.list, 2)
        row.addWidget(self.brief, 3)
        lay = QVBoxLayout(self)
        lay.addLayout(row)
        lay.addWidget(buttons)
        if exercises:
            self.list.setCurrentRow(0)

    def chosen(self) -> Exercise | None:
        row = self.list.currentRow()
        return self.exercises[row] if 0 <= row < len(self.exercises) else None


def open_exercise_dialog(window: Any) -> None:
    from ..training import list_exercises

    dialog = ExerciseDialog(list_exercises(), window)
    window.exercise_dialog = dialog
    dialog.accepted.connect(lambda: _chosen(window, dialog.chosen()))
    dialog.open()


def _chosen(window: Any, exercise: Exercise | None) -> None:
    if exercise is not None:
        start_exercise(window, exercise)


def start_exercise(window: Any, exercise: Exercise) -> bool:
    """Load the exercise's starting case file (a training case, not yet saved) and show the
    exercise panel with its brief."""
    from ..training import ExerciseError
    from ..training.exercise import starting_case

    if not window.confirm_discard():
        return False
    try:
        case = starting_case(exercise)
    except ExerciseError as exc:
        window.show_error(_("The exercise cannot be opened"), exc)
        return False
    window.vm.replace(case, None)
    window._saved_revision = window.vm.revision
    window._example = window._from_example = True  # fictional: not the user's authority
    window.training_exercise = exercise
    if getattr(window, "training_check_action", None) is not None:
        window.training_check_action.setEnabled(True)
    panel(window).show_exercise(exercise)
    window.show_wizard()
    return True


class ExercisePanel(QWidget):
    """The brief, the "Check my answer" button and the marks of the last check."""

    def __init__(self, window: Any) -> None:
        super().__init__()
        self.window_ = window
        self.setObjectName("exercisePanel")
        self.title = QLabel()
        self.title.setObjectName("exerciseTitle")
        self.title.setWordWrap(True)
        self.brief = QPlainTextEdit()
        self.brief.setObjectName("exerciseBriefPanel")
        self.brief.setReadOnly(True)
        self.check_button = QPushButton()
        self.check_button.setObjectName("checkAnswer")
        self.check_button.clicked.connect(lambda: check_answer(window))
        self.score = QLabel()
        self.score.setObjectName("exerciseScore")
        self.results = QTreeWidget()
        self.results.setObjectName("exerciseResults")
        # the criterion takes the width the dock has; the result (Met / Missed) stays in view
        header = self.results.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.results.itemActivated.connect(self._go_to)
        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addWidget(self.brief, 1)
        lay.addWidget(self.check_button)
        lay.addWidget(self.score)
        lay.addWidget(self.results, 2)
        self.retranslate()

    def retranslate(self) -> None:
        """The panel's own texts in the interface language."""
        self.brief.setAccessibleName(_("Trainee brief"))
        self.check_button.setText(_("Check my &answer"))
        self.results.setAccessibleName(_("Results per criterion"))
        self.results.setHeaderLabels([_("Criterion"), _("Result")])

    def show_exercise(self, exercise: Exercise) -> None:
        lang = i18n.ui_language()
        self.title.setText(exercise.title_in(lang))
        self.brief.setPlainText(exercise.brief_in(lang))
        self.score.clear()
        self.results.clear()

    def show_score(self, score: Any, hints: bool) -> None:
        lang = i18n.ui_language()
        self.score.setText(_("Score: %(percent)s %% (%(passed)s of %(total)s criteria)",
                             percent=i18n.format_number(score.percent, lang),
                             passed=sum(1 for r in score.results if r.passed),
                             total=len(score.results)))
        self.results.clear()
        for r in score.results:
            item = QTreeWidgetItem([r.label_in(lang), _("Met") if r.passed else _("Missed")])
            item.setToolTip(0, r.label_in(lang))  # the whole text where the column cuts it
            item.setData(0, Qt.ItemDataRole.UserRole, r.criterion.id)
            item.setData(1, Qt.ItemDataRole.UserRole, field_of(r.criterion, self.window_.vm.case))
            if not r.passed:
                lines = [r.reason_in(lang)]
                if r.source.citation:
                    lines.append(_("Legal source: %(citation)s", citation=r.source.citation))
                if hints and r.hint_in(lang):
                    lines.append(_("Hint: %(hint)s", hint=r.hint_in(lang)))
                for line in lines:
                    child = QTreeWidgetItem([line])
                    child.setToolTip(0, line)
                    item.addChild(child)
            self.results.addTopLevelItem(item)
            # spanning and expanding take effect only on an item already in the tree
            for i in range(item.childCount()):
                item.child(i).setFirstColumnSpanned(True)
            item.setExpanded(not r.passed)


    def _go_to(self, item: QTreeWidgetItem) -> None:
        """Enter on a criterion (or its explanation): go to the field it is about."""
        top = item.parent() or item
        path = top.data(1, Qt.ItemDataRole.UserRole)
        if path:
            self.window_.go_to_path(path)


def field_of(criterion: Any, case: Any) -> str:
    """The field a criterion is about, as a concrete JSON path of `case` ('' when none)."""
    from ..profiles.fieldpaths import expand

    pattern = {"legal_basis": "$.request.legal_basis.kind",
               "channel": "$.request.requested_state",
               "language": "$.request.annexes"}.get(criterion.type, criterion.path)
    if not pattern:
        return ""
    found = [p for p, _v in expand(case, pattern)]
    return found[0] if found else pattern.split("[*]")[0]


def panel(window: Any) -> ExercisePanel:
    """The exercise panel of the window (a dock on the left), made on first use."""
    dock = getattr(window, "training_dock", None)
    if dock is None:
        dock = QDockWidget(_("Exercise"), window)
        dock.setObjectName("exerciseDock")
        dock.setWidget(ExercisePanel(window))
        window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
        window.training_dock = dock
    dock.show()
    return dock.widget()


def check_answer(window: Any) -> Any:
    """Mark the case on screen against the open exercise and show the marks; returns the
    score (None when no exercise is open)."""
    exercise = getattr(window, "training_exercise", None)
    if exercise is None:
        return None
    from ..training import score_case

    score = score_case(exercise, window.vm.case)
    panel(window).show_score(score, hints_on(window.settings, exercise))
    return score


# --- trainer mode --------------------------------------------------------------------------

class TrainerDialog(QDialog):
    """Mark a folder of trainees' case files: the table, the CSV and the PDF report."""

    def __init__(self, settings: Any, exercises: list[Exercise],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trainerDialog")
        self.setWindowTitle(_("Trainer mode"))
        self.resize(820, 520)
        self.settings, self.exercises = settings, exercises
        self.scores: list[Any] = []
        self.written: tuple[Path, Path] | None = None
        lang = i18n.ui_language()
        self.exercise = QComboBox()
        self.exercise.setObjectName("trainerExercise")
        for ex in exercises:
            self.exercise.addItem(ex.title_in(lang), ex.id)
        exercise_label = QLabel(_("&Exercise:"))
        exercise_label.setBuddy(self.exercise)
        self.folder = QLineEdit()
        self.folder.setObjectName("trainerFolder")
        folder_label = QLabel(_("&Folder of case files:"))
        folder_label.setBuddy(self.folder)
        browse = QPushButton(_("&Browse…"))
        browse.clicked.connect(self.browse)
        self.hints = QCheckBox(_("Show &hints to trainees"))
        self.hints.setObjectName("trainerHints")
        self.hints.setChecked(hints_on(settings, None))
        self.hints.toggled.connect(lambda on: settings.setValue(HINTS_KEY, bool(on)))
        self.mark_button = QPushButton(_("&Mark and write the report"))
        self.mark_button.setObjectName("trainerMark")
        self.mark_button.clicked.connect(self.mark)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("trainerTable")
        self.table.setHorizontalHeaderLabels([_("Trainee"), _("Score"), _("Missed")])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.status = QLabel()
        self.status.setObjectName("trainerStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        form = QVBoxLayout(self)
        for label, widget in ((exercise_label, self.exercise), (folder_label, self.folder)):
            row = QHBoxLayout()
            row.addWidget(label)
            row.addWidget(widget, 1)
            if widget is self.folder:
                row.addWidget(browse)
            form.addLayout(row)
        form.addWidget(self.hints)
        form.addWidget(self.mark_button)
        form.addWidget(self.table, 1)
        form.addWidget(self.status)
        form.addWidget(close)

    def browse(self) -> None:
        path = QFileDialog.getExistingDirectory(self, _("Folder of case files"),
                                                self.folder.text() or str(Path.home()))
        if path:
            self.folder.setText(path)

    def mark(self) -> bool:
        """Mark every case file of the folder; write training-scores.csv and
        training-report.pdf into it. A problem is shown in the dialog, nothing is lost."""
        from ..storage import atomic_write_bytes
        from ..training import ExerciseError, score_folder
        from ..training.report import criterion_numbers, report_pdf, scores_csv

        row = self.exercise.currentIndex()
        if row < 0:
            return False
        exercise = self.exercises[row]
        folder = Path(self.folder.text().strip())
        try:
            self.scores = score_folder(folder, exercise)
        except ExerciseError as exc:
            self.status.setText(str(exc))
            return False
        if not self.scores:
            self.status.setText(_("No case files (*.json) in %(folder)s.", folder=folder))
            return False
        lang = i18n.ui_language()
        numbers = criterion_numbers(exercise)
        self.table.setRowCount(len(self.scores))
        for i, s in enumerate(self.scores):
            missed = ", ".join(numbers[r.criterion.id] for r in s.missed)
            cells = (s.trainee, f"{i18n.format_number(s.percent, lang)} %",
                     _("The case file cannot be read.") if s.problem else missed or "—")
            for col, text in enumerate(cells):
                self.table.setItem(i, col, QTableWidgetItem(text))
        csv_path, pdf_path = folder / "training-scores.csv", folder / "training-report.pdf"
        try:
            atomic_write_bytes(csv_path, scores_csv(self.scores))
            atomic_write_bytes(pdf_path, report_pdf(self.scores, exercise, lang=lang))
        except OSError as exc:
            self.status.setText(_("The report was not written: %(problem)s", problem=exc))
            return False
        self.written = (csv_path, pdf_path)
        self.status.setText(_("Wrote %(csv)s and %(pdf)s.", csv=csv_path, pdf=pdf_path))
        return True


def open_trainer_dialog(window: Any) -> None:
    from ..training import list_exercises

    dialog = TrainerDialog(window.settings, list_exercises(), window)
    window.trainer_dialog = dialog
    dialog.open()
