"""The core installs and starts light: views and the benchmark sit behind extras, and a view whose
extra is missing says which one to install."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kazkg.build.store import CompiledStore
from kazkg.extras import MissingExtra, require
from kazkg.resources import Workspace

OPTIONAL = ("pyvis", "matplotlib", "psutil", "benchmarks", "starlette", "uvicorn", "jinja2")

PROBE = """
import json, sys
for name in {blocked!r}:
    sys.modules[name] = None  # as if not installed
from kazkg.cli.main import main
status = main({argv!r})
loaded = sorted({{m.split('.')[0] for m in sys.modules if sys.modules[m] is not None}})
print(json.dumps({{"status": status, "loaded": loaded}}), file=sys.stderr)
"""


def _run(
    argv: list[str], workspace: Workspace, blocked: tuple[str, ...] = ()
) -> tuple[int, list[str], str]:
    env = {**os.environ, "KAZKG_HOME": str(workspace.store.parent)}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            PROBE.format(blocked=blocked, argv=["--store", str(workspace.store), *argv]),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    report = json.loads(result.stderr.strip().splitlines()[-1])
    return report["status"], report["loaded"], result.stdout + result.stderr


def test_trace_imports_no_view_no_benchmark_and_no_rdflib(
    workspace: Workspace, compiled: CompiledStore
) -> None:
    status, loaded, _ = _run(["trace", "Agency for Religious Affairs"], workspace)
    assert status == 0
    assert not set(loaded) & {*OPTIONAL, "rdflib", "pyshacl", "networkx"}


@pytest.mark.parametrize(
    "argv",
    [
        ["trace", "Agency for Religious Affairs", "--as-of", "2012"],
        ["query", "lineage", "--param", "agency=ATC"],
        ["path", "Agency for Religious Affairs", "Ministry of Culture"],
        ["stats", "--top", "3"],
        ["export", "--format", "nt", "-o", os.devnull],
    ],
)
def test_the_core_commands_run_without_the_optional_packages(
    argv: list[str], workspace: Workspace, compiled: CompiledStore
) -> None:
    status, _, output = _run(argv, workspace, blocked=OPTIONAL)
    assert status == 0, output


@pytest.mark.parametrize(
    ("argv", "extra"),
    [
        (["render", "-o", os.devnull], "views"),
        (["timeline", "-o", "x.svg"], "views"),
        (["serve", "--port", "0"], "web"),
    ],
)
def test_a_view_without_its_extra_names_the_extra_to_install(
    argv: list[str], extra: str, workspace: Workspace, compiled: CompiledStore, tmp_path: Path
) -> None:
    status, _, output = _run(argv, workspace, blocked=OPTIONAL)
    assert status == 1
    assert f"pip install 'kazkg[{extra}]'" in output and "Traceback" not in output


def test_require_names_the_extra_only_for_the_missing_module_itself() -> None:
    with pytest.raises(MissingExtra, match=r"pip install 'kazkg\[views\]'"):
        require("no_such_module_for_kazkg", "views")
    assert require("json", "views").dumps([]) == "[]"
