"""Figure candidates from the resolved items: normalised values, duplicates merged, restatements linked."""

from __future__ import annotations

from dataclasses import asdict, replace

import pandas as pd

from ..units import UnitError
from .candidates import FRAME_COLUMNS, Extraction, FigureCandidate
from .items import _norm_factor


# A substance counted in tablets is its tablet form: "120,000 meth tablets", "5.000 viên methamphetamine".
_TABLET_FORMS = {"methamphetamine": "methamphetamine_tablets"}


def _counted_form(category: str, unit_norm: str) -> str:
    return _TABLET_FORMS.get(category, category) if unit_norm == "tablet" else category


def _build_figures(text, raw, warnings) -> list[FigureCandidate]:
    figures: list[FigureCandidate] = []
    parts_before_total: list[tuple[int, object]] = []  # (figure index, the total's item) of a total told after its parts
    seen: dict[tuple, int] = {}
    item_to_figure: dict[int, int] = {}
    for item, period, period_text, basis, agency, counterpart, recipients in raw:
        try:
            factor, unit_norm = _norm_factor(item.norm_unit or item.unit.unit, item.unit.unit)
            value_norm = item.value * factor
        except (UnitError, ValueError):
            value_norm, unit_norm = None, ""
        confidence = 0.9
        if period is None:
            confidence -= 0.1
        if not agency:
            confidence -= 0.1
        if item.word_numeral:
            confidence -= 0.05
        restates = None
        if item.restates is not None:
            confidence -= 0.2
        if item.part_of is not None:
            confidence -= 0.1
        targets = recipients or (counterpart,)
        for target in targets:
            key = (item.metric, item.category, item.value, unit_norm, agency, target,
                   period.start if period else None, period.end if period else None)
            loose = (item.metric, item.category, item.value, unit_norm, target)
            complete = (period is not None) + bool(agency)
            replace_at = None
            if key in seen:
                item_to_figure[id(item)] = seen[key]
                continue
            if loose in seen:
                existing = figures[seen[loose]]
                existing_complete = (existing.period_end is not None or bool(existing.period_text)) + bool(existing.agency)
                if complete < 2 or existing_complete < 2:
                    # The same figure repeated in headline, lead, body or caption: keep the
                    # mention that says the most (window and agency).
                    if complete <= existing_complete:
                        item_to_figure[id(item)] = seen[loose]
                        continue
                    replace_at = seen[loose]
            if item.restates is not None:
                restates = item_to_figure.get(id(item.head))
                if restates is None:
                    continue
            part_of = item_to_figure.get(id(item.part_of)) if item.part_of is not None else None
            if item.part_of is not None and part_of is None:
                parts_before_total.append((len(figures) if replace_at is None else replace_at, item.part_of))
            figure = FigureCandidate(
                metric=item.metric,
                category=_counted_form(item.category, unit_norm),
                value=item.value,
                unit=item.unit_text,
                qualifier=item.qualifier,
                value_norm=value_norm,
                unit_norm=unit_norm,
                period_start=period.start if period else None,
                period_end=period.end if period else None,
                period_text=period_text,
                window_basis=basis if period is not None else "",
                window_precision=period.precision if period is not None else "",
                agency=agency,
                counterpart=target,
                quote=text[item.quote_start:item.quote_end],
                start=item.quote_start,
                end=item.quote_end,
                confidence=round(max(0.05, confidence - (0.1 if recipients else 0)), 2),
                restates=restates,
                part_of=part_of,
                note="; ".join(filter(None, [item.note, "one of a figure given to each (mỗi)" if recipients else "",
                                             period.note if period else ""])),
            )
            if replace_at is not None:
                figures[replace_at] = figure
                seen[key] = replace_at
                item_to_figure[id(item)] = replace_at
                continue
            index = len(figures)
            figures.append(figure)
            seen.setdefault(key, index)
            seen.setdefault(loose, index)
            item_to_figure.setdefault(id(item), index)
    for index, total in parts_before_total:
        if id(total) in item_to_figure and item_to_figure[id(total)] != index:
            figures[index] = replace(figures[index], part_of=item_to_figure[id(total)])
    return figures


def credit_totals_of_several_units(figures: list[FigureCandidate], registry) -> list[FigureCandidate]:
    """A total told after its parts from several units ("Đồn A bắt 14, Đồn B bắt 9, tổng cộng 23") is theirs
    together, not the last unit's named before it (which it would overstate): it goes to the nearest unit
    over all of them in the registry, or, when none is known, to no unit (left for review, with a note)."""
    units_of_parts: dict[int, set[str]] = {}
    for figure in figures:
        if figure.part_of is not None:
            units_of_parts.setdefault(figure.part_of, set()).add(figure.agency or "")
    for total, units in units_of_parts.items():
        if len(units) < 2 or figures[total].agency not in units:
            continue
        shared = _nearest_unit_over(sorted(units), registry)
        note = "" if shared else "a total of several units' figures: credit it to the unit over them"
        figures[total] = replace(figures[total], agency=shared,
                                 note="; ".join(filter(None, [figures[total].note, note])))
    return figures


def _nearest_unit_over(units: list[str], registry) -> str:
    """The nearest unit whose chain of parents holds every one of ``units`` (a unit holds itself), or ""."""
    if registry is None or not all(unit in registry for unit in units):
        return ""
    chains = [[unit, *registry.ancestors(unit)] for unit in units]
    return next((unit for unit in chains[0] if all(unit in chain for chain in chains[1:])), "")


def candidates_frame(extraction: Extraction) -> pd.DataFrame:
    """The figure candidates as a frame: FRAME_COLUMNS first, then restates and note."""
    rows = [asdict(figure) for figure in extraction.figures]
    columns = FRAME_COLUMNS + ["restates", "note"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame
