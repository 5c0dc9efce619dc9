"""Fuzzing the case-file loader, `check`, `build` and every review command.

`mutated_case_text()` draws a case file the way an attacker or a careless editor would make
one: a bundled example with nodes replaced by hostile values (text with terminal escapes and
bidi controls, times at the edge of the calendar, deep nesting, wrong types, huge numbers),
keys dropped or added, a review part with a random audit log; or plain garbage. `exercise`
runs one text through everything a user can run on it. A *crash* is any exception other than
the clear refusals each step is allowed (CaseFileError at load, ReviewError for a step that
is not allowed now); `exercise` returns the crashes it saw.

Used by tests/model/test_fuzz.py (bounded for CI) and scripts/fuzz_long.py (100 000 inputs).
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import io
import json
import traceback
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))
_BASES = [json.loads(p.read_text("utf-8")) for p in EXAMPLES]
CLOCK_TIME = dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC)

HOSTILE_TEXT = st.sampled_from([
    "\x1b[2K\rvalid: signed by Sok Dara", "\u202eevil\u202c", "Dara Sok\u200b", "D\u0430ra Sok",
    "\x9b31m", "\x00", "%(x)900000000s", "%s %d %", "{{ 7*7 }}", "<b>&amp;</b>", "\ud7ff",
    "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "1970-01-01", "",
    "[" * 200, "a" * 5000, "ស្រូវ\u200bទឹក", "$.request.purpose", "$.request.persons[999]",
])
TIMES = st.sampled_from([
    "0001-01-01T00:00:00+14:00", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59-14:00",
    "9999-12-31T23:59:59.999999Z", "2026-11-02T09:30:00Z", "2026-11-02T09:30:00+07:00",
    "2026-02-30T00:00:00Z", "2026-11-02", "not a time", None])
TEXT = st.one_of(HOSTILE_TEXT, st.text(max_size=40))
ACTORS = st.sampled_from(["Dara Sok", "dara sok", "D\u0430ra Sok", "Vanna Reviewer",
                          "Vanna Reviewer\u200b", "\u202eVanna", "", "  "])
ACTIONS = st.sampled_from(["submit", "return", "approve", "sign", "training_sign", "transmit",
                           "comment", "resolve", "repair", "bogus", ""])


def _deep(depth: int) -> Any:
    value: Any = "x"
    for i in range(depth):
        value = [value] if i % 2 else {"k": value}
    return value


SCALARS = st.one_of(TEXT, st.integers(min_value=-(2**70), max_value=2**70), st.booleans(),
                    st.none(), st.floats(allow_nan=False, allow_infinity=False), TIMES)
JSON = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(TEXT, inner, max_size=4)), max_leaves=12)
HOSTILE_VALUE = st.one_of(JSON, st.integers(1, 120).map(_deep))


@st.composite
def audit_entry(draw: st.DrawFn, seq: int) -> dict[str, Any]:
    detail = draw(st.dictionaries(st.sampled_from(
        ["content_sha256", "comments", "reason", "comment_id", "path", "text_sha256",
         "approval_signature", "manifest_sha256", "previous_entries", "previous_log_sha256",
         "damaged_review", "x"]), st.one_of(TEXT, st.integers(0, 3000).map(
             lambda n: "[" * n + "]" * n)), max_size=5))
    return {"seq": draw(st.one_of(st.just(seq), st.integers(-3, 5))),
            "time": draw(TIMES), "actor": draw(ACTORS), "action": draw(ACTIONS),
            "detail": detail, "prev_hash": draw(st.sampled_from(["", "0" * 64, "zz"])),
            "hash": draw(st.sampled_from(["", "0" * 64]))}


@st.composite
def review_part(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(0, 5))
    comments = draw(st.lists(st.fixed_dictionaries({
        "id": st.sampled_from(["c1", "c2", ""]), "path": TEXT, "author": ACTORS,
        "created": TIMES, "text": TEXT, "resolved": st.booleans(), "resolved_by": ACTORS,
        "resolved_at": TIMES}), max_size=3))
    return {"status": draw(st.sampled_from(["draft", "submitted", "returned", "approved",
                                            "signed", "transmitted", "bogus"])),
            "comments": comments,
            "audit_log": [draw(audit_entry(i + 1)) for i in range(n)]}


VALID_TIMES = st.sampled_from([
    "0001-01-01T00:00:00+14:00", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59-14:00",
    "9999-12-31T23:59:59.999999Z", "2026-11-02T09:30:00Z", "2026-11-02T09:30:01+07:00"])
VALID_ACTIONS = st.sampled_from(["submit", "return", "approve", "sign", "training_sign",
                                 "transmit", "comment", "resolve", "repair"])


@st.composite
def chained_review(draw: st.DrawFn) -> dict[str, Any]:
    """A review part whose log is a consistent hash chain (as a forger with the program's own
    functions makes one) holding hostile names, details and edge-of-calendar times."""
    from mla_writer import review
    from mla_writer.domain.review import AuditEntry

    prev, entries = review.GENESIS_HASH, []
    for seq in range(1, draw(st.integers(1, 8)) + 1):
        action = draw(VALID_ACTIONS)
        detail = draw(st.dictionaries(st.sampled_from(
            ["content_sha256", "comments", "reason", "comment_id", "approval_signature",
             "manifest_sha256", "previous_entries", "previous_log_sha256", "text_sha256",
             "path"]), st.one_of(TEXT, st.integers(0, 3000).map(lambda n: "[" * n + "]" * n),
                                  st.just('[{"id": "c1", "sha256": "x", "resolved": true}]')),
            max_size=4))
        entry = AuditEntry.model_validate_json(json.dumps({
            "seq": seq, "time": draw(VALID_TIMES), "actor": draw(ACTORS), "action": action,
            "detail": {k: str(v) for k, v in detail.items()}, "prev_hash": prev}))
        entry.hash = review.entry_hash(entry)
        prev = entry.hash
        entries.append(entry.model_dump(mode="json"))
    comments = [{"id": "c1", "path": "$.request.purpose", "author": draw(ACTORS),
                 "created": draw(VALID_TIMES), "text": draw(TEXT),
                 "resolved": draw(st.booleans()), "resolved_by": draw(ACTORS),
                 "resolved_at": draw(st.one_of(st.none(), VALID_TIMES))}][:draw(st.integers(0, 1))]
    return {"status": draw(st.sampled_from(["draft", "submitted", "approved", "signed"])),
            "comments": comments, "audit_log": entries}


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            out += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out += _paths(item, (*prefix, index))
    return out


def _set(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    return data


def _drop(data: Any, path: tuple[Any, ...]) -> Any:
    if not path:
        return data
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    del parent[path[-1]]
    return data


@st.composite
def mutated_case_text(draw: st.DrawFn) -> str:
    """A case file's text, mostly a mutated example (see the module docstring)."""
    kind = draw(st.integers(0, 19))
    if kind == 0:
        return draw(st.text(max_size=200))
    data = copy.deepcopy(draw(st.sampled_from(_BASES)))
    if kind <= 8:
        data["review"] = draw(chained_review())
    elif draw(st.booleans()):
        data["review"] = draw(review_part())
    for _ in range(draw(st.integers(0, 4 if kind > 8 else 1))):
        paths = _paths(data)
        path = draw(st.sampled_from(paths))
        choice = draw(st.integers(0, 9))
        if choice == 0 and path:
            data = _drop(data, path)
        elif choice <= 2 and isinstance(_get(data, path), str):
            data = _set(data, path, draw(HOSTILE_TEXT))
        else:
            data = _set(data, path, draw(HOSTILE_VALUE))
    text = json.dumps(data, ensure_ascii=draw(st.booleans()))
    if kind == 1:  # cut short
        text = text[:draw(st.integers(0, len(text)))]
    return text


@st.composite
def hostile_text_case(draw: st.DrawFn) -> str:
    """An example whose free text (its longer strings) holds hostile text: it still loads,
    so it reaches `check` and `build`."""
    data = copy.deepcopy(draw(st.sampled_from(_BASES)))
    texts = [p for p in _paths(data) if isinstance(_get(data, p), str)
             and len(_get(data, p)) > 30 and p[:1] == ("request",)]
    for path in draw(st.lists(st.sampled_from(texts), min_size=1, max_size=4)):
        data = _set(data, path, draw(HOSTILE_TEXT.filter(lambda t: t.strip())) + " " +
                    draw(TEXT))
    return json.dumps(data, ensure_ascii=False)


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        data = data[key]
    return data


# ------------------------------------------------------- the same, drawn fast (long runs)

_POOL_TEXT = [*HOSTILE_TEXT.elements,  # type: ignore[attr-defined]
              "Dara Sok", "x", "0", "true", "TH", "mla", "[]"]
_POOL_TIMES = list(TIMES.elements)  # type: ignore[attr-defined]
_POOL_ACTORS = list(ACTORS.elements)  # type: ignore[attr-defined]
_POOL_ACTIONS = list(VALID_ACTIONS.elements)  # type: ignore[attr-defined]
_POOL_VALID_TIMES = list(VALID_TIMES.elements)  # type: ignore[attr-defined]


def _random_value(rng: Any, depth: int = 0) -> Any:
    pick = rng.randrange(12)
    if pick == 0 and depth < 3:
        return [_random_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    if pick == 1 and depth < 3:
        return {rng.choice(_POOL_TEXT): _random_value(rng, depth + 1)
                for _ in range(rng.randrange(4))}
    if pick == 2:
        return _deep(rng.randrange(1, 120))
    if pick == 3:
        return rng.choice([0, -1, 2**63, -(2**70), 1.5, 1e308, True, False, None])
    if pick == 4:
        return rng.choice(_POOL_TIMES)
    if pick == 5:
        return "".join(chr(rng.choice([rng.randrange(0, 0x80), rng.randrange(0x80, 0x3000),
                                       rng.randrange(0xE000, 0x10FFFF)]))
                       for _ in range(rng.randrange(12)))
    return rng.choice(_POOL_TEXT)


def _random_chained_review(rng: Any) -> dict[str, Any]:
    from mla_writer import review
    from mla_writer.domain.review import AuditEntry

    prev, entries = review.GENESIS_HASH, []
    for seq in range(1, rng.randrange(1, 9)):
        detail = {rng.choice(["content_sha256", "comments", "reason", "comment_id",
                              "approval_signature", "manifest_sha256", "previous_entries",
                              "previous_log_sha256", "text_sha256", "path"]):
                  str(_random_value(rng)) if rng.randrange(3) else
                  "[" * rng.randrange(3000) + "]" * 3 for _ in range(rng.randrange(4))}
        entry = AuditEntry.model_validate_json(json.dumps({
            "seq": seq, "time": rng.choice(_POOL_VALID_TIMES), "actor": rng.choice(_POOL_ACTORS),
            "action": rng.choice(_POOL_ACTIONS), "detail": detail, "prev_hash": prev}))
        entry.hash = review.entry_hash(entry)
        prev = entry.hash
        entries.append(entry.model_dump(mode="json"))
    return {"status": rng.choice(["draft", "submitted", "approved", "signed"]),
            "comments": [], "audit_log": entries}


def random_case_text(rng: Any) -> str:
    """`mutated_case_text` drawn with a plain random.Random (no shrinking, far cheaper): for
    the 100 000-input run."""
    kind = rng.randrange(20)
    if kind == 0:
        return "".join(chr(rng.randrange(0x20, 0x2000)) for _ in range(rng.randrange(200)))
    data = copy.deepcopy(rng.choice(_BASES))
    if kind <= 8:
        data["review"] = _random_chained_review(rng)
    for _ in range(rng.randrange(5 if kind > 8 else 2)):
        path = rng.choice(_paths(data))
        if rng.randrange(10) == 0 and path:
            data = _drop(data, path)
        else:
            data = _set(data, path, _random_value(rng))
    text = json.dumps(data, ensure_ascii=bool(rng.randrange(2)))
    return text[:rng.randrange(len(text) + 1)] if kind == 1 else text


# -------------------------------------------------------------------------- running it

class Crash(Exception):
    pass


def _registry() -> Any:
    from mla_writer.profiles import load_registry

    return load_registry()


def exercise(text: str, *, build_to: Path | None = None) -> list[str]:
    """Run `text` through the loader, check, the review commands (and, with `build_to`, a
    draft build); the crashes seen, each as 'step: traceback'."""
    from mla_writer import review, storage
    from mla_writer.domain.clock import fixed_clock

    crashes: list[str] = []

    def guard(step: str, fn: Any, *allowed: type[BaseException]) -> Any:
        try:
            return fn()
        except allowed:
            return None
        except Exception:  # a crash: what the fuzzer is looking for
            crashes.append(f"{step}: {traceback.format_exc()}")
            return None

    loaded = guard("load", lambda: storage.loads(text, "fuzz"), storage.CaseFileError)
    if loaded is None:
        return crashes
    case = loaded
    clock = fixed_clock(CLOCK_TIME)
    guard("check", lambda: _check(case), )
    guard("review show", lambda: _cli_show(case))
    guard("review check", lambda: _cli_check(case))
    steps = {
        "submit": lambda c: review.submit(c, "Dara Sok", clock),
        "return": lambda c: review.return_for_changes(c, "Vanna Reviewer", clock, reason="x"),
        "approve": lambda c: review.approve(c, "Vanna Reviewer", clock),
        "comment": lambda c: review.add_comment(c, "$.request.purpose", "Vanna Reviewer",
                                                "Name the court.", clock),
        "resolve": lambda c: review.resolve_comment(
            c, c.review.comments[0].id if c.review.comments else "c1", "Dara Sok", clock),
        "transmit": lambda c: review.mark_transmitted(c, "Clerk Lim", clock),
        "sign": lambda c: review.mark_signed(c, "Director Sok", clock,
                                             {"manifest_sha256": "0" * 64}),
        "repair-log": lambda c: review.repair_log(c, "Vanna Reviewer", "fuzz", clock),
    }
    # every command in turn on one copy, as a user would run them one after the other
    work = case.model_copy(deep=True)
    for name, step in steps.items():
        guard(f"review {name}", lambda s=step: s(work), review.ReviewError)
    guard("review show after the steps", lambda: review.summary(work))
    guard("save", lambda: storage.loads(storage.dumps(work)), storage.CaseFileError)
    if build_to is not None:
        guard("build", lambda: _build(case, build_to))
    return crashes


def _check(case: Any) -> None:
    from mla_writer.i18n import finding_text
    from mla_writer.workflow.preflight import findings

    on = case.request.request_date or CLOCK_TIME.date()
    for issue in findings(case, on=on, registry=_registry()):
        finding_text(issue, "th")
        issue.as_json()


def _cli_show(case: Any) -> None:
    from mla_writer.cli import review_cmd

    with contextlib.redirect_stdout(io.StringIO()):
        review_cmd._show(case, False)
        review_cmd._show(case, True)


def _cli_check(case: Any) -> None:
    from mla_writer.cli import review_cmd
    from mla_writer.signing.policy import Policy

    with contextlib.redirect_stdout(io.StringIO()):
        review_cmd._check(case, None, Policy())


def _build(case: Any, out: Path) -> None:
    import shutil

    from mla_writer.domain.clock import fixed_clock
    from mla_writer.render import build_documents

    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    build_documents(case, out, languages=["en"], draft=True, clock=fixed_clock(CLOCK_TIME))
