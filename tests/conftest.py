"""Test-wide settings: Qt runs offscreen; the bundled examples are easy to reach."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_NAMES = ("mla-bank-records", "mla-freezing-electronic", "extradition-accused",
                 "provisional-arrest")


@pytest.fixture(params=EXAMPLE_NAMES)
def example_path(request: pytest.FixtureRequest) -> Path:
    return ROOT / "examples" / f"{request.param}.json"
