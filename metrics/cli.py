"""Command line: ``python -m metrics figures|summary|extract ...``.

A bad argument gets one clear line on stderr and exit status 2; no traceback reaches the user.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

import pandas as pd

from .aggregate import Filters, select, summary
from .bundle import DEFAULT_BUNDLE, BundleError, load_bundle
from .figures import FIGURE_COLUMNS, figures_from_bundle
from .schemas import METRICS

__all__ = ["main", "build_parser"]


class UsageError(Exception):
    """A user's argument is wrong; the message is one sentence they can act on."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse would print usage and a terse message
        raise UsageError(message)


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date: write it as YYYY-MM-DD") from None


def _add_filters(parser: argparse.ArgumentParser, formats: tuple[str, ...] = ("csv", "json")) -> None:
    parser.add_argument("--from", dest="date_from", type=_iso_date, help="period start, YYYY-MM-DD")
    parser.add_argument("--to", dest="date_to", type=_iso_date, help="period end, YYYY-MM-DD")
    parser.add_argument("--agency", action="append", default=[], help="agency id (with its sub-units); repeatable")
    parser.add_argument("--country", action="append", default=[], help="ISO country code; repeatable")
    parser.add_argument("--metric", action="append", default=[], choices=METRICS, metavar="METRIC",
                        help="metric name; repeatable")
    parser.add_argument("--category", action="append", default=[], help="category; repeatable")
    parser.add_argument("--prorate", action="store_true",
                        help="pro-rate windows that stick out of the period by days (an estimate)")
    parser.add_argument("--format", choices=list(formats), default=formats[0])
    parser.add_argument("--db", help="database URL (defaults to the bundled data)")
    parser.add_argument("--bundle", type=Path, default=DEFAULT_BUNDLE, help=argparse.SUPPRESS)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m metrics", description="border-metrics: reported border-enforcement figures")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    figures = commands.add_parser("figures", help="the normalised figures table")
    _add_filters(figures)
    figures.add_argument("--include-left-out", action="store_true",
                         help="also list figures left out by the period or overlap rule, with why")
    _add_filters(commands.add_parser("summary", help="totals by agency x counterpart x metric x category"))
    report = commands.add_parser("report", help="the briefing document for a period, beside the same period a year earlier")
    _add_filters(report, formats=("docx", "md"))
    report.add_argument("--out", type=Path, required=True, help="file to write (.docx, or .md with its chart images beside it)")
    report.add_argument("--lang", choices=["vi", "en"], default="vi", help="language of the document")
    report.add_argument("--no-charts", action="store_true", help=argparse.SUPPRESS)
    extract = commands.add_parser("extract", help="propose figures from a press report")
    extract.add_argument("path", help="a .txt or .html file, or - for standard input")
    extract.add_argument("--published", type=_iso_date, help="publication date, YYYY-MM-DD")
    extract.add_argument("--language", choices=["vi", "en"], default=None)
    extract.add_argument("--format", choices=["csv", "json"], default="csv")
    synth = commands.add_parser("synth", help="write a synthetic bundle (invented figures) for benchmarks")
    synth.add_argument("--rows", type=int, required=True, help="how many figures")
    synth.add_argument("--out", type=Path, help="bundle directory to write")
    synth.add_argument("--db", help="database URL to load the synthetic bundle into")
    synth.add_argument("--seed", type=int, default=0, help="random seed (same seed, same bundle)")
    _add_store_commands(commands)
    return parser


def _add_store_commands(commands) -> None:
    db_help = "database: an SQLite path or a postgresql:// URL (default: $BORDER_METRICS_DB or var/border-metrics.sqlite)"
    ingest = commands.add_parser("ingest", help="extract and store press reports (.txt, .html, .docx, .pdf)")
    ingest.add_argument("paths", nargs="+", metavar="PATH", help="files to ingest")
    ingest.add_argument("--published", type=_iso_date, help="publication date, YYYY-MM-DD")
    ingest.add_argument("--title", help="title (one file only; default: the first line of the text)")
    ingest.add_argument("--publisher", default="", help="publisher")
    ingest.add_argument("--url", default="", help="address of the original page (one file only)")
    ingest.add_argument("--language", choices=["vi", "en"], default=None, help="default: guessed from the text")
    ingest.add_argument("--accept", action="store_true", help="store the figures as accepted, not pending review")
    ingest.add_argument("--db", help=db_help)
    listing = commands.add_parser("sources", help="one row per stored document")
    listing.add_argument("--db", help=db_help)
    listing.add_argument("--format", choices=["csv", "json"], default="csv")
    export = commands.add_parser("export-bundle", help="write the store out as a data/-style bundle")
    export.add_argument("directory", type=Path, metavar="DIR")
    export.add_argument("--db", help=db_help)
    backup = commands.add_parser("backup", help="copy the SQLite database to a new file, safely while in use")
    backup.add_argument("target", type=Path, metavar="FILE")
    backup.add_argument("--db", help=db_help)
    restore = commands.add_parser("restore", help="replace the SQLite database's contents with a backup's")
    restore.add_argument("backup", type=Path, metavar="FILE")
    restore.add_argument("--db", help=db_help)
    restore.add_argument("--yes", action="store_true", help="confirm: everything stored now is replaced")


def _load_figures(args):
    bundle, figures, filters = _filtered(args)
    return select(figures, filters, bundle.registry)


def _filtered(args):
    """The bundle (from --db or the bundled data), its normalised figures and the filters the arguments ask for."""
    if args.db:
        from .store import Store  # the store is optional for bundle-only use

        bundle = Store(args.db).bundle()
    else:
        bundle = load_bundle(args.bundle)
    figures = figures_from_bundle(bundle)
    known = set(bundle.agencies["agency_id"])
    unknown = [a for a in args.agency if a not in known]
    if unknown:
        raise UsageError(f"unknown agency id '{unknown[0]}': see data/agencies.csv for the ids")
    filters = Filters(
        date_from=args.date_from,
        date_to=args.date_to,
        countries=tuple(c.upper() for c in args.country),
        agencies=tuple(args.agency),
        metrics=tuple(args.metric),
        categories=tuple(args.category),
        outside_rule="prorate" if args.prorate else "exclude",
    )
    return bundle, figures, filters


def _write(frame: pd.DataFrame, fmt: str) -> None:
    frame = frame.copy()
    for column in frame.columns:
        if pd.api.types.is_datetime64_any_dtype(frame[column]):
            frame[column] = frame[column].dt.strftime("%Y-%m-%d").fillna("")
    if fmt == "json":
        records = json.loads(frame.to_json(orient="records", force_ascii=False))
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=1) + "\n")
    else:
        frame.to_csv(sys.stdout, index=False, lineterminator="\n")


def _figures(args) -> int:
    selection = _load_figures(args)
    columns = FIGURE_COLUMNS + ["usd_rate", "usd_rate_basis", "usd_rate_fallback", "estimate_assumption",
                                "quote_start", "quote_end", "country", "restates_figure_id", "part_of_figure_id", "share",
                                "prorated"]
    frame = selection.included[columns].assign(status="included", reason="")
    if args.include_left_out and len(selection.left_out):
        frame = pd.concat([frame, selection.left_out[columns + ["reason"]].assign(status="left_out")],
                          ignore_index=True)
    _write(frame, args.format)
    return 0


def _summary(args) -> int:
    _write(summary(_load_figures(args)), args.format)
    return 0


def _report(args) -> int:
    from .briefing import build_briefing, to_docx, to_markdown

    if args.date_from is None or args.date_to is None:
        raise UsageError("a report is for a period: give --from and --to (YYYY-MM-DD)")
    bundle, figures, filters = _filtered(args)
    stated = _open_store(args).stated_changes_frame() if args.db else None
    briefing = build_briefing(bundle, figures, filters, args.lang, stated_changes=stated, charts=not args.no_charts)
    if args.format == "docx":
        args.out.write_bytes(to_docx(briefing))
    else:
        text, images = to_markdown(briefing, image_stem=args.out.stem)
        args.out.write_text(text, encoding="utf-8")
        for name, png in images.items():
            (args.out.parent / name).write_bytes(png)
    print(f"report written to {args.out}", file=sys.stderr)
    return 0


def _extract(args) -> int:
    from .extract import ExtractionError, candidates_frame, extract_document

    if args.path == "-":
        data, name = sys.stdin.buffer.read(), "stdin"
    else:
        path = Path(args.path)
        if not path.is_file():
            raise UsageError(f"no such file: {args.path}")
        data, name = path.read_bytes(), path.name
    try:
        extraction = extract_document(data, filename=name, published=args.published, language=args.language)
    except ExtractionError as error:
        raise UsageError(str(error)) from None
    _write(candidates_frame(extraction), args.format)
    for warning in extraction.warnings:
        print(f"note: {warning}", file=sys.stderr)
    return 0


def _synth(args) -> int:
    from .synth import synthesize

    if args.rows < 1:
        raise UsageError("--rows must be at least 1")
    if args.out is None and args.db is None:
        raise UsageError("say where to write the synthetic bundle: --out DIR and/or --db URL")
    bundle = synthesize(args.rows, out=args.out, seed=args.seed)
    if args.db:
        from .synth import save_to_store

        save_to_store(bundle, args.db)
    print(f"{len(bundle.figures)} synthetic figures from {len(bundle.sources)} sources"
          + (f" written to {args.out}" if args.out else "") + (f" loaded into {args.db}" if args.db else ""),
          file=sys.stderr)
    return 0


def _open_store(args):
    from .store import Store

    return Store(args.db)


def _ingest(args) -> int:
    from .access import command_line_actor
    from .ingest import ingest_bytes

    if len(args.paths) > 1 and (args.title or args.url):
        raise UsageError("--title and --url describe one document: give a single PATH with them")
    store, actor = _open_store(args), command_line_actor()
    total, stored, duplicates, failed = len(args.paths), 0, 0, 0
    width = len(str(total))
    for number, name in enumerate(args.paths, 1):
        progress = f"[{number:>{width}}/{total}]"
        path = Path(name)
        try:
            if not path.is_file():
                raise ValueError(f"{path.name or name}: no such file")
            result = ingest_bytes(store, actor, path.read_bytes(), path.name, published=args.published,
                                  title=args.title, publisher=args.publisher, url=args.url,
                                  language=args.language, accept=args.accept)
        except (ValueError, OSError, PermissionError) as error:
            failed += 1
            message = str(error) if str(error).startswith(path.name) else f"{path.name}: {error}"
            print(f"{progress} error: {message}", file=sys.stderr, flush=True)
            continue
        except Exception as error:  # one broken file must not stop the batch
            failed += 1
            print(f"{progress} error: {path.name}: could not be ingested ({type(error).__name__}: {error})",
                  file=sys.stderr, flush=True)
            continue
        stored += result.outcome == "stored"
        duplicates += result.outcome == "duplicate"
        print(f"{progress} {result.line()}", flush=True)
    print(f"ingest: {stored} stored, {duplicates} duplicate{'s' * (duplicates != 1)} skipped, "
          f"{failed} failed, in {store.display_url}", flush=True)
    return 1 if failed else 0


def _sources(args) -> int:
    _write(_open_store(args).sources_frame(), args.format)
    return 0


def _export_bundle(args) -> int:
    directory = _open_store(args).export_bundle(args.directory)
    print(f"bundle written to {directory}", file=sys.stderr)
    return 0


def _backup(args) -> int:
    target = _open_store(args).backup(args.target)
    print(f"backup written to {target}", file=sys.stderr)
    return 0


def _restore(args) -> int:
    from .access import command_line_actor

    if not args.yes:
        raise UsageError("restore replaces everything in the database with the backup: add --yes to confirm")
    store = _open_store(args)
    store.restore(command_line_actor(), args.backup)
    print(f"restored {args.backup.name} into {store.display_url}", file=sys.stderr)
    return 0


COMMANDS = {"figures": _figures, "summary": _summary, "report": _report, "extract": _extract, "synth": _synth,
            "ingest": _ingest, "sources": _sources, "export-bundle": _export_bundle,
            "backup": _backup, "restore": _restore}


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        return COMMANDS[args.command](args)
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except (BundleError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
