"""Promise 7, statically: nothing marks user content as safe HTML.

Fails on any `mark_safe`, `SafeString(...)`, `|safe`, `|safeseq` or `{% autoescape off %}` in the
project's templates and Python that is not on the reviewed list below. To add one, review it
(never on anything a user wrote) and list it here with the reason.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIP_DIRS = {".venv", "node_modules", "staticfiles", ".git", "tests", "bench", "__pycache__"}
UNSAFE = re.compile(r"mark_safe\s*\(|SafeString\s*\(|\|\s*safe(seq)?\b|autoescape\s+off|\bsafe_join\b|allow_tags")

# (file, the exact line stripped): why it is safe.
REVIEWED = {
    ("stories/charts.py", 'return mark_safe("")  # noqa: S308 -- a constant empty string'): "a constant",
    (
        "templates/mfa/totp/activate_form.html",
        '<figure class="card">{{ totp_svg|safe }}{# generated from the secret by the MFA adapter, never from user input #}',
    ): "a QR code allauth draws from the TOTP secret; no user text",
    (
        "moderation/queue_rows.py",
        'return mark_safe("\\n".join(html))  # noqa: S308 -- rendered by the row template, which escaped every value',
    ): "the queue's rows as the template engine rendered them (every value autoescaped), joined; the waiting time is escaped",
    (
        "moderation/queue_rows.py",
        "return mark_safe(html.decode())  # noqa: S308 -- rendered by the row template, which escaped every value",
    ): "listed_utf8()'s rows (the row template's output, every value autoescaped, the waiting time escaped) decoded",
    (
        "moderation/queue_skeleton.py",
        "shown = {name: mark_safe(value.decode()) if isinstance(value, bytes) else value for name, value in spliced.items()}"
        "  # noqa: S308 -- finished HTML",
    ): "the queue's parts given as bytes are listed_utf8()'s rows only (escaped as above); every str part is escaped by the template",
    (
        "stories/templatetags/fragments.py",
        "return mark_safe(html)  # noqa: S308 -- the nodelist's own output, escaped as it rendered",
    ): "a template fragment's own rendered output, kept and given back unchanged",
}


def unsafe_lines() -> set[tuple[str, str]]:
    found = set()
    for path in ROOT.rglob("*"):
        relative = path.relative_to(ROOT)
        if set(relative.parts) & SKIP_DIRS or not path.is_file():
            continue
        if path.suffix not in (".py", ".html", ".txt", ".svg", ".xml", ".js"):
            continue
        for line in path.read_text(errors="replace").splitlines():
            if UNSAFE.search(line):
                found.add((relative.as_posix(), line.strip()))
    return found


def test_nothing_unreviewed_is_marked_safe():
    unreviewed = sorted(unsafe_lines() - set(REVIEWED))
    assert unreviewed == [], "review these (never on user content) and list them in REVIEWED:\n" + "\n".join(
        f"{path}: {line}" for path, line in unreviewed
    )


def test_the_scan_finds_what_it_looks_for():
    for sample in ("{{ story.text|safe }}", "{{ x | safe }}", "{% autoescape off %}", "mark_safe(text)", "{{ rows|safeseq }}"):
        assert UNSAFE.search(sample), sample
    assert not UNSAFE.search("{{ story.text|linebreaksbr }}")


def test_ruff_security_rules_are_on():
    pyproject = (ROOT / "pyproject.toml").read_text()
    select = re.search(r"^select = \[(.*?)\]", pyproject, re.MULTILINE | re.DOTALL).group(1)
    assert '"S"' in select, "ruff's flake8-bandit rules (S) must stay selected"
    ignored = re.search(r"^ignore = \[(.*?)\]", pyproject, re.MULTILINE | re.DOTALL).group(1)
    assert '"S"' not in ignored and not re.search(r'"S\d', ignored), "no S rule may be ignored project-wide; use a reviewed # noqa"
