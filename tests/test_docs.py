"""The documentation tells the truth about the code: every module, function and class it names
exists, its interactive examples give the output shown, and its Python examples run."""

from __future__ import annotations

import doctest
import importlib
import re
import runpy
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

# ``kazkg.query.trace`` but not ``window.kazkg.search`` (the page's JavaScript) nor a file name
# such as ``out/kazkg.nt``.
DOTTED_NAME = re.compile(r"(?<![\w./-])kazkg(?:\.[A-Za-z_]\w*)+")
FILE_SUFFIXES = {"nt", "ttl", "trig", "graphml", "html", "json", "jsonld", "sqlite", "svg", "png"}
PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```$", re.S | re.M)


def named_in_docs() -> dict[str, str]:
    """Every dotted ``kazkg…`` name in the documents, with the first place it appears."""
    found: dict[str, str] = {}
    for document in DOCUMENTS:
        for number, line in enumerate(document.read_text(encoding="utf-8").splitlines(), 1):
            for match in DOTTED_NAME.finditer(line):
                name = match.group(0)
                if name.rsplit(".", 1)[1] not in FILE_SUFFIXES:
                    found.setdefault(name, f"{document.relative_to(ROOT)}:{number}")
    return found


def resolves(name: str) -> bool:
    """Whether ``name`` is an importable module, or an attribute reached from one."""
    parts = name.split(".")
    for split in range(len(parts), 0, -1):
        try:
            target: object = importlib.import_module(".".join(parts[:split]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[split:]:
            if not hasattr(target, attribute):
                return False
            target = getattr(target, attribute)
        return True
    return False


def python_blocks(document: Path) -> list[tuple[int, str]]:
    """The bodies of the document's fenced ``python`` blocks, each with the number of the line
    before its first line."""
    text = document.read_text(encoding="utf-8")
    return [(text.count("\n", 0, m.start(1)), m.group(1)) for m in PYTHON_BLOCK.finditer(text)]


@pytest.fixture()
def own_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Examples build into a store folder of the test's own and write into a folder of its own."""
    monkeypatch.setenv("KAZKG_HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_every_module_function_and_class_the_docs_name_exists() -> None:
    names = named_in_docs()
    assert len(names) > 30, "the documents name the modules they describe"
    missing = {name: where for name, where in names.items() if not resolves(name)}
    assert not missing, f"named in the documents but not in the code: {missing}"


@pytest.mark.parametrize(
    "document", [d for d in DOCUMENTS if ">>> " in d.read_text()], ids=lambda d: d.name
)
def test_the_interactive_examples_give_the_output_shown(
    document: Path, own_home: Path, sources_dir: Path
) -> None:
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    examples = 0
    for line, block in python_blocks(document):
        if ">>> " not in block:
            continue
        test = parser.get_doctest(block, {}, document.name, str(document), line)
        examples += len(test.examples)
        runner.run(test)
    assert examples > 0
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} example(s) of {document.name} failed (above)"


def test_the_views_example_runs_and_writes_its_timeline(own_home: Path, sources_dir: Path) -> None:
    (block,) = [b for _, b in python_blocks(ROOT / "docs" / "views.md") if "render_html" in b]
    (own_home / "out").mkdir()
    script = own_home / "example.py"
    script.write_text(block, encoding="utf-8")
    namespace = runpy.run_path(str(script))
    assert "<html" in namespace["html"].lower()
    assert namespace["report"].entities == len(namespace["view"].context.nodes)
    assert (own_home / "out" / "succession.svg").read_bytes().startswith(b"<?xml")
