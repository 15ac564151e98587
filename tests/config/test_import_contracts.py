"""The dependency rules hold in the code, not only in STYLE.md: import-linter's contracts
(pyproject.toml [tool.importlinter]) for the apps. .ci/run checks every contract with `lint-imports`."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = ROOT / ".venv" / "bin" / "lint-imports"
APP_CONTRACTS = ["stories-imports-no-other-app", "accounts-not-moderation", "apps-not-bench", "reliability-tests-not-bench"]


@pytest.mark.skipif(not (LINT_IMPORTS.exists() or shutil.which("lint-imports")), reason="import-linter is not installed (requirements-dev.txt)")
def test_the_apps_keep_their_import_contracts():
    command = [str(LINT_IMPORTS) if LINT_IMPORTS.exists() else "lint-imports", "--no-cache", "--no-logo"]
    for contract in APP_CONTRACTS:
        command += ["--contract", contract]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(APP_CONTRACTS)} kept, 0 broken" in result.stdout
