"""The checklist after edits: only the groups that changed are built again (issue 13), so what
it shows must stay exactly what a checklist built from scratch shows; the view-model's cached
steps must stay those the rules give."""

from __future__ import annotations

from mla_writer.domain.model import Person, RequestKind
from mla_writer.gui.checklist import PATH_ROLE, STEP_ROLE, ChecklistPanel
from mla_writer.gui.steps import step_of, steps_for
from mla_writer.resources import data_dir


def _shown(panel: ChecklistPanel) -> list[tuple[str, str, str, list[tuple[str, str, str]]]]:
    out = []
    for i in range(panel.tree.topLevelItemCount()):
        head = panel.tree.topLevelItem(i)
        rows = [(head.child(j).text(0), head.child(j).data(0, PATH_ROLE),
                 head.child(j).toolTip(0)) for j in range(head.childCount())]
        out.append((head.text(0), head.data(0, STEP_ROLE), str(head.isExpanded()), rows))
    return out


def test_checklist_after_edits_is_the_one_built_from_scratch(window) -> None:
    win = window
    win.open_example(str(data_dir("examples") / "mla-bank-records.json"))
    vm = win.vm
    edits = [
        ("$.request.purpose", ""),          # an error appears in one group
        ("$.request.purpose", "Evidence"),  # ... and goes again
        ("$.request.case_reference", ""),
        ("$.request.persons", [*vm.get("$.request.persons"), Person()]),  # a new finding
        ("$.request.kind", RequestKind.EXTRADITION),  # steps and groups change
        ("$.request.kind", RequestKind.MLA),
    ]
    before = _shown(win.checklist)
    assert before == _shown(ChecklistPanel(vm))
    seen = [before]
    for path, value in edits:
        vm.set(path, value)
        vm.recheck_now()
        shown = _shown(win.checklist)
        assert shown == _shown(ChecklistPanel(vm)), path
        seen.append(shown)
        steps = steps_for(vm.case, [i.path for i in vm.issues])
        assert [s.id for s in vm.steps()] == [s.id for s in steps]
        grouped = vm.issues_by_step()
        for issue in vm.issues:
            assert issue in grouped[step_of(issue.path, steps)]
    assert len({repr(s) for s in seen}) > 2  # the edits did change what the checklist shows
