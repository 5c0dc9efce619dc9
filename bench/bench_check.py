"""Time a full `rules.evaluate` on a large generated case (50 persons, 30 assistance items).

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
    for requested, kind, basis in (("TH", "mla", "ASEAN-MLAT"), ("CN", "mla", "UNTOC"),
                                   ("KH", "mla", "KH-VN-MLA"),
                                   ("CN", "extradition", "CN-VN-EXTRADITION")):
        case = large_case(requested, kind, basis)
        evaluate(case)  # compile the rules for this state
        median, worst, n = measure(case)
        verdict = "OK" if median < 5 else "SLOW"
        print(f"check VN->{requested} {kind:12} 50 persons, 30 items: median {median:.2f} ms,"
              f" max {worst:.2f} ms, {n} issues  [{verdict}, target < 5 ms]")


if __name__ == "__main__":
    main()
