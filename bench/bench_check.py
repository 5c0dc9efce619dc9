"""Time a full `rules.evaluate` on a large generated case (50 persons, 30 assistance items),
also with names in Khmer script and every prose field translated (what the unprintable-text
check reads character by character).

Target: under 5 ms per check against a real profile. Profiles are loaded and compiled once
(the first call), then every check reuses them. Run: `python bench/bench_check.py`.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mla_writer.domain.model import CaseFile
from mla_writer.profiles import load_registry
from mla_writer.rules import evaluate

ASSISTANCE = ["taking_statement", "bank_records", "search_and_seizure", "service_of_documents",
              "production_of_electronic_data", "freezing_of_assets"]


def large_case(requested: str, kind: str = "mla", basis: str = "ASEAN-MLAT") -> CaseFile:
    persons = [{"id": f"P{i}", "roles": ["witness" if i else "suspect"],
                "family_name": f"PERSON{i}", "given_names": "Test",
                "nationalities": ["VN"] if i % 3 else [], "location": "" if i % 4 else "Hanoi",
                "addresses": [f"{i} Test Street"]} for i in range(50)]
    items = [{"type": ASSISTANCE[i % len(ASSISTANCE)], "id": f"A{i}",
              "link_to_facts": "" if i % 5 == 0 else "Needed to trace the proceeds."}
             for i in range(30)]
    return CaseFile.model_validate({"request": {
        "kind": kind, "request_date": "2026-10-01", "requesting_state": "VN",
        "requested_state": requested, "requesting_authority": {"name": "SPP"},
        "subject": "Fictional drug trafficking network", "stage": "investigation",
        "legal_basis": {"kind": "instrument", "instrument_id": basis},
        "offences": [{"name": f"Offence {i}", "maximum_penalty_years": 5 + i,
                      "punishable_by_death": i == 0} for i in range(5)],
        "persons": persons, "assistance": items, "facts_summary": "Facts.", "purpose": "",
        "annexes": [{"title": f"Annex {i}", "language": "vi"} for i in range(10)],
    }})


def with_native_text(case: CaseFile) -> CaseFile:
    """The same case with names in Khmer script and every prose field translated into Khmer
    (the TEXT-UNPRINTABLE check then reads every character, not only ASCII)."""
    from mla_writer.domain.freetext import translatable_texts

    for i, person in enumerate(case.request.persons):
        person.native_script_name = f"សុខ សុភា {i}"
    case.translations = {path: {"km": f"ការបកប្រែ​ជា​ភាសា​ខ្មែរ {text}"}
                         for path, text in translatable_texts(case)}
    return case


def measure(case: CaseFile, runs: int = 300) -> tuple[float, float, int]:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        issues = evaluate(case)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), max(times), len(issues)


def main() -> None:
    t0 = time.perf_counter()
    load_registry()
    print(f"load and validate all profiles (once): {(time.perf_counter() - t0) * 1000:.1f} ms")
    for requested, kind, basis, native in (("TH", "mla", "ASEAN-MLAT", False),
                                           ("CN", "mla", "UNTOC", False),
                                           ("KH", "mla", "KH-VN-MLA", False),
                                           ("KH", "mla", "KH-VN-MLA", True),
                                           ("CN", "extradition", "CN-VN-EXTRADITION", False)):
        case = large_case(requested, kind, basis)
        if native:
            case = with_native_text(case)
        evaluate(case)  # compile the rules for this state (and read the fonts' maps)
        median, worst, n = measure(case)
        verdict = "OK" if median < 5 else "SLOW"
        what = "Khmer names, translations" if native else "50 persons, 30 items"
        print(f"check VN->{requested} {kind:12} {what}: median {median:.2f} ms,"
              f" max {worst:.2f} ms, {n} issues  [{verdict}, target < 5 ms]")


if __name__ == "__main__":
    main()
