"""Guards of the architecture rules: Qt only in the GUI, no eval, layers import downwards, no
import cycles (imports inside functions count too), and an import inside a function only where
the module says it defers start-up cost.

The convention for imports inside functions: a module that has any carries one comment line

    # lazy imports (start-up cost): reportlab, pyhanko, render

(repeated on further lines when the list is long) naming what it loads on first use: the
top-level package of each third-party import, or the part of mla_writer (its first name under
mla_writer: `render`, `i18n`, `gui`) of each of ours.
Nothing else excuses an import inside a function: it still counts for cycles and layers.
Imports under `if TYPE_CHECKING:` never run and count for nothing.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

PKG = Path(__file__).resolve().parent.parent / "mla_writer"
QT_MODULES = ("PySide6", "shiboken6", "pytestqt")

#: the layers, lowest first: a module imports only from its own layer and those below.
#: (unit = the first name under mla_writer; "" is the package's own __init__)
LAYERS: tuple[tuple[str, ...], ...] = (
    ("", "resources", "domain", "icu_capi", "casecrypt", "safetext", "datafiles", "cachefiles",
     "atomicfile"),
    ("glyphs", "storage", "i18n", "identities"),
    ("xliff", "glossary"),
    ("profiles",),
    ("rules",),
    ("render",),
    ("signing",),  # a library: signs and verifies files, knows nothing of review
    ("review",),
    ("workflow",),  # the application layer: what Check, Produce and Sign do, for CLI and GUI
    ("register", "training"),  # the office's register and the workshops: over the whole core
    ("gui",),
    ("cli", "__main__"),
)
LAYER_OF = {unit: n for n, units in enumerate(LAYERS) for unit in units}

#: Known exceptions, each to be removed by the change named (importer, imported module).
ALLOWED = {
    # Profile lint checks each rule entry's field paths with the rule functions' `targets`,
    # which live with the rules (the parameter models moved to profiles/rule_params.py):
    # remove when the targets move there too.
    ("mla_writer.profiles.lint", "mla_writer.rules.registry"),
}

LAZY_MARK = re.compile(r"^# lazy imports \(start-up cost\): (.+)$", re.MULTILINE)


def _modules() -> list[Path]:
    return [p for p in PKG.rglob("*.py") if "_data" not in p.parts]


def _name(path: Path) -> str:
    parts = list(path.relative_to(PKG.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_name(p): p for p in _modules()}


def _unit(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    """ids of the nodes under `if TYPE_CHECKING:` (never executed)."""
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            out.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    return out


def _function_nodes(tree: ast.AST) -> set[int]:
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            out.update(id(n) for n in ast.walk(node) if n is not node)
    return out


def _imports(path: Path) -> list[tuple[ast.stmt, str, bool]]:
    """(statement, imported module, inside a function) for each executed import; `from X
    import y` names the module X.y when that is one of ours, else X."""
    return _read_imports(path)


@cache
def _read_imports(path: Path) -> list[tuple[ast.stmt, str, bool]]:
    return list(_walk_imports(path))


def _walk_imports(path: Path) -> Iterator[tuple[ast.stmt, str, bool]]:
    tree = ast.parse(path.read_text("utf-8"))
    skip, in_function = _type_checking_nodes(tree), _function_nodes(tree)
    here = _name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node, alias.name, id(node) in in_function
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                mod = ".".join([*base, node.module] if node.module else base)
            else:
                mod = node.module or ""
            for alias in node.names:
                sub = f"{mod}.{alias.name}"
                yield node, sub if sub in MODULES else mod, id(node) in in_function


def _ours(module: str) -> str | None:
    """The module of ours that `import module` runs last (None for a third-party one)."""
    while module and module not in MODULES:
        module = module.rpartition(".")[0]
    return module or None


def _edges(excused: set[tuple[str, str]] | frozenset[tuple[str, str]] = frozenset()
           ) -> dict[str, set[str]]:
    """Module -> the modules of ours it imports (and their packages' __init__, which the
    import runs too, unless the importer is inside that package); an `excused` (importer,
    imported) pair is left out with the packages it implies."""
    graph: dict[str, set[str]] = {name: set() for name in MODULES}
    for name, path in MODULES.items():
        for _node, imported, _lazy in _imports(path):
            target = _ours(imported)
            if target is None or target == name or (name, target) in excused:
                continue
            graph[name].add(target)
            parent = target.rpartition(".")[0]
            while parent and not (name == parent or name.startswith(parent + ".")):
                graph[name].add(parent)
                parent = parent.rpartition(".")[0]
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_qt_is_imported_only_in_the_gui_package() -> None:
    offenders = [
        f"{p.relative_to(PKG)} imports {name}"
        for p in _modules() if "gui" not in p.relative_to(PKG).parts
        for _node, name, _lazy in _imports(p) if name.split(".")[0] in QT_MODULES
    ]
    assert offenders == []


def test_layers_import_only_downwards() -> None:
    """Also imports inside functions: hiding an upward import in a function is still one."""
    assert set(LAYER_OF) >= {_unit(m) for m in MODULES}, "a new top-level module: give it a layer"
    offenders = []
    for name, targets in _edges(ALLOWED).items():
        for target in targets:
            if LAYER_OF[_unit(target)] > LAYER_OF[_unit(name)]:
                offenders.append(f"{name} imports {target} (a higher layer)")
    assert sorted(offenders) == []


def test_no_import_cycles() -> None:
    assert _cycles(_edges(ALLOWED)) == []


def test_the_allowed_exceptions_still_exist() -> None:
    """An exception that is no longer needed is removed from ALLOWED (it would excuse a new
    one)."""
    graph = _edges()
    assert sorted(pair for pair in ALLOWED if pair[1] not in graph[pair[0]]) == []


def test_imports_inside_functions_say_they_defer_start_up_cost() -> None:
    offenders = []
    for path in MODULES.values():
        declared = {word.strip() for line in LAZY_MARK.findall(path.read_text("utf-8"))
                    for word in line.split(",")}
        for node, imported, lazy in _imports(path):
            if not lazy:
                continue
            ours = _ours(imported)
            key = _unit(ours) or "mla_writer" if ours else imported.split(".")[0]
            if key not in declared:
                offenders.append(f"{path.relative_to(PKG.parent)}:{node.lineno} imports"
                                 f" {imported} inside a function: import it at the top, or add"
                                 f" {key!r} to the '# lazy imports (start-up cost): ...' line")
    assert sorted(set(offenders)) == []


def test_the_graph_sees_imports_inside_functions_and_skips_type_checking() -> None:
    """The checks above read what they claim to: a lazy import is an edge, a TYPE_CHECKING
    one is not (this module's own reading of two known modules)."""
    graph = _edges()
    assert "mla_writer.rules.registry" in graph["mla_writer.profiles.lint"]  # in a function
    assert "mla_writer.profiles.loader" not in graph["mla_writer.rules.registry"]  # typing only
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_eval_exec_or_pickle() -> None:
    offenders = []
    for p in _modules():
        for node in ast.walk(ast.parse(p.read_text("utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                    and node.func.id in ("eval", "exec"):
                offenders.append(f"{p.relative_to(PKG)}:{node.lineno} {node.func.id}")
            if isinstance(node, ast.Attribute) and node.attr in ("loads", "load") \
                    and isinstance(node.value, ast.Name) and node.value.id == "pickle":
                offenders.append(f"{p.relative_to(PKG)}:{node.lineno} pickle")
    assert offenders == []
