"""Record (or compare with) ICU's line breaks on real sentences of Thai, Khmer, Lao and Burmese.

`python bench/icu_reference.py --record` (needs PyICU, a separate ICU binding) writes
tests/scripts/corpus/icu_line_breaks.json: the sentences and the line-break offsets PyICU's
ICU gives them. Without --record it prints how far mla-writer's breaks (ICU through ctypes)
agree with the recorded ones, per language.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
REFERENCE = ROOT / "tests" / "scripts" / "corpus" / "icu_line_breaks.json"
LANGS = ("th", "km", "lo", "my")
PER_LANG = 60  # the longest translated messages of each catalog


def sentences(lang: str) -> list[str]:
    from babel.messages.pofile import read_po

    texts = []
    for path in sorted((ROOT / "translations" / lang / "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as fh:
            for msg in read_po(fh):
                text = msg.string[0] if isinstance(msg.string, tuple) else msg.string
                if msg.id and text and "%(" not in text and "\n" not in text:
                    texts.append(text)
    texts = sorted(set(texts), key=lambda t: (-len(t), t))[:PER_LANG]
    corpus = (ROOT / "tests" / "scripts" / "corpus" / f"{lang}.txt").read_text("utf-8")
    return [line for line in corpus.splitlines() if line.strip()] + texts


def record() -> None:
    import icu  # PyICU, only for recording

    from mla_writer.render.linebreak import _ICU_LOCALE

    out: dict[str, object] = {"icu": icu.ICU_VERSION, "languages": {}}
    for lang in LANGS:
        it = icu.BreakIterator.createLineInstance(icu.Locale(_ICU_LOCALE[lang]))
        rows = []
        for text in sentences(lang):
            it.setText(icu.UnicodeString(text))
            rows.append([text, [p for p in it if 0 < p < len(text)]])
        out["languages"][lang] = rows  # type: ignore[index]
    REFERENCE.write_text(json.dumps(out, ensure_ascii=False, indent=0) + "\n", "utf-8")
    print(f"recorded {REFERENCE} (ICU {out['icu']})")


def agreement() -> dict[str, float]:
    """Per language: shared break offsets / all break offsets, ours against the record."""
    from mla_writer.render.linebreak import line_segments

    data = json.loads(REFERENCE.read_text("utf-8"))
    result = {}
    for lang, rows in data["languages"].items():
        same = total = 0
        for text, expected in rows:
            cuts, pos = set(), 0
            for seg in line_segments(text, lang)[:-1]:
                pos += len(seg)
                cuts.add(pos)
            same += len(cuts & set(expected))
            total += len(cuts | set(expected))
        result[lang] = 100.0 * same / max(total, 1)
    return result


if __name__ == "__main__":
    if "--record" in sys.argv:
        record()
    else:
        from mla_writer.icu_capi import icu

        lib = icu()
        print(f"ICU {lib.version()} from {lib.path}")
        for lang, pct in agreement().items():
            print(f"{lang}: {pct:.2f}% of line breaks agree with the recorded ICU reference")
