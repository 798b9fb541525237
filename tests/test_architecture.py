"""The house in layers, enforced: import-linter's contracts (pyproject.toml
[tool.importlinter]), no dead code (vulture), and storage seeing only the article layer's data
types. A change that reaches back up a layer fails here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import monitor.article

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_import_contracts_are_kept() -> None:
    result = _run(str(BIN / "lint-imports"), "--no-cache")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "Contracts: 6 kept, 0 broken." in result.stdout


def test_storage_imports_only_the_article_types() -> None:
    """Every module of monitor.article but types.py is forbidden to storage, by name: a new
    article module must be added to the contract (or be a data type)."""
    import tomllib

    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))[
        "tool"]["importlinter"]["contracts"]
    (contract,) = [c for c in contracts if c["name"].startswith("Storage sees")]
    modules = {p.stem for p in Path(monitor.article.__file__).parent.glob("*.py")}
    expected = {f"monitor.article.{m}" for m in modules - {"__init__", "types"}}
    assert expected <= set(contract["forbidden_modules"])


def test_no_dead_code() -> None:
    result = _run(str(BIN / "vulture"), "monitor", "spiders", "storage",
                  "tests/vulture_whitelist.py", "--min-confidence", "60",
                  "--exclude", "storage/migrations/versions")
    assert result.returncode == 0, result.stdout[-4000:]


def test_importing_any_module_reads_no_config_and_has_no_side_effect(tmp_path: Path) -> None:
    """Every module imports in a folder holding a broken newsmon.toml, with $NEWSMON_CONFIG
    naming a missing file: nothing is read, nothing is written. (Alembic's env.py and the
    revision scripts run only inside alembic.)"""
    (tmp_path / "newsmon.toml").write_text("this is = = not toml\n", "utf-8")
    script = (
        "import importlib, pkgutil\n"
        "import monitor, spiders, storage\n"
        "names = []\n"
        "for pkg in (monitor, spiders, storage):\n"
        "    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        if '.versions.' in info.name or info.name.endswith(('__main__', '.env')):\n"
        "            continue\n"
        "        importlib.import_module(info.name)\n"
        "        names.append(info.name)\n"
        "print(len(names))\n")
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT),
           "NEWSMON_CONFIG": str(tmp_path / "missing.toml")}
    result = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert int(result.stdout.split()[-1]) > 50
    assert sorted(p.name for p in tmp_path.iterdir()) == ["newsmon.toml"]
