"""Promise 11: `make audit` never pretends. (Running it needs the network; this checks the recipe.)

Without --strict, pip-audit skips every package it cannot look up and still prints "No known
vulnerabilities found" with exit status 0 — which is what it did on this offline machine.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def audit_recipe() -> str:
    makefile = (ROOT / "Makefile").read_text()
    match = re.search(r"^audit:.*?\n((?:\t.*\n)+)", makefile, re.MULTILINE)
    assert match, "the Makefile has an audit target"
    return match.group(1)


def test_make_audit_fails_when_a_dependency_could_not_be_checked():
    recipe = audit_recipe()
    assert "pip-audit --strict" in recipe and "-r requirements.txt" in recipe
    assert "NO AUDIT WAS DONE" in recipe and "exit 1" in recipe
