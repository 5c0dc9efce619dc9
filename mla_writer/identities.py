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
"""

from __future__ import annotations

import json
import unicodedata
from functools import cache
from importlib import resources

from .safetext import BIDI_CONTROLS, hidden_characters, is_invisible

_MARKS = "\u200e\u200f"


def _rank(node: str) -> tuple[bool, bool, int, str]:
    """Which member of a look-alike group represents it: a single ASCII character first,
    then any single character, then the shortest sequence."""
    return (len(node) != 1, not node.isascii(), len(node), node)


@cache
def _confusable_maps() -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    """(character -> representative, (sequence -> representative) longest first), built from
    the confusables data of `confusable-homoglyphs` (groups joined transitively; a sequence
    such as 'rn' is a member of its group like a character)."""
    data = json.loads(resources.files("confusable_homoglyphs").joinpath(
        "confusables.json").read_text("utf-8"))
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
