"""Forms are generated from the request model: every field of every assistance type appears,
with its title, and edits go straight into the view-model."""

from __future__ import annotations

import datetime as dt

import pytest

from mla_writer.domain.model import ASSISTANCE_TYPES, CaseFile, Person, RequestKind
from mla_writer.gui.fields import choice_label, id_prefix, spec_for, title_for_path
from mla_writer.gui.forms import Form
from mla_writer.gui.viewmodel import CaseViewModel, new_case


@pytest.mark.parametrize("type_name", sorted(ASSISTANCE_TYPES))
def test_every_assistance_type_gets_a_form_with_all_its_fields(qtbot, type_name):
    cls = ASSISTANCE_TYPES[type_name]
    vm = CaseViewModel(new_case(RequestKind.MLA))
    index = vm.append("$.request.assistance", cls())
    base = f"$.request.assistance[{index}]"
    form = Form(vm, base, cls)
    qtbot.addWidget(form)
    form.load()
    # every field but the union tag and the generated id ("A1", shown in the table)
    expected = {f"{base}.{name}" for name in cls.model_fields if name not in ("type", "id")}
    assert set(form.widgets) == expected
    for path, widget in form.widgets.items():
        name = path.rsplit(".", 1)[1]
        assert widget.accessibleName() == cls.model_fields[name].title


def test_typed_values_are_validated_by_the_model(qtbot):
    vm = CaseViewModel(new_case(RequestKind.MLA))
    vm.append("$.request.persons", Person(id="P1"))
    form = Form(vm, "$.request.persons[0]", Person)
    qtbot.addWidget(form)
    form.show()
    form.load()
    date = form.widgets["$.request.persons[0].date_of_birth"]
    assert "$.request.persons[0].id" not in form.widgets  # generated, not typed
    qtbot.keyClicks(date, "14/07/1990")
    assert vm.case.request.persons[0].date_of_birth is None
    assert date.property("invalid") == "true"
    date.clear()
    qtbot.keyClicks(date, "1990-07-14")
    assert vm.case.request.persons[0].date_of_birth == dt.date(1990, 7, 14)
    assert date.property("invalid") == "false"
    aliases = form.widgets["$.request.persons[0].aliases"]
    qtbot.keyClicks(aliases, "Tung Bavet")
    assert vm.case.request.persons[0].aliases == ["Tung Bavet"]


def test_field_classification_and_labels():
    from mla_writer.domain.model import Offence, Request

    assert spec_for("facts_summary", Request.model_fields["facts_summary"]).kind == "long_text"
    assert spec_for("stage", Request.model_fields["stage"]).optional
    assert spec_for("assistance", Request.model_fields["assistance"]).union
    assert spec_for("maximum_penalty_years",
                    Offence.model_fields["maximum_penalty_years"]).kind == "number"
    assert choice_label(RequestKind.PROVISIONAL_ARREST) == "Provisional arrest"
    assert spec_for("requested_state", Request.model_fields["requested_state"]).kind == "state"
    assert spec_for("person_ids", ASSISTANCE_TYPES["bank_records"].model_fields[
        "person_ids"]).kind == "person_list"
    assert id_prefix(Person) == "P" and id_prefix(Offence) == "O"
    assert title_for_path(CaseFile, "$.request.extradition.warrant.date") == "Date issued"
