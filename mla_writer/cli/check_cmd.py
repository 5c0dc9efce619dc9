"""Placeholder registration for the 'check' command group; replaced by its owner."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    """Nothing registered yet."""
