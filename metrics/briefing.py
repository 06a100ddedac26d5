"""The briefing document ("Báo cáo") managers hand their superiors: a Word file (or Markdown) for a period.

One content model (``Briefing``: sections of paragraphs, tables and chart images), written out by
``to_docx`` (python-docx) and ``to_markdown``, so the two formats never say different things.
What it holds, in order: the period and what it is compared with; the headline results beside the
same period a year earlier (``metrics.compare``: a difference and percentage only where fair,
otherwise the sentence why); the same per province and per agency; the charts as PNG images
(Vega-Lite rendered by vl-convert, no browser); what the reports themselves say changed, checked
against the archive; the cooperation events of the period; the summary table (the rows of
``metrics summary`` for the same filters); the sources cited; the assumptions (grams per brick and
per tablet, exchange rates); what was left out and why. Vietnamese by default, English with
``language="en"``; numbers and dates in the language's format.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd

from .aggregate import Filters
from .summary import summary
from .bundle import Bundle
from .charts import render_png, year_on_year_spec
from .compare import PeriodComparison, check_stated_changes, compare_periods, province_name
from .events import select_events
from .formatting import format_date, format_number, format_window
from .i18n import category_label, event_kind_label, metric_label, reason_label, t, unit_label

__all__ = ["Briefing", "Table", "Image", "build_briefing", "comparison_table", "to_docx", "to_markdown", "briefing_name", "MAX_LEFT_OUT_ROWS"]

MAX_LEFT_OUT_ROWS = 40  # the left-out list in the document; the counts by reason cover every one


@dataclass
class Table:
    columns: list[str]
    rows: list[list[str]]


@dataclass
class Image:
    caption: str
    png: bytes


@dataclass
class Section:
    heading: str
    blocks: list = field(default_factory=list)  # str (a paragraph), Table or Image


@dataclass
class Briefing:
    title: str
    lines: list[str]
    sections: list[Section]
    language: str = "vi"


def _signed(value, language: str, decimals: int | None = None, suffix: str = "") -> str:
    if pd.isna(value):
        return "—"
    text = format_number(abs(value), language, decimals) + suffix
    return ("+" if value > 0 else "−" if value < 0 else "±") + text


def _agency(agency_id: str, registry, language: str) -> str:
    if not agency_id:
        return ""
    return registry[agency_id].name(language) if agency_id in registry else agency_id


def comparison_table(frame: pd.DataFrame, comparison: PeriodComparison, language: str, first: tuple[str, callable] | None) -> Table:
    """Rows of ``metrics.compare`` as the reader sees them; ``first`` is an optional (header, row -> text) column."""
    columns = ([first[0]] if first else []) + [
        t("col_metric", language), t("col_unit", language), comparison.current.label, comparison.previous.label,
        t("col_difference", language), t("col_change_percent", language), t("col_comparison_note", language)]
    rows = []
    for row in frame.itertuples(index=False):
        rows.append(([first[1](row)] if first else []) + [
            metric_label(row.metric, language), unit_label(row.unit, language) + (" *" if row.estimate else ""),
            format_number(row.current, language), format_number(row.previous, language),
            _signed(row.difference, language), _signed(row.percent, language, 1, "%"), row.reason])
    return Table(columns, rows)


def _chart(rows: pd.DataFrame, comparison: PeriodComparison, title: str, language: str) -> Image | None:
    spec = year_on_year_spec(rows, comparison.previous.label, comparison.current.label)
    return Image(title, render_png(spec, language)) if spec is not None else None


def _charts(comparison: PeriodComparison, registry, language: str) -> list[Image]:
    images = []
    headline = comparison.headline.assign(label=[f"{metric_label(m, language)} ({unit_label(u, language)})"
                                                 for m, u in zip(comparison.headline["metric"], comparison.headline["unit"])])
    image = _chart(headline, comparison, t("briefing_chart_headline", language, now=comparison.current.label,
                                            before=comparison.previous.label), language)
    if image is not None:
        images.append(image)
    if len(comparison.by_agency):
        metric, unit = comparison.headline.iloc[0][["metric", "unit"]]
        rows = comparison.by_agency[(comparison.by_agency["metric"] == metric) & (comparison.by_agency["unit"] == unit)]
        rows = rows.assign(label=[_agency(a, registry, language) for a in rows["agency_id"]])
        image = _chart(rows, comparison, t("briefing_chart_agencies", language, metric=metric_label(metric, language),
                                               unit=unit_label(unit, language)), language)
        if image is not None:
            images.append(image)
    return images


def _summary_table(frame: pd.DataFrame, registry, language: str) -> Table:
    columns = [t("col_agency", language), t("col_counterpart", language), t("col_metric", language),
               t("col_category", language), t("col_value", language), t("col_unit", language),
               t("col_n_figures", language), t("col_n_sources", language), t("col_window", language)]
    rows = [[_agency(str(r.agency_id), registry, language), _agency(str(r.counterpart_id or ""), registry, language),
             metric_label(r.metric, language), category_label(r.category, language), format_number(r.value, language),
             unit_label(r.unit_norm, language) + (" *" if r.estimate else ""), str(r.n_figures), str(r.n_sources),
             format_window(r.period_start, r.period_end, language)] for r in frame.itertuples(index=False)]
    return Table(columns, rows)


def _sources_cited(bundle: Bundle, source_ids: set[str], language: str) -> list[str]:
    cited = bundle.sources[bundle.sources["source_id"].isin(source_ids)].sort_values(["published", "source_id"])
    lines = []
    for row in cited.itertuples(index=False):
        line = f"[{row.source_id}] {row.title}. {row.publisher or t('publisher_unknown', language)}, {row.published}"
        lines.append(line + (f". {row.url}" if getattr(row, "url", "") else ""))
    return lines


def _assumptions(bundle: Bundle, included: pd.DataFrame, language: str) -> list:
    lines = [t("briefing_rule_overlap", language), t("briefing_rule_fair", language)]
    for row in bundle.conversions.itertuples(index=False):
        lines.append(t("briefing_conversion", language, value=format_number(row.value, language), unit=row.unit,
                       applies=row.applies_to, source=row.source))
    currencies = included.loc[included["metric"] == "currency_seized", "unit_norm"].astype(str).unique()
    rates = bundle.exchange_rates[bundle.exchange_rates["currency"].isin(currencies)]
    if len(rates):
        years = set()
        for start, end in zip(included["period_start"], included["period_end"]):
            if pd.notna(start) and pd.notna(end):
                years |= set(range(pd.Timestamp(start).year, pd.Timestamp(end).year + 1))
        used = rates[rates["year"].isin(years)] if years else rates
        for row in used.sort_values(["currency", "year"]).itertuples(index=False):
            lines.append(t("briefing_rate", language, currency=row.currency, year=row.year,
                           rate=format_number(row.lcu_per_usd, language, 2), source=row.source.split(";")[0]))
        if included.get("usd_rate_fallback", pd.Series(dtype=bool)).fillna(False).astype(bool).any():
            lines.append(t("briefing_rate_fallback", language))
    return lines


def _left_out(comparison: PeriodComparison, language: str) -> list:
    selection = comparison.current.selection
    if not selection.n_left_out:
        return [t("briefing_nothing_left_out", language)]
    left = selection.left_out
    reasons = left["reason"].map(lambda r: reason_label(r, language))
    blocks: list = [t("briefing_left_out_count", language, n=len(left))]
    counts = reasons.value_counts()
    blocks.append(Table([t("col_reason", language), t("col_n_figures", language)],
                        [[reason, str(n)] for reason, n in counts.items()]))
    head = left.head(MAX_LEFT_OUT_ROWS)
    blocks.append(Table([t("col_figure", language), t("col_quote", language), t("col_window", language), t("col_reason", language)],
                        [[str(r.figure_id), str(r.quote), format_window(r.period_start, r.period_end, language), reason]
                         for r, reason in zip(head.itertuples(index=False), reasons.head(MAX_LEFT_OUT_ROWS))]))
    if len(left) > MAX_LEFT_OUT_ROWS:
        blocks.append(t("briefing_left_out_more", language, n=len(left) - MAX_LEFT_OUT_ROWS))
    return blocks


def build_briefing(bundle: Bundle, figures: pd.DataFrame, filters: Filters, language: str = "vi",
                   stated_changes: pd.DataFrame | None = None, generated: datetime | None = None,
                   charts: bool = True) -> Briefing:
    """The briefing for the filters' period (both dates needed) beside the same period a year earlier."""
    registry = bundle.registry
    comparison = compare_periods(figures, filters, registry, language)
    now, before = comparison.current, comparison.previous
    included = now.selection.included
    lines = [
        t("briefing_period", language, period=now.label, window=format_window(now.start, now.end, language)),
        t("briefing_compared_with", language, period=before.label, window=format_window(before.start, before.end, language)),
        t("briefing_scope", language, filters=_describe_filters(filters, registry, language)),
        t("briefing_counts", language, n=len(included), m=now.selection.n_sources),
        t("briefing_generated", language, day=format_date(generated or datetime.now(), language)),
    ]
    sections = [Section(t("briefing_headline", language),
                        [comparison_table(comparison.headline, comparison, language, None),
                         t("briefing_estimate_mark", language)] + comparison.notes)]
    if len(comparison.by_province):
        sections.append(Section(t("briefing_by_province", language), [comparison_table(
            comparison.by_province, comparison, language,
            (t("col_province", language), lambda r: province_name(r.province, registry, language)))]))
    if len(comparison.by_agency):
        sections.append(Section(t("briefing_by_agency", language), [comparison_table(
            comparison.by_agency, comparison, language,
            (t("col_agency", language), lambda r: _agency(r.agency_id, registry, language)))]))
    if charts:
        images = _charts(comparison, registry, language)
        if images:
            sections.append(Section(t("briefing_charts", language), images))
    if stated_changes is not None and len(stated_changes):
        in_period = stated_changes[stated_changes["figure_id"].astype(str).isin(set(included["figure_id"].astype(str)))]
        if len(in_period):
            checked = check_stated_changes(in_period, figures, registry, language)
            sections.append(Section(t("briefing_stated", language), [Table(
                [t("col_quote", language), t("col_stated", language), t("col_computed", language), t("col_check", language),
                 t("col_comparison_note", language)],
                [[r.quote, r.stated, _signed(r.difference, language), t(f"stated_{r.status}" if r.status != "disagrees"
                                                                          else "stated_disagrees_short", language), r.note]
                 for r in checked.itertuples(index=False)])]))
    events = select_events(bundle.events, filters, registry)
    event_blocks = [Table([t("col_date", language), t("col_kind", language), t("col_title", language), t("col_place", language)],
                          [[format_window(e.start, e.end, language), event_kind_label(e.kind, language), e.title, e.place]
                           for e in events.itertuples(index=False)])] if len(events) else [t("briefing_no_events", language)]
    sections.append(Section(t("briefing_events", language), event_blocks))
    sections.append(Section(t("briefing_summary", language), [_summary_table(summary(now.selection), registry, language)]))
    cited = set(included["source_id"].astype(str)) | set(before.selection.included["source_id"].astype(str)) | set(
        events["source_id"].astype(str) if len(events) else [])
    sections.append(Section(t("briefing_sources", language), _sources_cited(bundle, cited, language)))
    sections.append(Section(t("briefing_assumptions", language), _assumptions(bundle, included, language)))
    sections.append(Section(t("briefing_left_out", language), _left_out(comparison, language)))
    return Briefing(t("briefing_title", language), lines, sections, language)


def _describe_filters(filters: Filters, registry, language: str) -> str:
    parts = []
    if filters.countries:
        parts.append(", ".join(filters.countries))
    if filters.agencies:
        parts.append(", ".join(_agency(a, registry, language) for a in filters.agencies))
    if filters.metrics:
        parts.append(", ".join(metric_label(m, language) for m in filters.metrics))
    if filters.categories:
        parts.append(", ".join(category_label(c, language) for c in filters.categories))
    if filters.outside_rule == "prorate":
        parts.append(t("briefing_prorated", language))
    return "; ".join(parts) or t("briefing_all", language)


def to_docx(briefing: Briefing) -> bytes:
    """The briefing as a Word document (.docx) that Word and LibreOffice open."""
    from docx import Document
    from docx.shared import Cm, Pt

    document = Document()
    document.core_properties.title = briefing.title
    document.core_properties.language = briefing.language
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Arial", Pt(10)
    document.add_heading(briefing.title, level=0)
    for line in briefing.lines:
        document.add_paragraph(line)
    for number, section in enumerate(briefing.sections, 1):
        document.add_heading(f"{number}. {section.heading}", level=1)
        for block in section.blocks:
            if isinstance(block, Table):
                table = document.add_table(rows=1, cols=len(block.columns))
                table.style = "Table Grid"
                for cell, text in zip(table.rows[0].cells, block.columns):
                    cell.text = ""
                    cell.paragraphs[0].add_run(text).bold = True
                for row in block.rows:
                    for cell, text in zip(table.add_row().cells, row):
                        cell.text = str(text)
                document.add_paragraph()
            elif isinstance(block, Image):
                document.add_picture(io.BytesIO(block.png), width=Cm(16))
                document.add_paragraph(block.caption).italic = True
            else:
                document.add_paragraph(str(block))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _md_cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def to_markdown(briefing: Briefing, image_stem: str = "chart") -> tuple[str, dict[str, bytes]]:
    """The briefing as Markdown, and its chart images by file name (written beside the Markdown file)."""
    out, images = [f"# {briefing.title}", ""], {}
    out += [f"{line}  " for line in briefing.lines] + [""]
    for number, section in enumerate(briefing.sections, 1):
        out += [f"## {number}. {section.heading}", ""]
        for block in section.blocks:
            if isinstance(block, Table):
                out.append("| " + " | ".join(map(_md_cell, block.columns)) + " |")
                out.append("|" + "---|" * len(block.columns))
                out += ["| " + " | ".join(map(_md_cell, row)) + " |" for row in block.rows]
            elif isinstance(block, Image):
                name = f"{image_stem}-{len(images) + 1}.png"
                images[name] = block.png
                out.append(f"![{block.caption}]({name})")
            else:
                out.append(str(block))
            out.append("")
    return "\n".join(out), images


def briefing_name(filters: Filters, extension: str) -> str:
    """``bao-cao_2025-01-01_2025-12-31.docx``: the file name says the period."""
    return f"bao-cao_{filters.date_from or 'start'}_{filters.date_to or 'latest'}.{extension}"

