"""`mla-writer examples`: list the bundled fictional example cases and copy one to work on
(an installed program has no `examples/` folder beside it to `cp` from)."""

# lazy imports (start-up cost): resources, storage

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .common import EXIT_OK, EXIT_PROBLEMS, EXIT_UNREADABLE


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("examples", help="list or copy the bundled example cases",
                       description="The bundled example cases are fictional and complete;"
                       " `example:NAME` names one wherever a CASE is expected.")
    ex = p.add_subparsers(dest="examples_command", metavar="ACTION", required=True)
    ls = ex.add_parser("list", help="name, kind and states of each example")
    ls.set_defaults(func=run_list)
    cp = ex.add_parser("copy", help="copy an example to a case file of your own",
                       description="Write the example NAME to FILE, a case file to edit (a"
                       " folder: NAME.json in it). Refuses (exit 1) to replace an existing"
                       " FILE unless --force.")
    cp.add_argument("name", metavar="NAME", help="an example's name (see `examples list`)")
    cp.add_argument("file", metavar="FILE", type=Path, help="the case file to write")
    cp.add_argument("--force", action="store_true", help="replace FILE if it exists")
    cp.set_defaults(func=run_copy)


def _examples() -> dict[str, Path]:
    from ..resources import data_dir

    return {p.stem: p for p in sorted(data_dir("examples").glob("*.json"))}


def run_list(args: argparse.Namespace) -> int:
    for name, path in _examples().items():
        request = json.loads(path.read_text("utf-8")).get("request", {})
        kind = str(request.get("kind", "")).replace("_", " ")
        print(f"{name:<26} {kind:<20} {request.get('requesting_state', '?')} to"
              f" {request.get('requested_state', '?')}")
    return EXIT_OK


def run_copy(args: argparse.Namespace) -> int:
    from ..storage import atomic_write_bytes

    examples = _examples()
    name = args.name.removeprefix("example:")
    source = examples.get(name)
    if source is None:
        print(f"mla-writer examples copy: no example {args.name!r}; expected one of"
              f" {', '.join(examples)}", file=sys.stderr)
        return EXIT_UNREADABLE
    if args.file.is_dir():  # a folder: the example keeps its name in it
        args.file = args.file / f"{name}.json"
    if args.file.exists() and not args.force:
        print(f"mla-writer examples copy: {args.file} exists; choose another file name or"
              " give --force to replace it", file=sys.stderr)
        return EXIT_PROBLEMS
    try:
        atomic_write_bytes(args.file, source.read_bytes())
    except OSError as exc:
        print(f"mla-writer examples copy: cannot write {args.file}: {exc.strerror or exc}",
              file=sys.stderr)
        return EXIT_PROBLEMS
    print(args.file)
    return EXIT_OK
