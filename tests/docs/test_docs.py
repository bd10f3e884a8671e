"""Documentation code never drifts: docs blocks include tested examples; README's block runs."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from locally.testing import FakeLocally
from tests.docs.test_examples import EXPECTED
from tests.helpers import ROOT

FENCE = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def test_every_python_block_in_docs_is_an_included_example() -> None:
    blocks = 0
    for page in sorted((ROOT / "docs").glob("*.md")):
        for body in FENCE.findall(page.read_text()):
            blocks += 1
            included = re.fullmatch(r'--8<-- "examples/([\w.]+)"\n', body)
            assert included, f"{page.name}: a python block that is not an included example"
            assert included.group(1) in EXPECTED, f"{page.name}: {included.group(1)} is not run"
    assert blocks >= 14


def test_readme_quickstart_runs_against_the_fake() -> None:
    [code] = FENCE.findall((ROOT / "README.md").read_text())
    fake = FakeLocally(generated_carts=5)
    with fake.serve() as url:
        env = {**os.environ, "LOCALLY_API_TOKEN": fake.api_token, "LOCALLY_BASE_URL": url}
        result = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
        )
    assert result.returncode == 0, result.stderr
    assert "The E-bike 2099.99 162.75 2262.74" in result.stdout


def test_sample_payloads_hold_real_looking_email_addresses() -> None:
    """The fake's samples show addresses a user could mistake for nothing but an example."""
    import json
    import re
    from importlib import resources

    address = re.compile(r"^[a-z0-9.]+@example\.com$")
    found = 0
    for sample in resources.files("locally.testing").joinpath("samples").iterdir():
        text = sample.read_text("utf-8")
        assert "protected" not in text, sample.name
        for email in re.findall(r'"email":\s*("[^"]*")', text):
            value = json.loads(email)
            if value:
                found += 1
                assert address.match(value), (sample.name, value)
    assert found >= 2


def test_docs_hold_no_notes_about_how_the_project_is_run() -> None:
    """The site speaks to users: no issue numbers or notes on what a task allowed."""
    import re

    internal = re.compile(r"\bissue \d+|\bthe issue\b|\bissues? allowed\b|\bbrief\b", re.I)
    pages = [*sorted((ROOT / "docs").glob("*.md")), ROOT / "README.md", ROOT / "CHANGELOG.md"]
    for page in pages:
        for number, line in enumerate(page.read_text("utf-8").splitlines(), start=1):
            assert not internal.search(line), f"{page.name}:{number}: {line.strip()}"


# A merge left CHANGELOG.md holding both sides' markers, and the docs site showed them
# verbatim (docs/changelog.md includes the file): nothing else in the build would notice.
CONFLICT_MARKER = re.compile(r"^(<{7}|={7}|>{7})( |$)", re.M)
CHECKED_FOLDERS = ("docs", "src", "examples", "tests", "benchmarks", "tools")
CHECKED_SUFFIXES = {".md", ".py", ".toml", ".yml", ".yaml", ".txt", ".cfg", ".ini"}


def test_no_file_holds_merge_conflict_markers() -> None:
    files = [ROOT / name for name in ("CHANGELOG.md", "README.md", "Makefile", "pyproject.toml")]
    for folder in CHECKED_FOLDERS:
        files += [p for p in (ROOT / folder).rglob("*") if p.suffix in CHECKED_SUFFIXES]
    assert len(files) > 100
    for path in files:
        found = CONFLICT_MARKER.search(path.read_text("utf-8"))
        assert found is None, f"{path.relative_to(ROOT)}: merge conflict marker {found.group(0)!r}"


def test_changelog_names_each_kind_of_change_once_per_release() -> None:
    """Keep a Changelog: one "### Added", one "### Changed"... under each "## " release."""
    releases = re.split(r"^## ", (ROOT / "CHANGELOG.md").read_text("utf-8"), flags=re.M)[1:]
    assert releases
    for release in releases:
        kinds = re.findall(r"^### (.+)$", release, flags=re.M)
        assert len(kinds) == len(set(kinds)), f"{release.splitlines()[0]}: {kinds}"
