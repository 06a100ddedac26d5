"""Summary tables as files: CSV for Excel (BOM, formulas neutralised), XLSX with an "about" sheet, ZIP with a README.

What travels with the data (the XLSX "about" sheet, the ZIP's README.txt): the filters, the
sources cited, the conversion assumptions and the exchange rates used. A plain CSV holds the
table only, so that any CSV reader can load it.

Excel reads a cell starting with ``=``, ``+``, ``-``, ``@``, tab or CR as a formula (CSV
injection). In CSV such text cells get a leading apostrophe; in XLSX they are written as
typed text cells, so they keep their exact text and are never evaluated. Numbers are left alone.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime

import pandas as pd

from .aggregate import Filters

__all__ = [
    "FORMULA_PREFIXES",
    "neutralise_cell",
    "neutralise_formulas",
    "plain_frame",
    "to_csv_bytes",
    "to_xlsx_bytes",
    "to_zip_bytes",
    "about_rows",
    "readme_text",
    "export_name",
]

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value):
    """Text that Excel would evaluate gets a leading apostrophe; anything else is returned as is."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def plain_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Dates as ISO text, missing values as empty cells, no index: what goes into a file."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%d").astype(object).where(out[column].notna(), "")
    return out.reset_index(drop=True)


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Every text cell that would be a formula in Excel, neutralised (column names too)."""
    out = frame.copy()
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]) and not pd.api.types.is_bool_dtype(out[column]):
            out[column] = out[column].map(neutralise_cell)
    out.columns = [neutralise_cell(str(c)) for c in out.columns]
    return out


def to_csv_bytes(frame: pd.DataFrame, bom: bool = True) -> bytes:
    """UTF-8 CSV bytes, with a BOM unless asked not to, formula cells neutralised."""
    text = neutralise_formulas(plain_frame(frame)).to_csv(index=False, lineterminator="\r\n")
    # to_csv ignores encoding= without a path, so the BOM is added here.
    return ("\ufeff" if bom else "").encode("utf-8") + text.encode("utf-8")


def to_xlsx_bytes(frame: pd.DataFrame, about: list[tuple[str, str]], sheet: str = "data") -> bytes:
    """An XLSX workbook: the table on the first sheet, ``about`` (field, value) rows on a second."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    data_sheet = workbook.active
    data_sheet.title = sheet[:31]
    _write_rows(data_sheet, [list(map(str, frame.columns))] + plain_frame(frame).astype(object).values.tolist())
    about_sheet = workbook.create_sheet("about")
    _write_rows(about_sheet, [["field", "value"]] + [list(row) for row in about])
    for sheet_ in (data_sheet, about_sheet):
        sheet_.freeze_panes = "A2"
        for index in range(1, sheet_.max_column + 1):
            sheet_.column_dimensions[get_column_letter(index)].width = 18 if sheet_ is data_sheet else 60
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_rows(sheet, rows) -> None:
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is None or (isinstance(value, float) and pd.isna(value)):
                continue
            if isinstance(value, (pd.Timestamp, datetime, date)):
                value = value.isoformat()[:10]
            cell = sheet.cell(row=r, column=c, value=value if not isinstance(value, str) else None)
            if isinstance(value, str):
                # Set as typed text: openpyxl would otherwise store "=..." as a formula.
                cell.value = value
                cell.data_type = "s"


def to_zip_bytes(csv_name: str, csv_bytes: bytes, readme: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(csv_name, csv_bytes)
        archive.writestr("README.txt", readme.encode("utf-8"))
    return buffer.getvalue()


def about_rows(
    filters: Filters,
    table: str,
    cited_sources: pd.DataFrame,
    conversions: pd.DataFrame,
    assumptions_text: str,
    rates_used: pd.DataFrame | None = None,
    generated: datetime | None = None,
) -> list[tuple[str, str]]:
    """What a file needs to be read on its own: (field, value) rows."""
    rows = [
        ("table", table),
        ("generated", (generated or datetime.now()).isoformat(timespec="seconds")),
        ("filters", filters.describe()),
        ("rule", "overlapping reporting windows are never summed; see the Methodology page"),
        ("conversion assumptions", assumptions_text),
    ]
    for row in conversions.itertuples(index=False):
        rows.append((f"conversion: {row.parameter}", f"{row.value:g} {row.unit} ({row.applies_to}). Source: {row.source}"))
    if rates_used is not None and len(rates_used):
        for row in rates_used.itertuples(index=False):
            rows.append((f"exchange rate: {row.currency} {row.year}", f"{row.lcu_per_usd:g} per USD. Source: {row.source}"))
    for row in cited_sources.itertuples(index=False):
        cited = f"{row.title} — {row.publisher or 'publisher not named'}, {row.published}"
        if getattr(row, "url", ""):
            cited += f", {row.url}"
        rows.append((f"source {row.source_id}", cited))
    rows.append(("formula cells", "text cells starting with = + - @ tab or CR are prefixed with ' in CSV, stored as text in XLSX"))
    return rows


def readme_text(about: list[tuple[str, str]]) -> str:
    lines = ["border-metrics export", "=" * 21, ""]
    lines += [f"{field}: {value}" for field, value in about]
    return "\n".join(lines) + "\n"


def export_name(filters: Filters, table: str, extension: str) -> str:
    """A file name that says what is in it: ``border-metrics_summary_2024-01-01_2024-12-31_VN.csv``."""
    parts = ["border-metrics", table]
    if filters.date_from or filters.date_to:
        parts.append(f"{filters.date_from or 'start'}_{filters.date_to or 'latest'}")
    else:
        parts.append("all-periods")
    for values in (filters.countries, filters.agencies, filters.metrics, filters.categories):
        if values:
            parts.append("+".join(values))
    if filters.outside_rule == "prorate":
        parts.append("prorated")
    stem = "_".join(parts)
    stem = re.sub(r"[^A-Za-z0-9_+.\-]", "-", stem)[:150]
    return f"{stem}.{extension}"
