"""Verification problems are structured (`signing.problems.Problem`): the English text the
command line and JSON have always carried, plus an id and the data it names."""

from __future__ import annotations

import copy
import json
import pickle
import re
from pathlib import Path

from mla_writer.signing import verify_package
from mla_writer.signing.problems import TEMPLATES, Problem
from mla_writer.signing.verify import NO_TRUST

from .conftest import CLOCK


def test_a_problem_is_its_english_text_with_an_id_and_params() -> None:
    p = Problem("file-modified", file="checklist.txt")
    assert p == "file modified: checklist.txt (its SHA-256 differs from the manifest)"
    assert isinstance(p, str) and p.id == "file-modified"
    assert p.params == {"file": "checklist.txt"}
    assert json.loads(json.dumps([p])) == [str(p)]
    for again in (copy.deepcopy(p), pickle.loads(pickle.dumps(p))):
        assert again == p and again.id == p.id and again.params == p.params
    assert NO_TRUST.id == "no-trust-anchor"


def test_every_template_names_its_params() -> None:
    for pid, template in TEMPLATES.items():
        names = re.findall(r"%\((\w+)\)s", template)
        assert "%" not in re.sub(r"%\(\w+\)s", "", template), pid
        p = Problem(pid, **{n: f"<{n}>" for n in names})
        assert all(f"<{n}>" in p for n in names)


def test_the_verifier_reports_problems_by_id(package, tmp_path: Path, trust_pem) -> None:
    import shutil

    result, _case = package
    copy_dir = tmp_path / "pkg"
    shutil.copytree(result.directory, copy_dir)
    (copy_dir / "checklist.txt").write_text("changed", "utf-8")
    (copy_dir / "extra.txt").write_text("added", "utf-8")
    report = verify_package(copy_dir, trust=trust_pem, now=CLOCK.now())
    ids = {p.id for p in report.problems}
    assert {"file-modified", "file-added"} <= ids
    assert all(isinstance(p, Problem) for p in report.problems)
    untrusted = verify_package(result.directory, now=CLOCK.now())
    assert [p.id for p in untrusted.problems] == ["no-trust-anchor"]
