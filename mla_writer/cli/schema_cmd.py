"""`mla-writer schema`: print the case-file JSON Schema derived from the request model."""

# lazy imports (start-up cost): storage
from __future__ import annotations

import argparse
import json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("schema", help="print the case-file JSON Schema")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..storage import json_schema

    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return 0
