"""``pip install .`` gives a working ``kazkg`` anywhere: ontology, graph and queries ship inside."""

from __future__ import annotations

import os
import site
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_a_wheel_installed_in_a_fresh_venv_builds_the_graph_from_another_directory(
    tmp_path: Path, source_path: Path
) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("kazkg-*.whl")

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "--quiet", "--no-deps", str(wheel)], check=True)
    # The fresh environment borrows this one's dependencies instead of downloading them again.
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(purelib, "borrowed-dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {
        **os.environ,
        "KAZKG_HOME": str(tmp_path / "home"),
        "KAZKG_SOURCES": str(source_path.parent),
    }
    kazkg = env_dir / "bin" / "kazkg"
    result = subprocess.run(
        [kazkg, "build", "-q"], cwd=elsewhere, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "SHACL conforms" in result.stdout and "quotes verbatim" in result.stdout
    assert str(ROOT) not in result.stdout  # it used its own packaged copy, not this checkout

    exported = subprocess.run(
        [kazkg, "export", "--format", "nt"], cwd=elsewhere, env=env, capture_output=True, check=True
    )
    assert b"https://w3id.org/kazkg/id/agency-for-religious-affairs" in exported.stdout
