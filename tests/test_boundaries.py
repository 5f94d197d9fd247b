"""One package per audience: the product imports neither the fake Amazon nor the laptop harness,
and the fake Amazon reads nothing of the product but its copy of Amazon's models."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PRODUCT = [ROOT / "plugins", ROOT / "dags"]
SIMULATOR = ROOT / "testbed" / "sp_api_simulator"
# The one part of the product the simulator may read: Amazon's models and their time format.
MODEL = "amazon_orders.sp_api.model"


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at any depth (function-level imports too)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _files(*folders: Path) -> list[Path]:
    return sorted(p for folder in folders for p in folder.rglob("*.py"))


def _top(module: str) -> str:
    return module.split(".", 1)[0]


@pytest.mark.parametrize("path", _files(*PRODUCT), ids=lambda p: str(p.relative_to(ROOT)))
def test_product_imports_neither_the_simulator_nor_the_harness(path):
    wrong = {m for m in imported_modules(path) if _top(m) in {"sp_api_simulator", "local_harness"}}
    assert not wrong, f"{path.relative_to(ROOT)} imports {sorted(wrong)}"


@pytest.mark.parametrize("path", _files(SIMULATOR), ids=lambda p: str(p.relative_to(ROOT)))
def test_simulator_reads_only_the_models_of_the_product(path):
    modules = imported_modules(path)
    wrong = {m for m in modules if _top(m) == "amazon_orders" and not m.startswith(MODEL)}
    wrong |= {m for m in modules if _top(m) == "local_harness"}
    assert not wrong, f"{path.relative_to(ROOT)} imports {sorted(wrong)}"


def test_the_scan_sees_imports_inside_functions(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from local_harness import demo\n    import sp_api_simulator.app\n")
    assert {"local_harness.demo", "sp_api_simulator.app"} <= imported_modules(sample)
