"""`mla-writer translate show|set|language`: the free text of a request beside its translations
(what the desktop application's translation step shows), and the drafting language.

XLIFF (`mla-writer xliff`) stays the way to a professional translator's tools; these commands
are for translating in place, one segment at a time, and for scripts.
"""

# lazy imports (start-up cost): domain, glossary, i18n, storage, xliff

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .common import (
    EXAMPLE_PREFIX,
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_UNREADABLE,
    load_case_or_exit,
    resolve_case_path,
)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "translate", help="the request's free text beside its translations; drafting language",
        description="Show the free text of CASE beside its translation into a language, record"
        " translations, or show and change the language the request is drafted in.")
    actions = p.add_subparsers(dest="translate_action", metavar="ACTION", required=True)
    show = actions.add_parser(
        "show", help="each text field, its translation and whether it is missing or outdated")
    show.add_argument("case", metavar="CASE", help="case file, or example:NAME")
    show.add_argument("--lang", required=True, metavar="CODE", help="target language")
    show.add_argument("--json", action="store_true", help="machine-readable output")
    show.set_defaults(func=_show)
    put = actions.add_parser(
        "set", help="record translations (made from the text the fields hold now)",
        description="Record the translation TEXT of the field at PATH (--path, --text), or"
        " with --file every translation of a JSON object {path: text}. A blank text removes a"
        " translation.")
    put.add_argument("case", metavar="CASE", help="case file to update")
    put.add_argument("--lang", required=True, metavar="CODE", help="target language")
    put.add_argument("--path", metavar="PATH", help="JSON path, e.g. $.request.subject")
    put.add_argument("--text", metavar="TEXT", help="the translation")
    put.add_argument("--file", type=Path, metavar="JSON", help="a JSON object path -> text")
    put.set_defaults(func=_set)
    lang = actions.add_parser(
        "language", help="show or change the drafting language",
        description="Without CODE, print the drafting language. With CODE, make it the drafting"
        " language: each field takes its CODE translation as its text and its text becomes"
        " the translation into the previous drafting language. Refused when a field has no"
        " CODE translation, unless --keep-text (such fields keep their text as CODE text).")
    lang.add_argument("case", metavar="CASE", help="case file")
    lang.add_argument("code", nargs="?", metavar="CODE", help="en, km, zh, lo, my, th or vi")
    lang.add_argument("--keep-text", action="store_true",
                      help="fields without a CODE translation keep their text as it is")
    lang.set_defaults(func=_language)


def _target(command: str, code: str, case: object) -> str | None:
    from ..i18n import LANGUAGES, normalize_language

    lang = normalize_language(code)
    source = getattr(case, "drafting_language", "en")
    if lang is None or lang == source:
        targets = ", ".join(c for c in LANGUAGES if c != source)
        print(f"mla-writer translate {command}: {code!r} is not a target language for a request"
              f" drafted in {source!r} (expected {targets})", file=sys.stderr)
        return None
    return lang


def _writable(command: str, arg: str) -> Path | None:
    if str(arg).startswith(EXAMPLE_PREFIX):
        print(f"mla-writer translate {command}: the bundled example {arg} is read-only; copy it"
              " to a case file of your own first", file=sys.stderr)
        return None
    return resolve_case_path(arg)


def _show(args: argparse.Namespace) -> int:
    from ..domain.freetext import translation_status
    from ..glossary import suggestions
    from ..xliff import segments

    case = load_case_or_exit(args.case)
    if case is None:
        return EXIT_UNREADABLE
    lang = _target("show", args.lang, case)
    if lang is None:
        return EXIT_UNREADABLE
    source = case.drafting_language
    rows = []
    for seg in segments(case):
        rows.append({
            "path": seg.path, "field": seg.title, "source": seg.source,
            "status": translation_status(case, seg.path, lang, seg.source),
            "translation": case.translations.get(seg.path, {}).get(lang, ""),
            "glossary": [{source: a, lang: b} for a, b in suggestions(seg.source, source, lang)]})
    if args.json:
        print(json.dumps({"drafting_language": source, "language": lang, "segments": rows},
                         ensure_ascii=False, indent=2))
    else:
        for row in rows:
            print(f"{row['path']}  [{row['status']}]  {row['field']}")
            print(f"  {source}: {row['source']}")
            if row["translation"]:
                print(f"  {lang}: {row['translation']}")
            terms: list[dict[str, str]] = row["glossary"]  # type: ignore[assignment]
            for term in terms:
                print(f"  glossary: {term[source]} = {term[lang]}")
        done = sum(1 for r in rows if r["status"] == "current")
        print(f"{done} of {len(rows)} segments translated into {lang} (drafted in {source})")
    return EXIT_OK if all(r["status"] == "current" for r in rows) else EXIT_PROBLEMS


def _set(args: argparse.Namespace) -> int:
    from ..domain.freetext import set_translation
    from ..storage import CaseFileError, save

    path = _writable("set", args.case)
    if path is None:
        return EXIT_UNREADABLE
    case = load_case_or_exit(path)
    if case is None:
        return EXIT_UNREADABLE
    lang = _target("set", args.lang, case)
    if lang is None:
        return EXIT_UNREADABLE
    if args.file is not None:
        try:
            pairs = json.loads(args.file.read_text("utf-8"))
        except (OSError, ValueError) as exc:
            print(f"mla-writer translate set: cannot read {args.file}: {exc}", file=sys.stderr)
            return EXIT_UNREADABLE
        if not isinstance(pairs, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in pairs.items()):
            print(f"mla-writer translate set: {args.file}: expected a JSON object of JSON path"
                  " -> translated text", file=sys.stderr)
            return EXIT_UNREADABLE
    elif args.path and args.text is not None:
        pairs = {args.path: args.text}
    else:
        print("mla-writer translate set: give --path and --text, or --file", file=sys.stderr)
        return EXIT_UNREADABLE
    trial = case.model_copy(deep=True)
    changed = 0
    for where, text in pairs.items():
        try:
            changed += set_translation(trial, where, lang, text)
        except ValueError as exc:
            print(f"mla-writer translate set: {exc}; nothing recorded", file=sys.stderr)
            return EXIT_UNREADABLE
    if changed:
        try:
            save(trial, path)
        except CaseFileError as exc:
            print(f"mla-writer translate set: {exc}", file=sys.stderr)
            return EXIT_UNREADABLE
    print(f"{changed} translation(s) into {lang} recorded in {path}")
    return EXIT_OK


def _language(args: argparse.Namespace) -> int:
    from ..domain.freetext import DraftingLanguageError, change_drafting_language
    from ..i18n import LANGUAGES, normalize_language
    from ..storage import CaseFileError, save

    if args.code is None:
        case = load_case_or_exit(args.case)
        if case is None:
            return EXIT_UNREADABLE
        print(case.drafting_language)
        return EXIT_OK
    path = _writable("language", args.case)
    if path is None:
        return EXIT_UNREADABLE
    case = load_case_or_exit(path)
    if case is None:
        return EXIT_UNREADABLE
    code = normalize_language(args.code)
    if code is None:
        print(f"mla-writer translate language: {args.code!r} is not a drafting language"
              f" (expected one of {', '.join(LANGUAGES)}); nothing changed", file=sys.stderr)
        return EXIT_UNREADABLE
    try:
        swapped = change_drafting_language(case, code, keep_text=args.keep_text)
    except DraftingLanguageError as exc:
        print(f"mla-writer translate language: {exc}; nothing changed (translate them first,"
              " or --keep-text if the text is already in that language)", file=sys.stderr)
        return EXIT_PROBLEMS
    try:
        save(case, path)
    except CaseFileError as exc:
        print(f"mla-writer translate language: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    print(f"{path}: drafted in {case.drafting_language}; {len(swapped)} field(s) now hold"
          " their translation")
    return EXIT_OK
