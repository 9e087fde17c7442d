"""``python -m benchmarks``: generate synthetic graphs, run the benchmark, show its results."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kazkg.errors import KazkgError


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(part.replace("_", "")) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of whole numbers: {text!r}") from None
    if not sizes or min(sizes) < 100:
        raise argparse.ArgumentTypeError(f"sizes must be at least 100 entities: {text!r}")
    return sizes


def check_output_folder(folder: Path, *, force: bool) -> None:
    """Refuse a folder name that is empty or names a file, and a folder that already holds files
    (unless ``force``): generating writes over them."""
    if not str(folder):
        raise KazkgError("-o: give the folder to write the graph into")
    if folder.exists() and not folder.is_dir():
        raise KazkgError(f"-o {folder}: is a file, not a folder")
    if not force and folder.is_dir() and any(folder.iterdir()):
        raise KazkgError(f"-o {folder}: the folder already holds files (--force writes over them)")


def parser() -> argparse.ArgumentParser:
    """The benchmark's argument parser: ``generate``, ``run`` and ``report``."""
    p = argparse.ArgumentParser(
        prog="python -m benchmarks", description="synthetic graphs and the performance benchmark"
    )
    tasks = p.add_subparsers(dest="bench_task", metavar="TASK", required=True)

    g = tasks.add_parser("generate", help="write a synthetic graph of N entities")
    g.add_argument("--entities", "-n", type=int, required=True, help="how many entities")
    g.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    g.add_argument("-o", "--output", type=Path, required=True, help="folder to write into")
    g.add_argument(
        "--force", action="store_true", help="write into a folder that already holds files"
    )
    g.set_defaults(run=run)

    r = tasks.add_parser("run", help="run the benchmark and print the table")
    r.add_argument("--sizes", type=_sizes, help="entities per graph (default 1000,10000,100000)")
    r.add_argument("--quick", action="store_true", help="sizes 1000 and 10000 only")
    r.add_argument("--seed", type=int, default=1, help="random seed of the graphs (default 1)")
    r.add_argument(
        "--work", type=Path, default=Path("out/bench"), help="folder for graphs and stores"
    )
    r.add_argument("--json", type=Path, default=Path("out/bench.json"), help="results file")
    r.add_argument(
        "--plot", type=Path, nargs="?", const=Path("out/bench.png"), help="draw the plot"
    )
    r.add_argument("--budget", type=float, default=15.0, help="seconds of repeats per figure")
    r.add_argument(
        "--timeout", type=float, default=120.0, help="seconds before a figure is dropped"
    )
    r.add_argument("--no-browser", action="store_true", help="skip the Chromium measurements")
    r.add_argument(
        "--build-timeout", type=float, default=1800.0, help="seconds before a build is dropped"
    )
    _document_arguments(r)
    r.set_defaults(run=run)

    s = tasks.add_parser("report", help="print (and plot) the results of an earlier run")
    s.add_argument("json", type=Path, nargs="?", default=Path("out/bench.json"))
    s.add_argument("--plot", type=Path, help="draw the log-log plot into this PNG")
    s.add_argument("--markdown", action="store_true", help="print Markdown tables instead")
    _document_arguments(s)
    s.set_defaults(run=run)
    return p


def _document_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--readme",
        type=Path,
        metavar="FILE",
        help="write the targets table into FILE's <!-- bench:targets --> section",
    )
    p.add_argument(
        "--docs",
        type=Path,
        metavar="FILE",
        help="write the tables and targets into FILE's bench:tables and bench:targets sections",
    )


def write_documents(results: Any, readme: Path | None, docs: Path | None) -> None:
    """Put the tables generated from ``results`` into the documents' marked sections."""
    from benchmarks.report import markdown, markdown_targets, replace_section, run_summary

    if readme is not None:
        replace_section(readme, "run", run_summary(results))
        replace_section(readme, "targets", markdown_targets(results))
        print(f"targets table: {readme}")
    if docs is not None:
        replace_section(docs, "run", run_summary(results))
        replace_section(docs, "tables", markdown(results, targets_table=False))
        replace_section(docs, "targets", markdown_targets(results))
        print(f"tables: {docs}")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark command line; return the exit status (1 with one line on an error)."""
    args = parser().parse_args(argv)
    try:
        status: int = args.run(args)
    except KazkgError as error:
        print(f"benchmarks: error: {error}", file=sys.stderr)
        return 1
    return status


def run(args: argparse.Namespace) -> int:
    """Dispatch to the task."""
    if args.bench_task == "generate":
        from benchmarks.generate import generate

        check_output_folder(args.output, force=args.force)
        try:
            graph = generate(args.output, args.entities, args.seed)
        except OSError as error:
            raise KazkgError(f"{args.output}: cannot write ({error.strerror or error})") from None
        print(
            f"wrote {graph.entities:,} entities, {graph.facts:,} facts, {graph.triples:,} triples "
            f"({graph.states} states) -> {args.output}"
        )
        return 0

    from benchmarks.harness import DEFAULT_SIZES, QUICK_SIZES, Bench, Config, Results
    from benchmarks.report import markdown, plot, print_tables, target_records

    if args.bench_task == "report":
        try:
            results = Results.from_json(args.json.read_text(encoding="utf-8"))
        except (OSError, ValueError, TypeError, KeyError) as error:
            raise KazkgError(f"{args.json}: not a benchmark result ({error})") from None
        checked = target_records(results)
        if checked != results.targets and (args.readme or args.docs):
            results.targets = checked  # checked again by this version of the report
            args.json.write_text(results.to_json(), encoding="utf-8")
    else:
        sizes = args.sizes or (QUICK_SIZES if args.quick else DEFAULT_SIZES)
        config = Config(
            sizes=sizes,
            seed=args.seed,
            work=args.work,
            budget=args.budget,
            timeout=args.timeout,
            browser=not args.no_browser,
            build_timeout=args.build_timeout,
        )
        results = Bench(config, log=lambda line: print(line, flush=True)).run()
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(results.to_json(), encoding="utf-8")
        print(f"results: {args.json} ({results.seconds / 60:.1f} min)")
    if getattr(args, "markdown", False):
        print(markdown(results), end="")
    else:
        print_tables(results)
    if args.plot is not None:
        plot(results, args.plot)
        print(f"plot: {args.plot}")
    write_documents(results, args.readme, args.docs)
    return 0
