"""The package's layers (docs/ARCHITECTURE.md): a module imports only from its own layer's
package or from a lower layer, so each layer can be read, tested and replaced without the
ones above it."""

from __future__ import annotations

import ast
from pathlib import Path

SUITE = Path(__file__).resolve().parent.parent / "suite"

#: Lowest first. Two packages on one level do not import each other.
LEVELS = {
    "data": 0,
    "_io": 0,
    "_model": 1,
    "_generation": 2,
    "adapters": 2,
    "_reports": 3,
    "_running": 4,
    "_edits": 4,
}
FACES = {"cli", "plugin", "strategies", "__init__", "__main__"}


def _package_of(module: Path) -> str:
    parts = module.relative_to(SUITE).parts
    return parts[0] if len(parts) > 1 else "<face>"


def _imported_packages(module: Path) -> set[str]:
    """The suite's own top-level packages a module imports from, relative or absolute."""
    depth = len(module.relative_to(SUITE).parts) - 1
    found: set[str] = set()
    for node in ast.walk(ast.parse(module.read_text())):
        if not isinstance(node, ast.ImportFrom):
            continue
        if node.level:
            up = node.level - 1
            if up > depth:
                continue
            base = list(module.relative_to(SUITE).parts[: depth - up])
            dotted = base + (node.module.split(".") if node.module else [])
            names = [dotted[0]] if dotted else [alias.name for alias in node.names]
        elif node.module and node.module.startswith("neptune_ml_conformance."):
            names = [node.module.split(".")[1]]
        else:
            continue
        found.update(names)
    return found


def test_no_module_imports_from_a_higher_layer() -> None:
    offences = []
    for module in sorted(SUITE.rglob("*.py")):
        own = _package_of(module)
        if own == "<face>":
            assert module.stem in FACES, f"{module.name}: a new face? add it to FACES"
            continue
        assert own in LEVELS, f"{own}: a new package? give it a level in LEVELS"
        for imported in _imported_packages(module):
            if imported in FACES or imported == "__version__":
                if imported != "__version__":
                    offences.append(f"{module.relative_to(SUITE)} imports the face {imported}")
                continue
            if imported == own or imported not in LEVELS:
                continue
            if LEVELS[imported] >= LEVELS[own]:
                offences.append(f"{module.relative_to(SUITE)} imports {imported}")
    assert offences == []


def test_every_package_is_in_the_layer_table() -> None:
    packages = {p.name for p in SUITE.iterdir() if (p / "__init__.py").exists()}
    assert packages == set(LEVELS)
