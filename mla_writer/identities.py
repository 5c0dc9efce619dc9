"""Who is who: comparing people's names for the four-eyes rule, refusing deceptive names.

Two names are the same person when their *identity keys* are equal: Unicode NFKC, case
folded, punctuation and every kind of space folded to one space, and each character replaced
by the representative of its group of look-alike characters (Unicode's confusables data, as
the maintained `confusable-homoglyphs` package ships it: Cyrillic 'а' and Latin 'a', 'rn' and
'm', 'l' and 'I' fall together). So 'Dara Sok', 'DARA  SOK', 'Dаra Sok' (Cyrillic а) and
'Dara Sоk' (Greek ο) are one person. Erring that way only ever refuses a self-approval too
many, never lets one through.

A name holding an invisible character (zero-width space, joiner, filler, soft hyphen) or a
bidi control is refused outright (`name_problem`): nobody types one in a name, and shown on a
screen it hides what the name really is. `lookalike_pairs` finds names in a log that differ
as written but are the same person by key.

The look-alike groups are built from the data once and kept in the private cache folder
(`_confusable_maps`): building them costs more than the rest of the review's checks.
"""

# lazy imports (start-up cost): importlib
from __future__ import annotations

import hashlib
import importlib.util
import json
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

from . import __version__, cachefiles
from .safetext import BIDI_CONTROLS, hidden_characters, is_invisible

_MARKS = "\u200e\u200f"


def _rank(node: str) -> tuple[bool, bool, int, str]:
    """Which member of a look-alike group represents it: a single ASCII character first,
    then any single character, then the shortest sequence."""
    return (len(node) != 1, not node.isascii(), len(node), node)


ConfusableMaps = tuple[dict[str, str], tuple[tuple[str, str], ...]]

#: the confusables data of `confusable-homoglyphs`, in its package
_DATA = ("confusable_homoglyphs", "confusables.json")
#: bump when the maps built from the same data change (the cache key)
_FORMAT = 1


@cache
def _confusable_maps() -> ConfusableMaps:
    """`_build_confusable_maps` of the confusables data, kept between processes: building it
    costs about 45 ms of every process that compares names (the review's four-eyes check runs
    before every signature), reading the built maps back a few. The entry is keyed by the
    data file (its size, time, and the package's version file) and this module's code, lives
    in the private cache folder (`cachefiles`), and is checked for its shape when read; a
    missing or unusable entry is built from the data again."""
    path = _cache_path(_data_file())
    raw = cachefiles.read(path) if path is not None else None
    maps = _decode_maps(raw) if raw is not None else None
    if maps is None:
        from importlib import resources  # where the package keeps its data, even in a bundle

        maps = _build_confusable_maps(json.loads(resources.files(_DATA[0]).joinpath(
            _DATA[1]).read_text("utf-8")))
        entry = _encode_maps(maps) if path is not None else None
        if path is not None and entry is not None and cachefiles.write(path, entry):
            cachefiles.prune(path.parent, "confusables-*.json", keep=4)
    return maps


def _data_file() -> Path | None:
    """The confusables data as a plain file (found without importing its package or
    `importlib.resources`), None when the package keeps it elsewhere (a zip)."""
    spec = importlib.util.find_spec(_DATA[0])
    if spec is None or not spec.origin:
        return None
    path = Path(spec.origin).with_name(_DATA[1])
    return path if path.is_file() else None


def _cache_path(data: Path | None) -> Path | None:
    """Where the maps built from the data file `data` are kept (None: caches in memory only,
    or no plain data file whose size and time identify it)."""
    folder = cachefiles.folder("identities")
    if folder is None or data is None:
        return None
    try:
        version = data.with_name("_version.py")
        stamp = [__version__, str(_FORMAT), str(data)]
        for item in (data, version, Path(__file__)):
            info = item.stat()
            stamp.append(f"{item.name}:{info.st_size}:{info.st_mtime_ns}")
        stamp.append(version.read_text("utf-8"))
    except (OSError, UnicodeDecodeError):
        return None
    digest = hashlib.sha256("\n".join(stamp).encode()).hexdigest()
    return folder / f"confusables-{digest}.json"


def _encode_maps(maps: ConfusableMaps) -> bytes | None:
    """The cache entry of the maps: each map as two strings, its keys and its values joined by
    NUL (read back in a few milliseconds, where a JSON object of 5 000 entries takes more);
    None when a key or value holds a NUL or a character key is not one character."""
    single, sequences = maps
    texts = [*single, *single.values(), *(x for pair in sequences for x in pair)]
    if any("\0" in t for t in texts) or any(len(k) != 1 for k in single):
        return None
    return json.dumps({"format": _FORMAT, "single": ["".join(single), "\0".join(single.values())],
                       "sequences": ["\0".join(s for s, _r in sequences),
                                     "\0".join(r for _s, r in sequences)]},
                      ensure_ascii=False).encode("utf-8")


def _decode_maps(raw: bytes) -> ConfusableMaps | None:
    """The maps of a cache entry; None when it is not what `_encode_maps` writes."""
    try:
        data = json.loads(raw)
        keys, values = data["single"]
        seqs, reps = data["sequences"]
        if data["format"] != _FORMAT or not all(type(t) is str for t in (keys, values, seqs, reps)):
            return None
        single_values = values.split("\0") if values else []
        seq_list, rep_list = (seqs.split("\0"), reps.split("\0")) if seqs else ([], [])
    except (ValueError, KeyError, TypeError):
        return None
    if len(single_values) != len(keys) or len(seq_list) != len(rep_list):
        return None
    return (dict(zip(keys, single_values, strict=True)),
            tuple(zip(seq_list, rep_list, strict=True)))


def _build_confusable_maps(data: dict[str, Any]) -> ConfusableMaps:
    """(character -> representative, (sequence -> representative) longest first), built from
    the confusables data of `confusable-homoglyphs` (groups joined transitively; a sequence
    such as 'rn' is a member of its group like a character)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:
            parent[x], x = root, parent[x]
        return root

    for key, glyphs in data.items():
        key = key.strip(_MARKS)
        for glyph in glyphs:
            other = glyph["c"].strip(_MARKS)
            if not key or not other:
                continue
            ra, rb = find(key), find(other)
            if ra != rb:
                keep, drop = sorted((ra, rb), key=_rank)
                parent[drop] = keep
    reps = {node: find(node) for node in list(parent)}
    single = {n: r for n, r in reps.items() if len(n) == 1}
    sequences = {"".join(single.get(c, c) for c in n): r for n, r in reps.items()
                 if len(n) > 1}
    ordered = tuple(sorted(((s, r) for s, r in sequences.items() if len(s) > 1 and s != r),
                           key=lambda item: -len(item[0])))
    return single, ordered


def _strip_latin_marks(text: str) -> str:
    """Accents on Latin letters dropped ('Nguyễn' -> 'Nguyen'): a name typed with or without
    them is one person. Marks on other scripts (Thai, Khmer vowel signs) are letters."""
    out: list[str] = []
    base_latin = False
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch):
            if base_latin:
                continue
        else:
            base_latin = ch.isascii() and ch.isalpha()
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def _fold_spaces(text: str) -> str:
    text = "".join(" " if unicodedata.category(c).startswith(("P", "Z")) else c for c in text)
    return " ".join(text.split())


@cache
def identity_key(name: str) -> str:
    """The form under which two names are the same person (see the module docstring)."""
    text = "".join(c for c in unicodedata.normalize("NFKC", name) if not is_invisible(c)
                   and c not in BIDI_CONTROLS)
    text = _fold_spaces(_strip_latin_marks(unicodedata.normalize("NFKC", text.casefold())))
    single, sequences = _confusable_maps()
    text = "".join(single.get(c, c) for c in text)
    for seq, rep in sequences:
        if seq in text:
            text = text.replace(seq, rep)
    return _fold_spaces(unicodedata.normalize("NFKC", text.casefold()))


def same_person(a: str, b: str) -> bool:
    """Whether two names are the same person (both non-empty and equal by `identity_key`)."""
    key = identity_key(a)
    return bool(key) and key == identity_key(b)


def name_problem(name: str) -> str:
    """Why `name` cannot name a person acting ('' when it can): invisible or bidi-control
    characters, which make one name look like another."""
    hidden = hidden_characters(name)
    if hidden:
        return ("the name contains invisible or text-direction characters ("
                + ", ".join(hidden) + "), which can make it look like another person's name;"
                " type the name again")
    return ""


def lookalike_pairs(names: list[str]) -> list[tuple[str, str]]:
    """Pairs of names written differently that are the same person by `identity_key`, each
    pair once, in the order first seen."""
    first: dict[str, str] = {}
    pairs: list[tuple[str, str]] = []
    for name in dict.fromkeys(n for n in names if n.strip()):
        key = identity_key(name)
        seen = first.setdefault(key, name)
        if seen != name and _fold_spaces(seen) != _fold_spaces(name):
            pairs.append((seen, name))
    return pairs
