"""`mla-writer i18n check|extract|update|compile` and `mla-writer xliff export|import`.

`check` is what CI runs: it fails when a shipped catalog is incomplete, fuzzy or has a message
whose placeholders differ from the source. extract/update/compile are maintainer tools over the
source checkout (Babel's API; the same configuration as `pybabel -F translations/babel-*.cfg`).
"""

# lazy imports (start-up cost): babel, i18n, importlib, shutil, tomllib, xml, subprocess, tempfile
# lazy imports (start-up cost): xliff, storage, cli, domain
from __future__ import annotations

import argparse
import io
import json
import sys
import typing
from pathlib import Path
from typing import Any

from .common import EXIT_OK, EXIT_PROBLEMS, EXIT_UNREADABLE
from .i18n_extract import (  # noqa: F401  (model_field_titles: imported from here by tests)
    CONFIGS,
    FIXED_DATE,
    PROJECT,
    checkout_root,
    extract,
    model_field_descriptions,
    model_field_titles,
)

TRANSLATOR = "mla-writer developers (draft; {needs})"
HEADER_COMMENT = ("# {locale} translations of mla-writer, domain {domain}.\n"
                  "# Draft written without a qualified legal translator: it needs review by a\n"
                  "# legal translator. Replace the Last-Translator header once reviewed.\n#")


def _write_po(path: Path, catalog: Any) -> None:
    from babel.messages.pofile import write_po

    buf = io.BytesIO()
    write_po(buf, catalog, width=100, include_lineno=False, sort_output=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file() or path.read_bytes() != buf.getvalue():
        path.write_bytes(buf.getvalue())


def _translations_dir() -> Path:
    return checkout_root() / "translations"


def write_templates(domains: typing.Iterable[str]) -> list[Path]:
    """Extract and write translations/<domain>.pot."""
    out = []
    for domain in domains:
        path = _translations_dir() / f"{domain}.pot"
        _write_po(path, extract(domain))
        out.append(path)
    return out


def update_catalogs(domains: typing.Iterable[str]) -> list[Path]:
    """Merge each template into every locale's .po (new locales are created)."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po

    from .. import i18n

    out = []
    for domain in domains:
        with (_translations_dir() / f"{domain}.pot").open("rb") as fh:
            template = read_po(fh)
        for lang in i18n.LANGUAGES:
            if lang == i18n.SOURCE_LANGUAGE:
                continue
            locale = i18n.CATALOG_LOCALES[lang]
            path = _translations_dir() / locale / "LC_MESSAGES" / f"{domain}.po"
            if path.is_file():
                with path.open("rb") as fh:
                    catalog = read_po(fh, locale=locale, domain=domain)
            else:
                catalog = Catalog(
                    locale=locale, domain=domain, project=PROJECT, version=template.version,
                    header_comment=HEADER_COMMENT.format(locale=locale, domain=domain),
                    copyright_holder="mla-writer developers", creation_date=FIXED_DATE,
                    revision_date=FIXED_DATE, charset="utf-8",
                    last_translator=TRANSLATOR.format(needs=i18n.NEEDS_REVIEW),
                    language_team=f"{lang} <none>", fuzzy=False)
            catalog.update(template, update_creation_date=False)
            catalog.creation_date = template.creation_date
            catalog.fuzzy = False
            _write_po(path, catalog)
            out.append(path)
    return out


def compile_catalogs(domains: typing.Iterable[str]) -> list[Path]:
    """Compile every .po of the checkout into the .mo beside it (fuzzy entries left out)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    out = []
    for domain in domains:
        for po in sorted(_translations_dir().glob(f"*/LC_MESSAGES/{domain}.po")):
            with po.open("rb") as fh:
                catalog = read_po(fh)
            buf = io.BytesIO()
            write_mo(buf, catalog)
            mo = po.with_suffix(".mo")
            if not mo.is_file() or mo.read_bytes() != buf.getvalue():
                mo.write_bytes(buf.getvalue())
            out.append(mo)
    return out


def template_drift(domain: str) -> tuple[list[str], list[str]] | None:
    """Messages the sources have but translations/<domain>.pot lacks, and the reverse; None
    outside a source checkout (an installed package has no sources to extract from; the
    profiles' texts are always compared, with the profiles in use)."""
    from babel.messages.pofile import read_po

    from .. import i18n

    try:
        fresh = {_key(m.id) for m in extract(domain) if m.id}
    except FileNotFoundError:
        return None
    pot = i18n.template_path(domain)
    committed: set[str] = set()
    if pot is not None:
        with pot.open("rb") as fh:
            committed = {_key(m.id) for m in read_po(fh) if m.id}
    return sorted(fresh - committed), sorted(committed - fresh)


def _key(message_id: Any) -> str:
    return message_id if isinstance(message_id, str) else message_id[0]


def _lrelease() -> str | None:
    """Qt's lrelease (PySide6 ships it), or None."""
    import importlib.util
    import shutil

    found = shutil.which("pyside6-lrelease") or shutil.which("lrelease")
    if found:
        return found
    spec = importlib.util.find_spec("PySide6")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        candidate = Path(folder) / "lrelease"
        if candidate.is_file():
            return str(candidate)
    return None


def qt_ts(lang: str) -> bytes:
    """A Qt Linguist .ts file of translations/qt/qtbase.toml for one language."""
    import tomllib
    import xml.etree.ElementTree as ET

    data = tomllib.loads((_translations_dir() / "qt" / "qtbase.toml").read_text("utf-8"))
    root = ET.Element("TS", {"version": "2.1", "language": lang})
    contexts: dict[str, ET.Element] = {}
    for message in data["message"]:
        if not message.get(lang):
            continue
        ctx = contexts.get(message["context"])
        if ctx is None:
            ctx = contexts[message["context"]] = ET.SubElement(root, "context")
            ET.SubElement(ctx, "name").text = message["context"]
        el = ET.SubElement(ctx, "message")
        ET.SubElement(el, "source").text = message["source"]
        ET.SubElement(el, "translation").text = message[lang]
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def compile_qt_catalogs() -> list[Path]:
    """translations/qt/qtbase_<code>.qm for the languages Qt ships no translation for."""
    import subprocess
    import tempfile

    from .. import i18n

    tool = _lrelease()
    if tool is None:
        print("mla-writer i18n compile: Qt's lrelease not found; Qt catalogs left as they are",
              file=sys.stderr)
        return []
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for lang in i18n.BUNDLED_QT_LANGUAGES:
            ts = Path(tmp) / f"qtbase_{lang}.ts"
            ts.write_bytes(qt_ts(lang))
            qm = _translations_dir() / "qt" / f"qtbase_{lang}.qm"
            subprocess.run([tool, "-silent", str(ts), "-qm", str(Path(tmp) / qm.name)],
                           check=True)
            data = (Path(tmp) / qm.name).read_bytes()
            if not qm.is_file() or qm.read_bytes() != data:
                qm.write_bytes(data)
            out.append(qm)
    return out


def _domains(args: argparse.Namespace) -> list[str]:
    return [args.domain] if getattr(args, "domain", None) else list(CONFIGS)


# -- command handlers ---------------------------------------------------------------------------

def _check(args: argparse.Namespace) -> int:
    from .. import i18n

    i18n.clear_cache()
    rows, failed = [], False
    for domain in _domains(args):
        for lang in i18n.LANGUAGES:
            if lang == i18n.SOURCE_LANGUAGE:
                continue
            st = i18n.catalog_stats(lang, domain)
            rows.append(st)
            failed = failed or not st.complete
    if args.json:
        print(json.dumps([{
            "lang": s.lang, "domain": s.domain, "total": s.total, "translated": s.translated,
            "fuzzy": s.fuzzy, "untranslated": s.untranslated, "missing": s.missing,
            "obsolete": s.obsolete, "placeholder_errors": s.placeholder_errors,
            "complete": s.complete, "exists": s.exists} for s in rows],
            ensure_ascii=False, indent=2))
    else:
        print(f"{'domain':19} {'lang':4} {'translated':>14} {'fuzzy':>5} {'untr.':>5}"
              f" {'missing':>7} {'obsolete':>8} {'placeh.':>7}")
        for s in rows:
            print(f"{s.domain:19} {s.lang:4} {s.translated:>5}/{s.total:<4} {s.share:>4.0%}"
                  f" {len(s.fuzzy):>5} {len(s.untranslated):>5} {len(s.missing):>7}"
                  f" {len(s.obsolete):>8} {len(s.placeholder_errors):>7}"
                  + ("" if s.exists else "  (no catalog)"))
        for s in rows:
            for label, items in (("placeholders differ", s.placeholder_errors),
                                 ("fuzzy", s.fuzzy), ("untranslated", s.untranslated),
                                 ("missing from catalog", s.missing)):
                for msg in items[: args.limit]:
                    print(f"  {s.domain}/{s.lang}: {label}: {msg!r}")
                if len(items) > args.limit:
                    print(f"  {s.domain}/{s.lang}: {label}: ... {len(items) - args.limit} more")
    if not args.no_sources:
        for domain in _domains(args):
            drift = template_drift(domain)
            if drift is None:
                continue
            new, gone = drift
            for msg in new[: args.limit]:
                print(f"  {domain}: in the sources, not in the catalogs: {msg!r}")
            if new:
                failed = True
                print(f"  {domain}: {len(new)} new messages: run `mla-writer i18n update`,"
                      " then translate them")
            if gone:
                print(f"  {domain}: {len(gone)} messages no longer in the sources"
                      " (run `mla-writer i18n update`)")
    if failed:
        print("i18n check: some shipped catalogs are incomplete (see above)", file=sys.stderr)
        return EXIT_PROBLEMS
    return EXIT_OK


def _maintain(action: str) -> typing.Callable[[argparse.Namespace], int]:
    def handler(args: argparse.Namespace) -> int:
        try:
            domains = _domains(args)
            paths: list[Path] = []
            if action in ("extract", "update"):
                paths += write_templates(domains)
            if action == "update":
                paths += update_catalogs(domains)
            if action == "compile":
                paths += compile_catalogs(domains)
                if not getattr(args, "domain", None):
                    paths += compile_qt_catalogs()
        except (FileNotFoundError, OSError) as exc:
            print(f"mla-writer i18n {action}: {exc}", file=sys.stderr)
            return EXIT_UNREADABLE
        for path in paths:
            print(path)
        return EXIT_OK

    return handler


def _xliff_export(args: argparse.Namespace) -> int:
    from .. import xliff
    from ..i18n import LANGUAGES, normalize_language
    from ..storage import atomic_write_bytes
    from .common import load_case_or_exit

    lang = normalize_language(args.lang)
    case = load_case_or_exit(args.case)
    if case is None:
        return EXIT_UNREADABLE
    source = case.drafting_language  # the text is exported in it; any other is a target
    if lang is None or lang == source:
        targets = ", ".join(c for c in LANGUAGES if c != source)
        print(f"mla-writer xliff export: {args.lang!r} is not a target language for a request"
              f" drafted in {source!r} (expected {targets})", file=sys.stderr)
        return EXIT_UNREADABLE
    data = xliff.export_xliff(case, lang)
    out = Path(args.out)
    try:
        atomic_write_bytes(out, data)
    except OSError as exc:
        print(f"mla-writer xliff export: cannot write {out}: {exc.strerror or exc}",
              file=sys.stderr)
        return EXIT_PROBLEMS
    segments = xliff.segments(case)
    from ..domain.freetext import translation_of

    done = sum(1 for s in segments if translation_of(case, s.path, lang, s.source))
    print(f"{out}: {len(segments)} segments, {done} already translated into {lang}")
    return EXIT_OK


def _xliff_import(args: argparse.Namespace) -> int:
    from .. import xliff
    from ..storage import CaseFileError, save
    from .common import EXAMPLE_PREFIX, load_case_or_exit, resolve_case_path

    if str(args.case).startswith(EXAMPLE_PREFIX):
        source = resolve_case_path(args.case)
        print(f"mla-writer xliff import: the bundled example {args.case} is read-only; copy it"
              f" to a case file of your own first (cp '{source}' my-case.json) and import into"
              " the copy; nothing imported", file=sys.stderr)
        return EXIT_UNREADABLE
    path = resolve_case_path(args.case)
    case = load_case_or_exit(path)
    if case is None:
        return EXIT_UNREADABLE
    try:
        data = xliff.read_file(args.file)  # size known before reading
    except xliff.XliffError as exc:
        print(f"mla-writer xliff import: cannot read {args.file}: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    try:
        report = xliff.import_xliff(case, data, replace=args.replace)
    except xliff.XliffError as exc:
        print(f"mla-writer xliff import: {args.file}: {exc}; nothing imported",
              file=sys.stderr)
        return EXIT_UNREADABLE
    for line in report.lines():
        print(line)
    if not args.dry_run and report.changed:
        try:
            save(case, path)
        except CaseFileError as exc:
            print(f"mla-writer xliff import: {exc}", file=sys.stderr)
            return EXIT_UNREADABLE
        print(f"saved {path}")
    return EXIT_PROBLEMS if report.problems else EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `i18n` and `xliff` command groups."""
    p = sub.add_parser("i18n", help="translation catalogs: check, extract, update, compile")
    actions = p.add_subparsers(dest="i18n_action", metavar="ACTION", required=True)
    check = actions.add_parser(
        "check", help="share of messages translated per language; exit 1 if incomplete")
    check.add_argument("--domain", choices=sorted(CONFIGS))
    check.add_argument("--json", action="store_true", help="machine-readable output")
    check.add_argument("--no-sources", action="store_true",
                       help="do not compare the templates with the sources of a checkout")
    check.add_argument("--limit", type=int, default=10,
                       help="messages listed per problem kind (default 10)")
    check.set_defaults(func=_check)
    for action, text in (("extract", "write the message templates (.pot) from the sources"),
                         ("update", "extract, then merge the templates into every .po"),
                         ("compile", "compile every .po into its .mo")):
        a = actions.add_parser(action, help=text)
        a.add_argument("--domain", choices=sorted(CONFIGS))
        a.set_defaults(func=_maintain(action))

    x = sub.add_parser("xliff", help="free-text segments for a translator (XLIFF 2.0)")
    xa = x.add_subparsers(dest="xliff_action", metavar="ACTION", required=True)
    exp = xa.add_parser("export", help="write the case's free text as XLIFF 2.0")
    exp.add_argument("case", help="case file (or example:NAME)")
    exp.add_argument("--lang", required=True, help="target language: km, zh, lo, my, th, vi")
    exp.add_argument("--out", required=True, help="the .xlf file to write")
    exp.set_defaults(func=_xliff_export)
    imp = xa.add_parser("import", help="read a translated XLIFF 2.0 file into the case")
    imp.add_argument("case", help="case file to update")
    imp.add_argument("file", help="the translated .xlf file")
    imp.add_argument("--replace", action="store_true",
                     help="let the file's translations replace different existing ones")
    imp.add_argument("--dry-run", action="store_true", help="report only; write nothing")
    imp.set_defaults(func=_xliff_import)
