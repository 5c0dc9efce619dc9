"""`profiles lint`: every problem in a profiles folder, beyond what loading already rejects.

Loading catches schema errors, unknown keys, unknown rules and instruments, rule parameters
naming fields the request model lacks, and entries that overlap (one rule code, one time limit,
one language, channel or formality for the same requests and dates). Lint adds: blank citations
or sources (also in files that fail the schema), a citation that repeats the status, a language
rule that does not say whether a certified translation is needed (give it or list it as
unknown), entries that expired before the given date without `history = true`, rule
targets that do not exist in the model, and notes of languages and channels, time-limit
actions and formality texts that are not whole sentences (findings print them after a
sentence of their own: "Cambodia accepts extradition requests in Khmer. <note>").
"""

# lazy imports (start-up cost): babel, rules
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .fieldpaths import check_path
from .loader import Registry, scan_profiles
from .schema import Sourced


def _sourced(obj: Any, where: str) -> Iterator[tuple[str, Sourced]]:
    if isinstance(obj, Sourced):
        yield where, obj
    if isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from _sourced(getattr(obj, name), f"{where}.{name}" if where else name)
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from _sourced(item, f"{where}[{i}]")


def _file_items(reg: Registry) -> Iterator[tuple[str, str, Sourced]]:
    if reg.baseline is not None:
        for where, item in _sourced(reg.baseline, ""):
            yield "baseline.toml", where, item
    for code, state in reg.states.items():
        for where, item in _sourced(state, ""):
            yield f"states/{code}.toml", where, item
    for inst in reg.instruments.values():
        yield reg.origins.get(inst.id, "instruments"), f"instrument[id={inst.id}]", inst


def _raw_blanks(data: Any, where: str = "") -> Iterator[str]:
    """TOML paths of blank `citation`/`source` values in a parsed file (schema or not)."""
    if isinstance(data, dict):
        for key, value in data.items():
            here = f"{where}.{key}" if where else str(key)
            if key in ("citation", "source") and isinstance(value, str) and not value.strip():
                yield here
            else:
                yield from _raw_blanks(value, here)
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from _raw_blanks(item, f"{where}[{i}]")


#: words a sentence that continues the one before begins with: such a note is a fragment
_CONTINUING = ("or ", "and ", "unless ", "but ", "except ", "otherwise ")


def sentence_problem(text: str) -> str | None:
    """Why `text` cannot stand as a sentence after another one (None when it can): it must
    begin with a capital letter and end with '.', '!' or '?', and not continue the sentence
    before it ('Or ...', 'Unless ...')."""
    text = text.strip()
    if not text:
        return None
    if not text[0].isupper() and not text[0].isdigit():
        return "does not begin with a capital letter"
    if text[-1] not in ".!?":
        return "does not end with a full stop"
    if text.lower().startswith(_CONTINUING):
        return f"begins with '{text.split()[0]}', continuing a sentence it does not follow"
    return None


def _language_fragment(note: str, codes: list[str]) -> str | None:
    """A language note that begins by naming one of its languages and a comma ('Khmer, or as
    the treaty provides; ...') repeats the finding's own sentence as a fragment."""
    from babel import Locale

    names = Locale("en").languages
    for code in codes:
        name = str(names.get(code) or "")
        if name and note.strip().startswith(f"{name},"):
            return (f"begins with '{name},', repeating the languages the finding already names"
                    " (it reads as a fragment)")
    return None


def _sentence_texts(state: Any) -> Iterator[tuple[str, str]]:
    """(TOML path, text) of the texts findings print as sentences of their own."""
    for i, entry in enumerate(state.languages):
        yield f"languages[{i}].note", entry.note
    for i, entry in enumerate(state.channels):
        yield f"channels[{i}].note", entry.note
    for i, entry in enumerate(state.time_limits):
        yield f"time_limits[{i}].action", entry.action
    for i, entry in enumerate(state.formalities):
        yield f"formalities[{i}].text", entry.text


def lint(directory: Path | None = None, on: dt.date | None = None) -> list[str]:
    """Problems as 'file: TOML path: reason' lines; an empty list means the profiles are clean."""
    return lint_report(directory, on)[0]


def _provenance(reg: Registry, on: dt.date | None) -> tuple[list[str], list[str]]:
    """(problems, warnings) of provenance: every item says what kind of source it rests on, a
    verified item rests on more than a secondary page, a regional treaty's members are on its
    closed list, and a time-sensitive entry is re-checked when due (a warning)."""
    problems, warnings = [], []
    for rel, where, item in _file_items(reg):
        here = f"{rel}: {where}" if where else rel
        if item.source_kind is None:
            problems.append(f"{here}.source_kind: missing; say what the source is"
                            " (official_text, official_translation, unofficial_text, secondary)")
        elif item.source_kind == "secondary" and item.status != "unverified":
            problems.append(f"{here}: status {item.status} rests only on a secondary source"
                            " (news, a law firm, a summary); give the official text or mark it"
                            " unverified")
        if on and item.review_due and item.review_due < on:
            warnings.append(f"{here}: review was due on {item.review_due} (time-sensitive);"
                            " check it again and set checked_on and a new review_due")
    for code, state in reg.states.items():
        for i, m in enumerate(state.memberships):
            inst = reg.instruments.get(m.instrument)
            if inst is not None and inst.type == "regional" and m.party \
                    and code not in inst.parties:
                problems.append(f"states/{code}.toml: memberships[{i}]: {code} is not on the"
                                f" closed list of parties of {inst.id}; add it to the"
                                " instrument's parties or record party = false")
    return problems, warnings


def lint_report(directory: Path | None = None,
                on: dt.date | None = None) -> tuple[list[str], list[str]]:
    """(problems, warnings): problems make `profiles lint` fail; warnings (a review that is
    overdue) are printed but do not."""
    from ..rules.registry import RULES

    reg = scan_profiles(directory)
    problems = list(reg.problems)
    for rel, data in reg.raw_broken.items():
        problems += [f"{rel}: {where}: blank" for where in _raw_blanks(data)]
    for rel, where, item in _file_items(reg):
        for key in ("citation", "source"):
            if not getattr(item, key).strip():
                problems.append(f"{rel}: {where}.{key}: blank")
        if item.citation.rstrip().endswith(f"({item.status})"):
            problems.append(f"{rel}: {where}.citation: ends with the status"
                            f" ({item.status}), which is printed after it anyway")
        if on and item.effective_until and item.effective_until < on and not item.history:
            problems.append(f"{rel}: {where}: expired on {item.effective_until}; remove it or"
                            " mark it `history = true` if older requests still need it")
    for code, state in reg.states.items():
        for i, rule in enumerate(state.languages):
            if rule.certified_translation is None and "certified_translation" not in rule.unknown:
                problems.append(f"states/{code}.toml: languages[{i}]: say whether a certified"
                                ' translation is needed, or list it: unknown ='
                                ' ["certified_translation"]')
        for where, text in _sentence_texts(state):
            why = sentence_problem(text or "")
            if why is None and where.startswith("languages["):
                index = int(where[len("languages["):where.index("]")])
                why = _language_fragment(text or "", state.languages[index].languages)
            if why:
                problems.append(f"states/{code}.toml: {where}: {why}; findings print it as a"
                                " sentence after another, so write it as a whole sentence")
    specs = [("baseline.toml", reg.baseline.rules if reg.baseline else [])]
    specs += [(f"states/{c}.toml", s.rules) for c, s in reg.states.items()]
    for rel, rules in specs:
        for i, spec in enumerate(rules):
            definition = RULES.get(spec.rule)
            if definition is None:
                continue
            params = definition.params.model_validate(spec.params)
            for target in definition.targets(params):
                problem = check_path(target)
                if problem:
                    problems.append(f"{rel}: rules[{i}]: {problem}")
    more, warnings = _provenance(reg, on)
    for code, state in reg.states.items():
        for i, limit in enumerate(state.time_limits):
            if limit.starts is None and (limit.days is not None or limit.months is not None):
                warnings.append(f"states/{code}.toml: time_limits[{i}]: a period without"
                                " `starts`: the register counts no date from it; say what"
                                " starts it (arrest or decision) where the cited law does")
    return problems + more, warnings
