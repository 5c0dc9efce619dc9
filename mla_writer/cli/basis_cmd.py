"""Placeholder registration for the 'basis' command group; replaced by its owner."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    """Nothing registered yet."""
