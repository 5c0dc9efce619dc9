"""`mla-writer training`: workshop exercises, marking, the trainer's report, the answer-key lint.

  training list                          the exercises (bundled and $MLA_WRITER_EXERCISES)
  training show ID                       the trainee brief and the criteria
  training start ID OUT.json             a trainee's starting case file
  training check ID CASE                 one case file marked, per criterion
  training score FOLDER --exercise ID    every case file of a folder: table, CSV and PDF
  training lint [FOLDER ...]             answer keys checked against the model and profiles
"""

# lazy imports (start-up cost): i18n, storage, training

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from .common import EXIT_OK, EXIT_PROBLEMS, EXIT_UNREADABLE, add_now_option, clock_or_exit


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "training", help="workshop exercises: briefs, marking, the trainer's report",
        description="Exercises for MLA and extradition workshops: a trainee brief, a starting"
        " case file and an answer key each (format: exercises/README.md).")
    tsub = p.add_subparsers(dest="training_command", metavar="ACTION", required=True)

    ls = tsub.add_parser("list", help="list the exercises")
    ls.add_argument("--lang", metavar="CODE", default="en", help="titles in this language")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=_list)

    show = tsub.add_parser("show", help="the trainee brief and the criteria of an exercise")
    show.add_argument("exercise", metavar="ID", help="exercise id or folder")
    show.add_argument("--lang", metavar="CODE", default="en")
    show.add_argument("--no-hints", action="store_true", help="leave the hints out")
    show.set_defaults(func=_show)

    start = tsub.add_parser("start", help="write a trainee's starting case file")
    start.add_argument("exercise", metavar="ID")
    start.add_argument("out", metavar="OUT.json")
    start.add_argument("--force", action="store_true", help="replace an existing file")
    start.set_defaults(func=_start)

    check = tsub.add_parser("check", help="mark one case file against an exercise")
    check.add_argument("exercise", metavar="ID")
    check.add_argument("case", metavar="CASE")
    check.add_argument("--lang", metavar="CODE", default="en")
    check.add_argument("--no-hints", action="store_true", help="leave the hints out")
    check.add_argument("--json", action="store_true")
    check.set_defaults(func=_check)

    score = tsub.add_parser(
        "score", help="mark a folder of trainees' case files: table, CSV and PDF report",
        description="Mark every *.json case file in FOLDER against the exercise; print the"
        " score table and write it as CSV and as a PDF report with a chart of the most"
        " missed items and a per-criterion summary.")
    score.add_argument("folder", metavar="FOLDER")
    score.add_argument("--exercise", required=True, metavar="ID")
    score.add_argument("--csv", metavar="PATH",
                       help="default: FOLDER/training-scores.csv")
    score.add_argument("--pdf", metavar="PATH",
                       help="default: FOLDER/training-report.pdf")
    score.add_argument("--lang", metavar="CODE", default="en", help="language of the report")
    add_now_option(score)
    score.set_defaults(func=_score)

    lint = tsub.add_parser(
        "lint", help="check answer keys against the request model and the legal profiles",
        description="Exit 0 when every exercise is sound, 1 when one has errors.")
    lint.add_argument("folders", nargs="*", metavar="FOLDER",
                      help="exercise folders (default: every exercise found)")
    lint.set_defaults(func=_lint)


def _lang(code: str) -> str | None:
    from ..i18n import LANGUAGES, normalize_language

    lang = normalize_language(code)
    if lang is None:
        print(f"mla-writer training: unknown language {code!r} (expected one of"
              f" {', '.join(LANGUAGES)})", file=sys.stderr)
    return lang


def _exercise(ref: str) -> Any:
    from ..training import ExerciseError, find_exercise

    try:
        return find_exercise(ref)
    except ExerciseError as exc:
        print(f"mla-writer training: {exc}", file=sys.stderr)
        return None


def _list(args: argparse.Namespace) -> int:
    from ..training import list_exercises

    lang = _lang(args.lang)
    if lang is None:
        return EXIT_UNREADABLE
    found = list_exercises()
    if args.json:
        print(json.dumps([{"id": e.id, "kind": e.kind.value, "requesting_state":
                           e.requesting_state, "requested_state": e.requested_state,
                           "title": e.title_in(lang), "folder": str(e.folder)}
                          for e in found], indent=2, ensure_ascii=False))
        return EXIT_OK
    for e in found:
        print(f"{e.id:28} {e.kind.value:19} {e.requesting_state} → {e.requested_state}"
              f"  {e.title_in(lang)}")
    return EXIT_OK


def _show(args: argparse.Namespace) -> int:
    from ..training.exercise import localized

    lang, ex = _lang(args.lang), _exercise(args.exercise)
    if lang is None or ex is None:
        return EXIT_UNREADABLE
    print(ex.title_in(lang))
    print()
    print(ex.brief_in(lang))
    print()
    for n, c in enumerate(ex.criteria, 1):
        print(f"C{n}  {localized(c.label, lang)}")
        if ex.hints and not args.no_hints and c.hint:
            print(f"      {localized(c.hint, lang)}")
    return EXIT_OK


def _start(args: argparse.Namespace) -> int:
    from .. import storage
    from ..training import ExerciseError
    from ..training.exercise import starting_case

    ex = _exercise(args.exercise)
    if ex is None:
        return EXIT_UNREADABLE
    out = Path(args.out)
    if out.exists() and not args.force:
        print(f"mla-writer training: {out} exists (use --force to replace it)", file=sys.stderr)
        return EXIT_PROBLEMS
    try:
        storage.save_copy(starting_case(ex), out)
    except (ExerciseError, storage.CaseFileError, OSError) as exc:
        print(f"mla-writer training: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    print(f"wrote {out} (training case for exercise {ex.id})")
    return EXIT_OK


def result_lines(score: Any, lang: str, hints: bool) -> list[str]:
    """The per-criterion lines of a marked case, as `check` prints them."""
    from ..i18n import N_, render_text

    lines = []
    for n, r in enumerate(score.results, 1):
        mark = "PASS" if r.passed else "MISS"
        lines.append(f"{mark}  C{n}  {r.label_in(lang)}")
        if r.passed:
            continue
        lines.append(f"        {r.reason_in(lang)}")
        if r.source.citation:
            lines.append("        " + render_text(N_("Legal source: %(citation)s",
                                                     citation=r.source.citation), lang))
        if hints and r.hint_in(lang):
            lines.append("        " + render_text(N_("Hint: %(hint)s", hint=r.hint_in(lang)),
                                                  lang))
    return lines


def _check(args: argparse.Namespace) -> int:
    from .. import storage
    from ..training import score_case

    lang, ex = _lang(args.lang), _exercise(args.exercise)
    if lang is None or ex is None:
        return EXIT_UNREADABLE
    try:
        case = storage.load(args.case)
    except storage.CaseFileError as exc:
        print(f"mla-writer training: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    score = score_case(ex, case, trainee=Path(args.case).name)
    hints = ex.hints and not args.no_hints
    if args.json:
        print(json.dumps({"exercise": ex.id, "score_percent": score.percent, "criteria": [
            {"id": r.criterion.id, "label": r.label_in(lang), "passed": r.passed,
             "reason": r.reason_in(lang), "citation": r.source.citation,
             "source": r.source.source, "status": r.source.status,
             **({"hint": r.hint_in(lang)} if hints and not r.passed else {})}
            for r in score.results]}, indent=2, ensure_ascii=False))
    else:
        print("\n".join(result_lines(score, lang, hints)))
        print(f"\n{score.percent:g}%  ({ex.id})")
    return EXIT_OK if not score.missed else EXIT_PROBLEMS


def _score(args: argparse.Namespace) -> int:
    from ..storage import atomic_write_bytes
    from ..training import ExerciseError, score_folder
    from ..training.exercise import localized
    from ..training.report import criterion_numbers, report_pdf, scores_csv
    from ..training.score import missed_counts

    lang, ex = _lang(args.lang), _exercise(args.exercise)
    clock = clock_or_exit("training score", args)
    if lang is None or ex is None or clock is None:
        return EXIT_UNREADABLE
    folder = Path(args.folder)
    try:
        scores = score_folder(folder, ex)
    except ExerciseError as exc:
        print(f"mla-writer training: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    if not scores:
        print(f"mla-writer training: no case files (*.json) in {folder}", file=sys.stderr)
        return EXIT_UNREADABLE
    numbers = criterion_numbers(ex)
    for s in scores:
        missed = " ".join(numbers[r.criterion.id] for r in s.missed) or "-"
        print(f"{s.percent:6g}%  {s.trainee}  missed: {missed}"
              + (f"  ({s.problem})" if s.problem else ""))
    marked = [s for s in scores if not s.problem]
    print()
    for c, count in missed_counts(scores):  # the per-criterion summary, most missed first
        print(f"{numbers[c.id]:>4}  missed by {count}/{len(marked)}  {localized(c.label, lang)}")
    csv_path = Path(args.csv) if args.csv else folder / "training-scores.csv"
    pdf_path = Path(args.pdf) if args.pdf else folder / "training-report.pdf"
    atomic_write_bytes(csv_path, scores_csv(scores))
    atomic_write_bytes(pdf_path, report_pdf(scores, ex, lang=lang, clock=clock))
    print(f"wrote {csv_path} and {pdf_path}")
    return EXIT_OK


def _lint(args: argparse.Namespace) -> int:
    from ..training.exercise import EXERCISE_FILE, exercise_dirs
    from ..training.lint import lint_exercise

    if args.folders:
        folders = [Path(f) for f in args.folders]
    else:
        folders = sorted({p.parent for root in exercise_dirs() if root.is_dir()
                          for p in root.glob(f"*/{EXERCISE_FILE}")})
    if not folders:
        print("mla-writer training lint: no exercises found", file=sys.stderr)
        return EXIT_UNREADABLE
    errors = 0
    for folder in folders:
        problems = lint_exercise(folder)
        errors += sum(1 for p in problems if p.severity == "error")
        for p in problems:
            print(p)
    count = len(folders)
    print(f"{count} exercise(s) checked, {errors} error(s)")
    return EXIT_PROBLEMS if errors else EXIT_OK
