"""The wheel and the sdist build, install into a fresh virtualenv and work there."""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.helpers import ROOT

SMOKE = """
import locally
from locally.testing import FakeLocally
fake = FakeLocally(generated_carts=2)
with fake.client() as client:
    assert client.carts.retrieve("PDQE89").items[0].name == "The E-bike"
    assert len(list(client.carts.list())) == 5
from importlib import resources
assert resources.files("locally").joinpath("py.typed").is_file()
print("smoke ok", locally.__version__)
"""


@pytest.mark.timeout(300)
def test_wheel_and_sdist_install_and_run(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--wheel", "--outdir", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=240,
    )
    wheels = list(dist.glob("locally-*.whl"))
    sdists = list(dist.glob("locally-*.tar.gz"))
    assert len(wheels) == 1
    assert len(sdists) == 1
    from locally import __version__

    assert wheels[0].name == f"locally-{__version__}-py3-none-any.whl"
    for artifact in (wheels[0], sdists[0]):
        env_dir = tmp_path / f"venv-{artifact.suffix}"
        venv.create(env_dir, with_pip=True)
        python = env_dir / "bin" / "python"
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", str(artifact)],
            check=True,
            capture_output=True,
            timeout=240,
        )
        result = subprocess.run(
            [str(python), "-c", SMOKE], capture_output=True, text=True, timeout=60, check=False
        )
        assert result.returncode == 0, result.stderr
        assert f"smoke ok {__version__}" in result.stdout
        cli = subprocess.run(
            [str(env_dir / "bin" / "locally"), "--help"], capture_output=True, text=True, timeout=60
        )
        assert cli.returncode == 0
        assert "carts" in cli.stdout
