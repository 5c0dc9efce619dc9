"""Guards of the architecture rules: Qt only in the GUI, no eval, layers import downwards."""

from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parent.parent / "mla_writer"
QT_MODULES = ("PySide6", "shiboken6", "pytestqt")
# layer -> packages it must not import (each layer imports only those below it)
FORBIDDEN = {
    "domain": ("mla_writer.render", "mla_writer.rules", "mla_writer.profiles",
               "mla_writer.signing", "mla_writer.gui", "mla_writer.cli", "mla_writer.storage"),
    "profiles": ("mla_writer.render", "mla_writer.signing", "mla_writer.gui", "mla_writer.cli"),
    "rules": ("mla_writer.render", "mla_writer.signing", "mla_writer.gui", "mla_writer.cli"),
    "render": ("mla_writer.signing", "mla_writer.gui", "mla_writer.cli"),
    "signing": ("mla_writer.gui", "mla_writer.cli"),
}


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text("utf-8"))
    rel = path.relative_to(PKG.parent).with_suffix("").parts
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(rel[: len(rel) - node.level])
                if path.name == "__init__.py":
                    base = list(rel[: len(rel) - node.level + 1])
                mod = ".".join([*base, node.module] if node.module else base)
            else:
                mod = node.module or ""
            names.append(mod)
    return names


def _modules() -> list[Path]:
    return [p for p in PKG.rglob("*.py") if "_data" not in p.parts]


def test_qt_is_imported_only_in_the_gui_package() -> None:
    offenders = [
        f"{p.relative_to(PKG)} imports {name}"
        for p in _modules() if "gui" not in p.relative_to(PKG).parts
        for name in _imports(p) if name.split(".")[0] in QT_MODULES
    ]
    assert offenders == []


def test_layers_import_only_downwards() -> None:
    offenders = []
    for p in _modules():
        layer = p.relative_to(PKG).parts[0].removesuffix(".py")
        for name in _imports(p):
            if any(name == f or name.startswith(f + ".") for f in FORBIDDEN.get(layer, ())):
                offenders.append(f"{p.relative_to(PKG)} imports {name}")
    assert offenders == []


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
