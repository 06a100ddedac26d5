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

from .aggregate import Filters, select
from .summary import summary
from .bundle import DEFAULT_BUNDLE, BundleError, load_bundle
from .figures import FIGURE_COLUMNS, figures_from_bundle
from .restatements import FIGURE_SOURCE_COLUMNS
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
    parser.add_argument("--with-predecessors", action="store_true",
                        help="with --agency: also the units whose area it took over (Kon Tum's for Quảng Ngãi since 2025)")
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
    figures.add_argument("--status", choices=["accepted", "pending", "all"], default="accepted",
                         help="accepted (the default: what totals count), pending review, or all as stored")
    _add_filters(commands.add_parser("summary", help="totals by agency x counterpart x metric x category"))
    _add_filters(commands.add_parser("conflicts", help="the same unit, window, metric and category reported with "
                                                       "different values: both figures side by side, with their quotes"))
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
    ingest = commands.add_parser("ingest", help="extract and store press reports (files or http(s) links)")
    ingest.add_argument("paths", nargs="+", metavar="PATH|URL", help=".txt, .html, .docx or .pdf files, or web pages")
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
    review = commands.add_parser("review", help="accept or reject pending figures")
    review.add_argument("decision", choices=["accept", "reject"])
    review.add_argument("figure_ids", nargs="+", metavar="FIGURE_ID")
    review.add_argument("--reason", default="", help="why (kept in the audit log)")
    review.add_argument("--db", help=db_help)
    watch = commands.add_parser("watch", help="feeds and folders read on a schedule")
    actions = watch.add_subparsers(dest="watch_action", required=True, parser_class=_Parser)
    add = actions.add_parser("add", help="watch a feed (RSS/Atom URL) or a folder")
    add.add_argument("location", metavar="URL|DIR")
    add.add_argument("--trusted", action="store_true", help="store this source's figures as accepted, not pending")
    add.add_argument("--topic-words", default="", help="extra words that make an item on topic, ';'-separated")
    add.add_argument("--publisher", default="", help="publisher of what this source brings (default: the page's own)")
    add.add_argument("--language", choices=["vi", "en"], default="", help="default: the page's own, or guessed")
    add.add_argument("--label", default="", help="a name to show for it")
    listed = actions.add_parser("list", help="the watched sources")
    listed.add_argument("--format", choices=["csv", "json"], default="csv")
    edit = actions.add_parser("edit", help="change a watched source")
    edit.add_argument("watch_id", type=int, metavar="ID")
    trust = edit.add_mutually_exclusive_group()
    trust.add_argument("--trusted", dest="trusted", action="store_true", default=None,
                       help="store its figures as accepted")
    trust.add_argument("--untrusted", dest="trusted", action="store_false", help="leave its figures pending (the default)")
    for option in ("--topic-words", "--publisher", "--label"):
        edit.add_argument(option, default=None)
    edit.add_argument("--language", choices=["vi", "en", ""], default=None)
    edit.add_argument("--reason", default="", help="why (kept in the audit log)")
    removed = actions.add_parser("remove", help="stop watching a source (what it brought stays)")
    removed.add_argument("watch_id", type=int, metavar="ID")
    run = actions.add_parser("run", help="fetch what is new from every watched source")
    when = run.add_mutually_exclusive_group(required=True)
    when.add_argument("--once", action="store_true", help="one run (for cron or a systemd timer)")
    when.add_argument("--every", metavar="INTERVAL", help="run again after each INTERVAL (30m, 2h) until stopped")
    for parser in (add, listed, edit, removed, run):
        parser.add_argument("--db", help=db_help)
    _add_agency_commands(commands, db_help)


def _add_agency_commands(commands, db_help: str) -> None:
    registry = commands.add_parser("agencies", help="the agency registry: list, add, alias, merge, review")
    actions = registry.add_subparsers(dest="agency_action", required=True, parser_class=_Parser)
    listed = actions.add_parser("list", help="every agency, with its level, parent, dates and whether reviewed")
    listed.add_argument("--unreviewed", action="store_true", help="only agencies added from reports, not yet reviewed")
    listed.add_argument("--format", choices=["csv", "json"], default="csv")
    add = actions.add_parser("add", help="add an agency")
    add.add_argument("agency_id", metavar="ID", help="country code, then a slug: vn-bdbp-quangtri-post-na-meo")
    add.add_argument("--name-vi", required=True)
    add.add_argument("--name-en", default="")
    add.add_argument("--kind", required=True, help="border post, district police, provincial police...")
    add.add_argument("--level", choices=["national", "provincial", "district", "post"], required=True)
    add.add_argument("--parent", default="", help="the agency it belongs to")
    add.add_argument("--iso-code", default="", help="ISO 3166-2 code of its province")
    add.add_argument("--valid-from", type=_iso_date, default=None)
    add.add_argument("--valid-to", type=_iso_date, default=None)
    add.add_argument("--successor", default="")
    add.add_argument("--alias", action="append", default=[], help="a name the press uses (repeat)")
    add.add_argument("--source", default="", help="where the row comes from")
    alias = actions.add_parser("alias", help="add a name the press uses for an agency")
    alias.add_argument("agency_id", metavar="ID")
    alias.add_argument("alias", metavar="NAME")
    merge = actions.add_parser("merge", help="fold a duplicate agency into another (figures, sub-units and names move)")
    merge.add_argument("duplicate_id", metavar="DUPLICATE")
    merge.add_argument("into_id", metavar="INTO")
    review = actions.add_parser("review", help="mark an agency added from a report as checked")
    review.add_argument("agency_id", metavar="ID")
    for parser in (add, alias, merge, review):
        parser.add_argument("--reason", default="", help="why (kept in the audit log)")
    for parser in (listed, add, alias, merge, review):
        parser.add_argument("--db", help=db_help)


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
        with_predecessors=args.with_predecessors,
    )
    if args.with_predecessors:
        earlier = sorted({p for a in args.agency for p in bundle.registry.predecessors(a)})
        print(f"including predecessors: {', '.join(earlier) or 'none'}", file=sys.stderr)
    return bundle, figures, filters


def _write(frame: pd.DataFrame, fmt: str) -> None:
    frame = frame.copy()
    for column in frame.columns:
        if pd.api.types.is_datetime64_any_dtype(frame[column]):
            frame[column] = frame[column].dt.strftime("%Y-%m-%d").fillna("")
        elif frame[column].dtype == object:
            # Python dates (the extractor's candidates): pandas' to_json would write epoch milliseconds.
            frame[column] = frame[column].map(lambda value: value.isoformat() if isinstance(value, date) else value)
    if fmt == "json":
        records = json.loads(frame.to_json(orient="records", force_ascii=False))
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=1) + "\n")
    else:
        frame.to_csv(sys.stdout, index=False, lineterminator="\n")


STORED_FIGURE_COLUMNS = ["figure_id", "status", "source_id", "agency_id", "counterpart_id", "metric", "category",
                         "value", "unit", "qualifier", "period_start", "period_end", "period_text", "quote",
                         "quote_start", "quote_end", "confidence", "restates_figure_id", "part_of_figure_id",
                         "publications", "updated_at", "updated_by"]


def _stored_figures(args) -> int:
    """Figures as stored, pending ones included: for review scripts, never for totals."""
    if args.prorate or args.include_left_out:
        raise UsageError("--prorate and --include-left-out apply to accepted figures only")
    store = _open_store(args)
    frame = store.figures_frame(status=None if args.status == "all" else args.status)
    frame = frame.assign(publications=frame["figure_id"].map(store.figure_source_counts()).fillna(1).astype(int))
    registry = store.agencies_frame()
    known = set(registry["agency_id"])
    unknown = [a for a in args.agency if a not in known]
    if unknown:
        raise UsageError(f"unknown agency id '{unknown[0]}': see `metrics figures --status all` for the ids")
    if args.agency:
        from .agencies import AgencyRegistry

        wanted = set().union(*(AgencyRegistry.from_frame(registry).descendants(a) | {a} for a in args.agency))
        frame = frame[frame["agency_id"].isin(wanted)]
    if args.country:
        countries = registry.set_index("agency_id")["country"]
        frame = frame[frame["agency_id"].map(countries).isin([c.upper() for c in args.country])]
    if args.metric:
        frame = frame[frame["metric"].isin(args.metric)]
    if args.category:
        frame = frame[frame["category"].isin(args.category)]
    if args.date_from:  # windows that reach into the period
        frame = frame[frame["period_end"].fillna("") >= args.date_from.isoformat()]
    if args.date_to:
        frame = frame[frame["period_start"].fillna("") <= args.date_to.isoformat()]
    _write(frame[STORED_FIGURE_COLUMNS], args.format)
    return 0


def _figures(args) -> int:
    if args.status != "accepted":
        return _stored_figures(args)
    selection = _load_figures(args)
    columns = FIGURE_COLUMNS + ["usd_rate", "usd_rate_basis", "usd_rate_fallback", "estimate_assumption",
                                "quote_start", "quote_end", "country", "restates_figure_id", "part_of_figure_id", "share",
                                "prorated"]
    # Who reports each included figure: its publications (copies and other outlets' same figure) and conflicts.
    frame = selection.included[columns + FIGURE_SOURCE_COLUMNS].assign(status="included", reason="")
    if args.include_left_out and len(selection.left_out):
        frame = pd.concat([frame, selection.left_out[columns + ["reason"]].assign(status="left_out")],
                          ignore_index=True)
        frame = frame.astype({"n_sources": "Int64", "n_conflicts": "Int64"})
    _write(frame, args.format)
    return 0


def _summary(args) -> int:
    selection = _load_figures(args)
    _write(summary(selection), args.format)
    if selection.n_conflicts:
        print(f"{selection.n_conflicts} conflicting figure(s) left out (the same unit, window, metric and category "
              "with another value; the rows resting on them count them in n_conflicts): "
              "see `metrics conflicts` with the same filters", file=sys.stderr)
    return 0


def _conflicts(args) -> int:
    _write(_load_figures(args).conflicts, args.format)
    return 0


def _report(args) -> int:
    from .briefing import build_briefing, to_docx, to_markdown

    if args.date_from is None or args.date_to is None:
        raise UsageError("a report is for a period: give --from and --to (YYYY-MM-DD)")
    bundle, figures, filters = _filtered(args)
    stated = _open_store(args).stated_changes_frame() if args.db else bundle.stated_changes_frame()
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
    from .fetch import is_link
    from .ingest import ingest_bytes, ingest_url
    from .syndication import CopyIndex

    if len(args.paths) > 1 and (args.title or args.url):
        raise UsageError("--title and --url describe one document: give a single PATH with them")
    store, actor = _open_store(args), command_line_actor()
    copies = CopyIndex.from_store(store)
    total, failed, outcomes = len(args.paths), 0, {"stored": 0, "duplicate": 0, "copy": 0}
    width = len(str(total))
    for number, name in enumerate(args.paths, 1):
        progress = f"[{number:>{width}}/{total}]"
        path = Path(name)
        label = name if is_link(name) else (path.name or name)
        common = dict(published=args.published, title=args.title, publisher=args.publisher, language=args.language,
                      accept=args.accept, copies=copies)
        try:
            if is_link(name):
                result = ingest_url(store, actor, name, **common)
            else:
                if not path.is_file():
                    raise ValueError(f"{label}: no such file")
                result = ingest_bytes(store, actor, path.read_bytes(), path.name, url=args.url, **common)
        except (ValueError, OSError, PermissionError) as error:
            failed += 1
            message = str(error) if str(error).startswith(label) else f"{label}: {error}"
            print(f"{progress} error: {message}", file=sys.stderr, flush=True)
            continue
        except Exception as error:  # one broken file must not stop the batch
            failed += 1
            print(f"{progress} error: {label}: could not be ingested ({type(error).__name__}: {error})",
                  file=sys.stderr, flush=True)
            continue
        outcomes[result.outcome] += 1
        print(f"{progress} {result.line()}", flush=True)
    duplicates = outcomes["duplicate"]
    copied = f", {outcomes['copy']} linked as copies" if outcomes["copy"] else ""
    print(f"ingest: {outcomes['stored']} stored{copied}, {duplicates} duplicate{'s' * (duplicates != 1)} skipped, "
          f"{failed} failed, in {store.display_url}", flush=True)
    return 1 if failed else 0


def _review(args) -> int:
    from .access import command_line_actor

    status = {"accept": "accepted", "reject": "rejected"}[args.decision]
    rows = _open_store(args).review_figures(command_line_actor(), args.figure_ids, status, args.reason)
    print(f"{status} {len(rows)} figure{'s' * (len(rows) != 1)}: {', '.join(r['figure_id'] for r in rows)}")
    return 0


def _watch(args) -> int:
    from .access import command_line_actor
    from .watch import parse_interval, run_every, run_once, watch_kind

    store, actor = _open_store(args), command_line_actor()
    if args.watch_action == "add":
        location = args.location if watch_kind(args.location) == "feed" else str(Path(args.location).expanduser().resolve())
        watch_id = store.add_watch(actor, watch_kind(location), location, label=args.label, publisher=args.publisher,
                                   language=args.language, topic_words=args.topic_words, trusted=args.trusted)
        print(f"watching {location} as watch {watch_id}" + (" (trusted: its figures are stored accepted)"
                                                            if args.trusted else ""))
    elif args.watch_action == "list":
        _write(store.watches_frame(), args.format)
    elif args.watch_action == "edit":
        changes = {k: v for k, v in (("trusted", args.trusted), ("topic_words", args.topic_words),
                                     ("publisher", args.publisher), ("label", args.label),
                                     ("language", args.language)) if v is not None}
        if not changes:
            raise UsageError("say what to change: --trusted, --untrusted, --topic-words, --publisher, --label or --language")
        store.update_watch(actor, args.watch_id, changes, args.reason)
        print(f"watch {args.watch_id} changed: " + ", ".join(f"{k}={v}" for k, v in changes.items()))
    elif args.watch_action == "remove":
        store.remove_watch(actor, args.watch_id)
        print(f"watch {args.watch_id} removed; what it brought in stays stored")
    elif args.once:
        report = run_once(store, actor, log=lambda line: print(line, flush=True))
        return 1 if report.counts.get("failed") else 0
    else:
        seconds = parse_interval(args.every)
        try:
            run_every(store, actor, seconds, log=lambda line: print(line, flush=True))
        except KeyboardInterrupt:
            return 0
    return 0


def _agencies(args) -> int:
    from .access import command_line_actor

    store = _open_store(args)
    if args.agency_action == "list":
        frame = store.agencies_frame()
        if args.unreviewed:
            frame = frame[(frame["added_from_text"] == "true") & (frame["reviewed"] != "true")]
        _write(frame, args.format)
        return 0
    actor = command_line_actor()
    if args.agency_action == "add":
        country = args.agency_id[:2].upper()
        store.add_agency(actor, {
            "agency_id": args.agency_id, "country": country, "name_vi": args.name_vi, "name_en": args.name_en or args.name_vi,
            "kind": args.kind, "level": args.level, "parent_id": args.parent, "iso_code": args.iso_code,
            "valid_from": args.valid_from.isoformat() if args.valid_from else "",
            "valid_to": args.valid_to.isoformat() if args.valid_to else "", "successor_id": args.successor,
            "aliases": ";".join(args.alias), "source": args.source or "added by command line",
            "added_from_text": "false", "reviewed": "true"}, args.reason)
        print(f"added {args.agency_id}")
    elif args.agency_action == "alias":
        store.alias_agency(actor, args.agency_id, args.alias, args.reason)
        print(f"'{args.alias}' now names {args.agency_id}")
    elif args.agency_action == "merge":
        moved = store.merge_agencies(actor, args.duplicate_id, args.into_id, args.reason)
        print(f"merged {args.duplicate_id} into {args.into_id}: {len(moved['figures'])} figures, "
              f"{len(moved['as_counterpart'])} as counterpart, {len(moved['sub_units'])} sub-units moved")
    else:
        store.review_agency(actor, args.agency_id, args.reason)
        print(f"{args.agency_id} reviewed")
    return 0


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


COMMANDS = {"figures": _figures, "summary": _summary, "conflicts": _conflicts, "report": _report, "extract": _extract, "synth": _synth,
            "ingest": _ingest, "sources": _sources, "export-bundle": _export_bundle,
            "backup": _backup, "restore": _restore, "review": _review, "watch": _watch, "agencies": _agencies}


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
