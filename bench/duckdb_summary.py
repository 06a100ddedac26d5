"""The project's filtered, overlap-aware summary written as one DuckDB query (benchmark only).

Mirrors metrics.aggregate.select + summary for the "exclude" period rule: filters, the period
rule, restatements, overlap clusters by SQL window functions (running max of window ends per
key, a new cluster where a window starts after every earlier one ended, the widest window per
cluster wins, ties to the smallest figure id), then the summary by agency x counterpart x
metric x category x unit.
"""

from __future__ import annotations

from datetime import date

from metrics.aggregate import Filters

KEYS = ["agency_id", "counterpart_id", "metric", "category", "unit_norm"]
# Open ends sit at the extremes, as in the project: an open start is the earliest possible day.
OPEN_START_DAY = -(10**9)
OPEN_END_DAY = 10**9


def _in(column: str, values) -> str:
    if not values:
        return "TRUE"
    quoted = ", ".join("'" + str(v).replace("'", "''") + "'" for v in values)
    return f"{column} IN ({quoted})"


def summary_sql(filters: Filters, agencies: set[str] | None, table: str = "figures") -> str:
    """SQL for the summary of ``table`` under ``filters`` (agencies already expanded to sub-units).

    ``table`` needs a ``pos`` column, the row's position in the project's frame: the order in
    which figure ids are joined (a scan in parallel does not keep row order by itself).
    """
    where = [
        _in("country", filters.countries),
        _in("agency_id", sorted(agencies) if agencies else ()),
        _in("metric", filters.metrics),
        _in("category", filters.categories),
        "coalesce(restates_figure_id, '') = ''",
    ]
    if filters.date_from:
        where.append(f"period_start IS NOT NULL AND period_start >= DATE '{filters.date_from}'")
    if filters.date_to:
        where.append(f"period_end IS NOT NULL AND period_end <= DATE '{filters.date_to}'")
    keys = ", ".join(KEYS)
    not_null_keys = " AND ".join(f"{k} IS NOT NULL" for k in KEYS)
    return f"""
WITH picked AS (
    SELECT figure_id, source_id, {keys}, value_norm, estimated_kg, usd_equivalent, period_start, period_end,
           coalesce(datediff('day', DATE '1970-01-01', period_start), {OPEN_START_DAY}) AS s,
           coalesce(datediff('day', DATE '1970-01-01', period_end), {OPEN_END_DAY}) AS e,
           pos
    FROM {table}
    WHERE {' AND '.join(where)}
), running AS (
    SELECT *, max(e) OVER (PARTITION BY {keys} ORDER BY s, pos
                           ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS earlier_end
    FROM picked
), clustered AS (
    SELECT *, sum(CASE WHEN earlier_end IS NULL OR s > earlier_end THEN 1 ELSE 0 END)
                  OVER (PARTITION BY {keys} ORDER BY s, pos ROWS UNBOUNDED PRECEDING) AS cluster
    FROM running
), ranked AS (
    SELECT *, row_number() OVER (PARTITION BY {keys}, cluster ORDER BY e - s DESC, figure_id) AS rank
    FROM clustered
)
SELECT {keys},
       sum(value_norm) AS value,
       sum(estimated_kg) AS estimated_kg,
       sum(usd_equivalent) AS usd_equivalent,
       count(*) AS n_figures,
       count(DISTINCT source_id) AS n_sources,
       bool_or(estimated_kg IS NOT NULL OR usd_equivalent IS NOT NULL) AS estimate,
       min(period_start) AS period_start,
       max(period_end) AS period_end,
       string_agg(figure_id, ';' ORDER BY pos) AS figure_ids
FROM ranked
WHERE rank = 1 AND {not_null_keys}
GROUP BY {keys}
ORDER BY {keys}
"""


def duckdb_summary(connection, filters: Filters, agencies: set[str] | None, table: str = "figures"):
    """Run the query; returns a pandas frame."""
    return connection.execute(summary_sql(filters, agencies, table)).df()
