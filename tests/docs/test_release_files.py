"""CI and release workflows keep the promises a schema cannot check; project URLs resolve.

`make workflows` checks the workflow files against GitHub's schema. These tests check what
the schema allows but the project relies on: which Pythons CI runs, that a release is checked
before it is published, how it is published, and that the docs site is deployed.
"""

from __future__ import annotations

import re
import sys
from typing import Any

import yaml

from tests.helpers import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

WORKFLOWS = ROOT / ".github" / "workflows"
PYTHONS = ["3.10", "3.11", "3.12", "3.13"]


def load_workflow(name: str) -> dict[str, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text())
    assert isinstance(data, dict)
    # YAML 1.1 reads the bare key `on` as the boolean true.
    if True in data:
        data["on"] = data.pop(True)
    return data


def steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    found = job.get("steps", [])
    assert isinstance(found, list)
    return found


def commands(job: dict[str, Any]) -> str:
    return "\n".join(str(step.get("run", "")) for step in steps(job))


def uses(job: dict[str, Any]) -> list[str]:
    return [str(step["uses"]) for step in steps(job) if "uses" in step]


def jobs_using(workflow: dict[str, Any], action: str) -> list[dict[str, Any]]:
    return [
        job
        for job in workflow["jobs"].values()
        if any(used.startswith(f"{action}@") for used in uses(job))
    ]


def pyproject() -> dict[str, Any]:
    with (ROOT / "pyproject.toml").open("rb") as file:
        return tomllib.load(file)


def test_ci_runs_on_pushes_and_pull_requests() -> None:
    ci = load_workflow("ci.yml")
    assert "push" in ci["on"]
    assert "pull_request" in ci["on"]
    assert "workflow_call" in ci["on"], "release.yml calls CI before it builds"


def test_ci_matrix_is_exactly_the_supported_pythons() -> None:
    ci = load_workflow("ci.yml")
    # Quoted in the file: unquoted, YAML would read 3.10 as the float 3.1.
    assert ci["jobs"]["tests"]["strategy"]["matrix"]["python-version"] == PYTHONS
    classifiers = pyproject()["project"]["classifiers"]
    declared = [c.rsplit(" ", 1)[1] for c in classifiers if re.fullmatch(r".*:: 3\.\d+", c)]
    assert declared == PYTHONS
    assert pyproject()["project"]["requires-python"] == f">={PYTHONS[0]}"


def test_ci_covers_lint_types_docs_and_the_full_suite() -> None:
    ci = load_workflow("ci.yml")
    run = {name: commands(job) for name, job in ci["jobs"].items()}
    assert "make lint workflows" in run["lint"]
    assert "make typecheck" in run["types"]
    assert "make docs" in run["docs"]
    assert "bash .ci/run" in run["tests"]
    for job in ci["jobs"].values():
        assert job["runs-on"] == "ubuntu-latest"
        assert "actions/checkout@v4" in uses(job)
        [setup] = [s for s in steps(job) if str(s.get("uses", "")).startswith("actions/setup-")]
        assert setup["uses"] == "actions/setup-python@v5"
        assert setup["with"]["cache"] == "pip"


def test_make_test_validates_the_workflows() -> None:
    makefile = (ROOT / "Makefile").read_text()
    [test_line] = re.findall(r"^test:.*$", makefile, re.M)
    assert "workflows" in test_line.split()
    assert "--builtin-schema vendor.github-workflows" in makefile


def test_release_runs_only_on_version_tags() -> None:
    release = load_workflow("release.yml")
    assert release["on"] == {"push": {"tags": ["v*"]}}


def test_release_checks_what_it_builds_before_publishing() -> None:
    release = load_workflow("release.yml")
    build = release["jobs"]["build"]
    assert build["needs"] == "ci"
    assert release["jobs"]["ci"]["uses"] == "./.github/workflows/ci.yml"
    run = commands(build)
    assert "python -m build" in run
    assert "twine check --strict dist/*" in run
    assert "src/locally/_version.py" in run
    assert '"${GITHUB_REF_NAME}" != "v${version}"' in run
    assert run.index("_version.py") < run.index("python -m build") < run.index("twine check")


def test_release_publishes_by_trusted_publishing() -> None:
    release = load_workflow("release.yml")
    [publish] = jobs_using(release, "pypa/gh-action-pypi-publish")
    assert publish["needs"] == "build"
    assert publish["permissions"] == {"id-token": "write"}
    assert publish["environment"]["name"] == "pypi"
    for step in steps(publish):
        assert not {"password", "user"} & set(step.get("with", {})), "no stored API token"
    # Nothing else in the release may mint an OIDC token for PyPI or hold write scopes.
    assert release["permissions"] == {"contents": "read"}


def test_release_deploys_the_docs_site_after_publishing() -> None:
    release = load_workflow("release.yml")
    [deploy] = jobs_using(release, "actions/deploy-pages")
    assert deploy["permissions"]["pages"] == "write"
    assert deploy["permissions"]["id-token"] == "write"
    assert deploy["environment"]["name"] == "github-pages"
    assert "publish" in deploy["needs"]
    [site] = jobs_using(release, "actions/upload-pages-artifact")
    assert jobs_using(release, "actions/configure-pages") == [site]
    assert "make docs SITE_DIR=_site" in commands(site)


def test_project_urls_are_https_pages_not_markdown_sources() -> None:
    urls: dict[str, str] = pyproject()["project"]["urls"]
    assert {"Documentation", "Changelog", "Source", "Issues"} <= set(urls)
    for name, url in urls.items():
        assert url.startswith("https://"), name
        assert not url.endswith(".md"), f"{name}: {url} renders --8<-- placeholders"
    site_url = re.search(r"^site_url:\s*(\S+)\s*$", (ROOT / "mkdocs.yml").read_text(), re.M)
    assert site_url, "mkdocs.yml has no site_url"
    assert urls["Documentation"] == site_url.group(1)
    assert urls["Changelog"] == site_url.group(1) + "changelog/"
    assert (ROOT / "docs" / "changelog.md").is_file()
