"""The view-model and the step logic, without any widget."""

from __future__ import annotations

import pytest

from mla_writer import storage
from mla_writer.domain.model import BankRecords, Person, RequestKind
from mla_writer.gui import paths
from mla_writer.gui.steps import step_of, steps_for
from mla_writer.gui.viewmodel import CaseViewModel, new_case


def test_paths_parse_join_and_pattern() -> None:
    assert paths.parse("$.request.persons[0].sex") == ["request", "persons", 0, "sex"]
    assert paths.join(["request", "persons", 2, "sex"]) == "$.request.persons[2].sex"
    assert paths.pattern("$.request.persons[12].identity_documents[0].number") == \
        "$.request.persons[*].identity_documents[*].number"
    with pytest.raises(ValueError, match="malformed"):
        paths.parse("$.request..x")


def test_get_and_set_by_path_validates_and_creates_optional_parts() -> None:
    case = new_case(RequestKind.MLA)
    case.request.persons.append(Person(id="P1"))
    paths.set_value(case, "$.request.persons[0].judgment.court", "Hanoi People's Court")
    assert case.request.persons[0].judgment is not None
    assert paths.get(case, "$.request.persons[0].judgment.court") == "Hanoi People's Court"
    assert paths.get(case, "$.request.persons[5].family_name") is None
    paths.set_value(case, "$.request.persons[0]", Person(id="P9"))
    assert case.request.persons[0].id == "P9"


def test_set_rejects_bad_values_with_a_clear_message(qtbot) -> None:
    vm = CaseViewModel(new_case())
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        vm.set("$.request.request_date", "31/12/2026")
    with pytest.raises(ValueError, match="number"):
        vm.set("$.request.offences", [{"maximum_penalty_years": "many"}])
    assert not vm.dirty


def test_edit_marks_dirty_and_rechecks_after_the_debounce(qtbot) -> None:
    vm = CaseViewModel(new_case(RequestKind.MLA), delay_ms=20)
    assert any(i.path == "$.request.facts_summary" for i in vm.issues)
    with qtbot.waitSignal(vm.dirtyChanged):
        vm.set("$.request.facts_summary", "On 3 May 2026 a courier was stopped at the border.")
    assert vm.dirty
    with qtbot.waitSignal(vm.issuesChanged, timeout=2000):
        pass
    assert not any(i.path == "$.request.facts_summary" for i in vm.issues)


def _counting_checks(monkeypatch) -> list[int]:
    """How many checks the view-model ran (each one evaluates the findings once)."""
    from mla_writer.gui import viewmodel

    runs = [0]
    evaluate = viewmodel.findings

    def counted(*args, **kwargs):
        runs[0] += 1
        return evaluate(*args, **kwargs)

    monkeypatch.setattr(viewmodel, "findings", counted)
    return runs


FACTS = "$.request.facts_summary"


def test_an_edit_after_a_quiet_moment_is_checked_at_once(qtbot, monkeypatch) -> None:
    """Leading edge: not after the debounce delay, but on the next turn of the event loop
    (after the edit returned: the keystroke is handled and drawn first)."""
    vm = CaseViewModel(new_case(RequestKind.MLA), delay_ms=400)
    runs = _counting_checks(monkeypatch)
    qtbot.wait(450)  # the check made at construction is long enough ago
    vm.set(FACTS, "On 3 May 2026 a courier was stopped at the border.")
    assert runs[0] == 0 and any(i.path == FACTS for i in vm.issues)  # not inside `set`
    qtbot.waitUntil(lambda: runs[0] == 1, timeout=300)  # well before the 400 ms debounce
    assert not any(i.path == FACTS for i in vm.issues)


def test_a_burst_of_edits_is_checked_once_after_it_and_shows_the_last_edit(
        qtbot, monkeypatch) -> None:
    """Debounce: edits made soon after a check wait until the delay passes without another
    edit; then one check runs, and its findings are those of the last edit."""
    vm = CaseViewModel(new_case(RequestKind.MLA), delay_ms=300)
    runs = _counting_checks(monkeypatch)
    qtbot.wait(350)
    vm.set(FACTS, "a")  # after a quiet moment: checked on the next turn
    qtbot.waitUntil(lambda: runs[0] == 1, timeout=2000)
    assert not any(i.path == FACTS for i in vm.issues)
    for text in ("ab", "", "a", "abc", ""):  # a burst: the last edit empties the field again
        vm.set(FACTS, text)
        qtbot.wait(5)
    assert runs[0] == 1  # not once per edit
    qtbot.waitUntil(lambda: runs[0] == 2, timeout=3000)
    qtbot.wait(400)
    assert runs[0] == 2  # one check for the whole burst
    assert any(i.path == FACTS for i in vm.issues)  # the last edit's: the field is empty


def test_changing_kind_creates_the_extradition_part_and_changes_steps(qtbot) -> None:
    vm = CaseViewModel(new_case(RequestKind.MLA))
    ids = [s.id for s in vm.steps()]
    assert "assistance" in ids and "surrender" not in ids
    with qtbot.waitSignal(vm.structureChanged):
        vm.set("$.request.kind", RequestKind.EXTRADITION)
    assert vm.case.request.extradition is not None
    vm.recheck_now()
    ids = [s.id for s in vm.steps()]
    assert "surrender" in ids and "assistance" not in ids
    assert ids[0] == "kind" and ids[-2:] == ["review", "produce"]


def test_steps_follow_the_rules_paths() -> None:
    case = new_case(RequestKind.PROVISIONAL_ARREST)
    assert "assistance" not in [s.id for s in steps_for(case)]
    shown = steps_for(case, ["$.request.assistance[0].link_to_facts"])
    assert "assistance" in [s.id for s in shown]


def test_step_of_paths() -> None:
    assert step_of("$.request.persons[1].location") == "persons"
    assert step_of("$.request.extradition.warrant.date") == "surrender"
    assert step_of("$.request.legal_basis.instrument_id") == "kind"
    assert step_of("$.request.requesting_authority.officer.email") == "authority"
    assert step_of("$.review.comments[0]") == "review"
    assert step_of("$.something_new") == "review"


def test_append_remove_and_issues_grouped_by_step(qtbot) -> None:
    vm = CaseViewModel(storage.load(_example("mla-bank-records")))
    n = len(vm.case.request.assistance)
    index = vm.append("$.request.assistance", BankRecords(id="A9"))
    assert index == n and vm.case.request.assistance[n].type == "bank_records"
    vm.remove("$.request.assistance", index)
    assert len(vm.case.request.assistance) == n
    grouped = vm.issues_by_step()
    assert sum(len(v) for v in grouped.values()) == len(vm.issues)
    assert all(step_of(i.path, vm.steps()) == sid for sid, v in grouped.items() for i in v)


def test_new_case_takes_the_remembered_authority() -> None:
    case = new_case(RequestKind.EXTRADITION, authority={"name": "Supreme People's Procuracy"},
                    requesting_state="VN")
    assert case.request.requesting_authority.name == "Supreme People's Procuracy"
    assert case.request.requesting_state == "VN"
    assert case.request.extradition is not None


def test_notes_for_item_paths_fall_back_to_the_pattern(qtbot) -> None:
    vm = CaseViewModel(storage.load(_example("mla-bank-records")))
    assert vm.notes_for("$.request.persons[7].location")
    assert vm.notes_for("$.request.dual_criminality_statement")


def _example(name: str):
    from mla_writer.resources import data_dir

    return data_dir("examples") / f"{name}.json"
