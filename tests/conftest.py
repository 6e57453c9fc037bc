"""Shared fixtures. Tests that read ../shared skip cleanly when it is absent (fresh clone)."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import settings

# Property tests draw fresh examples on every local run, so they keep finding new cases; in CI
# (HYPOTHESIS_PROFILE=ci, as .ci/run sets, or the CI variable that CI services set) they draw the
# same examples every time, so a landing never hangs on a lucky draw. A case found locally goes
# into its test as an @example.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "default"))

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLE = ROOT / "examples" / "sample-cluster"
VIET_NGA = SHARED / "examples" / "viet-nga"
VIMS = SHARED / "data" / "vims"

requires_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared is absent (fresh clone)")
requires_vims = pytest.mark.skipif(not VIMS.is_dir(), reason="../shared/data/vims is absent")
requires_viet_nga = pytest.mark.skipif(not VIET_NGA.is_dir(), reason="../shared/examples/viet-nga is absent")


def load_script(name: str) -> ModuleType:
    """``scripts/<name>.py`` as a module (the scripts are not a package); their folder goes on
    ``sys.path`` first, as when Python runs a script, so ``_support`` imports."""
    scripts = str(ROOT / "scripts")
    if scripts not in sys.path:
        sys.path.insert(0, scripts)
    spec = importlib.util.spec_from_file_location(f"script_{name}", ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is absent (fresh clone)")
    return SHARED


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    return SAMPLE


@pytest.fixture()
def write_reports(tmp_path: Path):
    """Write {name: text} as UTF-8 reports into a fresh folder and return it."""

    def _write(reports: dict[str, str], folder: str = "cluster") -> Path:
        target = tmp_path / folder
        target.mkdir(parents=True, exist_ok=True)
        for name, text in reports.items():
            (target / name).write_text(text, encoding="utf-8")
        return target

    return _write
