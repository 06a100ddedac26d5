"""Synthetic bundles with the shape of the real archive, for benchmarks and property tests.

Deterministic for a given seed. The shape follows what the seed articles show, scaled up:
- agencies: the seed registry plus, for every border province, a provincial police and
  (in Viet Nam) a provincial border guard command with its border posts below it;
- every metric of ``schemas.METRICS``, each with its categories and the units the press
  writes for it (bricks and tablets for drugs, five currencies for cash);
- reporting windows from one day to several years, aligned as the press aligns them (a
  day, a month, a quarter, six months, a year, "from <month> until now"), a few open on the
  left, all ending on or before the publication date of their source, so the windows of
  one agency/metric/category overlap a lot;
- restatements (a later article repeating an earlier figure) and cooperation events.

The figures are invented; nothing here is a reported number.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd

from .bundle import DEFAULT_BUNDLE, TABLES, Bundle, load_bundle
from .schemas import EVENT_KINDS, METRICS

__all__ = ["generate", "write_bundle", "synthesize", "PROVINCES", "METRIC_SHAPES"]

# Border provinces, as (slug, Vietnamese name).
PROVINCES = {
    "VN": [
        ("dienbien", "Điện Biên"), ("sonla", "Sơn La"), ("thanhhoa", "Thanh Hóa"), ("nghean", "Nghệ An"),
        ("hatinh", "Hà Tĩnh"), ("quangbinh", "Quảng Bình"), ("quangtri", "Quảng Trị"), ("hue", "Huế"),
        ("quangnam", "Quảng Nam"), ("kontum", "Kon Tum"),
    ],
    "LA": [
        ("phongsaly", "Phông-xa-lỳ"), ("luangnamtha", "Luông Nậm Thà"), ("oudomxay", "U-đôm-xay"),
        ("luangprabang", "Luông Pha-bang"), ("houaphanh", "Hủa Phăn"), ("xiengkhouang", "Xiêng Khoảng"),
        ("bolikhamxay", "Bô-ly-khăm-xay"), ("khammouane", "Khăm Muộn"), ("savannakhet", "Xa-văn-na-khệt"),
        ("salavan", "Xa-la-van"), ("sekong", "Xê-kông"), ("attapeu", "Át-tạ-pư"),
    ],
}
POSTS_PER_PROVINCE = 6

# metric -> [(category, [(written unit, typical value, spread)], weight)]
METRIC_SHAPES: dict[str, list[tuple[str, list[tuple[str, float, float]], float]]] = {
    "cases": [("all_crime", [("vụ", 40, 1.2)], 3), ("drug_crime", [("vụ", 25, 1.2), ("chuyên án", 5, 0.8)], 3),
              ("human_trafficking", [("vụ", 4, 0.8)], 1), ("smuggling", [("vụ", 30, 1.2)], 2)],
    "persons_arrested": [("all_crime", [("người", 60, 1.2), ("đối tượng", 40, 1.2)], 3),
                         ("drug_crime", [("đối tượng", 35, 1.2)], 3)],
    "drug_seized": [("heroin", [("bánh", 12, 1.3), ("kg", 3, 1.3), ("gram", 90, 1.2)], 3),
                    ("synthetic_drugs", [("viên", 20000, 1.5), ("kg", 5, 1.4)], 3),
                    ("opium_resin", [("kg", 1.5, 1.0)], 1), ("crystal_meth", [("kg", 2, 1.3), ("gam", 300, 1.2)], 2),
                    ("ketamine", [("kg", 1, 1.0)], 1), ("cannabis", [("kg", 8, 1.2), ("cây", 200, 1.2)], 1)],
    "weapon_seized": [("firearm", [("khẩu", 4, 0.9)], 1)],
    "ammunition_seized": [("ammunition", [("viên đạn", 40, 1.1)], 1)],
    "explosive_seized": [("grenade", [("quả lựu đạn", 3, 0.8)], 1), ("detonator", [("kíp nổ", 20, 1.0)], 1)],
    "vehicle_seized": [("motorbike", [("xe máy", 6, 0.9)], 2), ("car", [("ô tô", 2, 0.7)], 1)],
    "phone_seized": [("mobile_phone", [("điện thoại di động", 12, 0.9)], 1)],
    "currency_seized": [("VND", [("đồng", 80_000_000, 1.5)], 3), ("LAK", [("kíp Lào", 100_000_000, 1.5)], 2),
                        ("THB", [("bạt", 20_000, 1.3)], 1), ("CNY", [("nhân dân tệ", 5_000, 1.3)], 1),
                        ("USD", [("USD", 3_000, 1.3)], 1)],
    "victims_rescued": [("human_trafficking", [("nạn nhân", 15, 1.0)], 1)],
    "outreach_sessions": [("legal_outreach", [("buổi", 300, 1.4)], 1)],
    "outreach_attendees": [("legal_outreach", [("lượt người", 9000, 1.4)], 1)],
    "facilities_built": [("village_police_post", [("trụ sở", 4, 0.8)], 1)],
    "equipment_donated": [("television", [("chiếc", 3, 0.6)], 1), ("motorbike", [("chiếc", 5, 0.7)], 1),
                          ("computer", [("bộ", 6, 0.7)], 1)],
    "other": [("joint_patrols", [("cuộc", 40, 1.1)], 1)],
}
# How often each metric is reported, relative to the others.
METRIC_WEIGHTS = {
    "cases": 8, "persons_arrested": 8, "drug_seized": 12, "weapon_seized": 3, "ammunition_seized": 2,
    "explosive_seized": 1, "vehicle_seized": 3, "phone_seized": 2, "currency_seized": 4, "victims_rescued": 2,
    "outreach_sessions": 3, "outreach_attendees": 3, "facilities_built": 1, "equipment_donated": 1, "other": 1,
}
# Window shapes: (name, weight).
WINDOW_KINDS = [("day", 18), ("month", 24), ("quarter", 14), ("half", 8), ("year", 16),
                ("since_month", 10), ("multi_year", 8), ("range", 1.5), ("open_start", 0.5)]
FIRST_YEAR, LAST_YEAR = 2015, 2025
QUALIFIERS = [("exact", 85), ("at_least", 8), ("about", 5), ("at_most", 2)]
FIGURES_PER_SOURCE = 40
ROMAN = ["I", "II", "III", "IV"]


def _agencies(seed_agencies: pd.DataFrame) -> pd.DataFrame:
    """The seed registry plus provincial police, border guard commands and their border posts."""
    rows = [dict(r) for r in seed_agencies.to_dict("records")]
    known = {r["agency_id"] for r in rows}

    def add(agency_id, country, name_vi, name_en, kind, parent):
        if agency_id not in known:
            known.add(agency_id)
            level = "post" if kind == "border post" else "provincial"
            rows.append(dict(agency_id=agency_id, country=country, name_vi=name_vi, name_en=name_en, kind=kind,
                             level=level, parent_id=parent, aliases=name_vi, source="synthetic",
                             added_from_text="false", reviewed="true"))

    for slug, name in PROVINCES["VN"]:
        add(f"vn-{slug}-police", "VN", f"Công an tỉnh {name}", f"{slug.title()} Provincial Police",
            "provincial police", "vn-mps")
        add(f"vn-bdbp-{slug}", "VN", f"Bộ đội Biên phòng tỉnh {name}", f"{slug.title()} Border Guard Command",
            "provincial border guard command", "vn-bdbp")
        for post in range(1, POSTS_PER_PROVINCE + 1):
            add(f"vn-bdbp-{slug}-post{post}", "VN", f"Đồn Biên phòng số {post} ({name})",
                f"Border post {post} ({slug.title()})", "border post", f"vn-bdbp-{slug}")
    for slug, name in PROVINCES["LA"]:
        add(f"la-{slug}-police", "LA", f"Công an tỉnh {name}", f"{slug.title()} Provincial Police",
            "provincial police", "la-pgd")
        add(f"la-{slug}-security", "LA", f"An ninh tỉnh {name}", f"{slug.title()} Provincial Security",
            "provincial security", "la-mps-security")
    return pd.DataFrame(rows, columns=list(seed_agencies.columns)).fillna("")


def _vi_number(value: float) -> str:
    """A value as the Vietnamese press writes it: ``1.234``, ``96,7``."""
    if value == int(value):
        return f"{int(value):,}".replace(",", ".")
    whole, _, frac = f"{value:.2f}".rstrip("0").partition(".")
    return f"{int(whole):,}".replace(",", ".") + "," + frac


def _choice(rng: np.random.Generator, weights, size: int) -> np.ndarray:
    p = np.asarray(weights, dtype=float)
    return rng.choice(len(p), size=size, p=p / p.sum())


def _windows(rng: np.random.Generator, published: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Reporting windows (start, end as datetime64[D], NaT start when open) and their text."""
    n = len(published)
    kind = _choice(rng, [w for _, w in WINDOW_KINDS], n)
    names = [k for k, _ in WINDOW_KINDS]
    pub = published.astype("datetime64[D]")
    pub_month = pub.astype("datetime64[M]")
    # How far back (in months) a window ending before publication sits, never before FIRST_YEAR.
    months_available = (pub_month - np.datetime64(f"{FIRST_YEAR}-01", "M")).astype(int)
    back_months = (rng.random(n) * (np.minimum(48, months_available) + 1)).astype(int)
    start = np.empty(n, dtype="datetime64[D]")
    end = np.empty(n, dtype="datetime64[D]")
    first = np.datetime64(f"{FIRST_YEAR}-01-01")
    clipped = np.zeros(n, dtype=bool)

    def month_start(m):
        return m.astype("datetime64[D]")

    for code, name in enumerate(names):
        at = kind == code
        if not at.any():
            continue
        m = pub_month[at] - back_months[at]
        if name == "day":
            e = pub[at] - rng.integers(0, 400, size=at.sum())
            s = e
        elif name == "month":
            s, e = month_start(m), month_start(m + 1) - 1
        elif name == "quarter":
            q = m - (m.astype(int) % 3)
            s, e = month_start(q), month_start(q + 3) - 1
        elif name == "half":
            h = m - (m.astype(int) % 6)
            s, e = month_start(h), month_start(h + 6) - 1
        elif name == "year":
            y = m.astype("datetime64[Y]")
            s, e = y.astype("datetime64[D]"), (y + 1).astype("datetime64[D]") - 1
        elif name == "since_month":
            s, e = month_start(m), pub[at]
        elif name == "multi_year":
            y = m.astype("datetime64[Y]") - rng.integers(1, 5, size=at.sum())
            s, e = y.astype("datetime64[D]"), pub[at]
        elif name == "range":
            e = pub[at] - rng.integers(0, 60, size=at.sum())
            s = e - rng.integers(7, 200, size=at.sum())
        else:  # open_start: "in recent times", no start written
            s, e = np.full(at.sum(), np.datetime64("NaT"), dtype="datetime64[D]"), pub[at]
        s = np.where(np.isnat(s), s, np.maximum(s, first))
        clipped[at] = e > pub[at]  # the window of the running month/quarter/year: "until now"
        e = np.minimum(np.maximum(e, np.where(np.isnat(s), e, s)), pub[at])
        start[at], end[at] = s, e

    texts = []
    for k, s, e, cut in zip(kind.tolist(), start.tolist(), end.tolist(), clipped.tolist()):
        name = names[k]
        if cut and name == "year":
            texts.append(f"từ đầu năm {s.year} đến nay")
        elif cut:
            texts.append(f"từ ngày {s.day}/{s.month}/{s.year} đến nay")
        elif name == "day":
            texts.append(f"ngày {s.day}/{s.month}/{s.year}")
        elif name == "month":
            texts.append(f"tháng {s.month}/{s.year}")
        elif name == "quarter":
            texts.append(f"quý {ROMAN[(s.month - 1) // 3]}/{s.year}")
        elif name == "half":
            texts.append(f"6 tháng {'đầu' if s.month == 1 else 'cuối'} năm {s.year}")
        elif name == "year":
            texts.append(f"năm {s.year}")
        elif name == "since_month":
            texts.append(f"từ tháng {s.month}/{s.year} đến nay")
        elif name == "multi_year":
            texts.append(f"từ năm {s.year} đến nay")
        elif name == "range":
            texts.append(f"từ ngày {s.day}-{s.month} đến {e.day}-{e.month}-{e.year}")
        else:
            texts.append("thời gian qua")
    return start, end, texts


def generate(rows: int, seed: int = 0, base: Bundle | None = None) -> Bundle:
    """A synthetic bundle of ``rows`` figures (frames only, in the bundle schema)."""
    if rows < 1:
        raise ValueError("a synthetic bundle needs at least one figure")
    rng = np.random.default_rng(seed)
    base = base or load_bundle(DEFAULT_BUNDLE)
    agencies = _agencies(base.agencies)
    reporting = agencies[~agencies["kind"].isin(["ministry", "unspecified forces"])]
    vn_ids = reporting.loc[reporting["country"] == "VN", "agency_id"].to_numpy()
    la_ids = reporting.loc[reporting["country"] == "LA", "agency_id"].to_numpy()
    all_la = agencies.loc[agencies["country"] == "LA", "agency_id"].to_numpy()

    # Sources: about FIGURES_PER_SOURCE figures each, published 2016-2025.
    n_sources = max(1, -(-rows // FIGURES_PER_SOURCE))
    day0 = np.datetime64(f"{FIRST_YEAR + 1}-01-01")
    span = (np.datetime64(f"{LAST_YEAR}-12-31") - day0).astype(int)
    published = day0 + np.sort(rng.integers(0, span + 1, size=n_sources))
    source_ids = np.array([f"synth-{i:07d}" for i in range(n_sources)], dtype=object)
    source_of = np.sort(rng.integers(0, n_sources, size=rows))
    source_of[: min(rows, n_sources)] = np.arange(min(rows, n_sources))  # every source has a figure
    source_of.sort()

    # Agency: VN agencies report three figures in four; a third of the figures credit a counterpart.
    vietnamese = rng.random(rows) < 0.75
    agency = np.where(vietnamese, vn_ids[rng.integers(0, len(vn_ids), rows)],
                      la_ids[rng.integers(0, len(la_ids), rows)])
    with_counterpart = vietnamese & (rng.random(rows) < 0.33)
    counterpart = np.where(with_counterpart, all_la[rng.integers(0, len(all_la), rows)], "")

    # Metric, category, unit, value.
    metric_code = _choice(rng, [METRIC_WEIGHTS[m] for m in METRICS], rows)
    metric = np.empty(rows, dtype=object)
    category = np.empty(rows, dtype=object)
    unit = np.empty(rows, dtype=object)
    value = np.empty(rows, dtype=float)
    for code, name in enumerate(METRICS):
        at = np.flatnonzero(metric_code == code)
        metric[at] = name
        shapes = METRIC_SHAPES[name]
        cat_code = _choice(rng, [w for *_, w in shapes], len(at))
        for c, (cat, units, _) in enumerate(shapes):
            at_cat = at[cat_code == c]
            category[at_cat] = cat
            unit_code = rng.integers(0, len(units), len(at_cat))
            for u, (written, typical, spread) in enumerate(units):
                at_unit = at_cat[unit_code == u]
                unit[at_unit] = written
                raw = typical * rng.lognormal(0.0, spread, len(at_unit))
                is_mass = written in ("kg", "gram", "gam")
                value[at_unit] = np.round(raw, 2) if is_mass else np.maximum(1, np.round(raw))

    start, end, period_text = _windows(rng, published[source_of])
    qualifier = np.array([q for q, _ in QUALIFIERS], dtype=object)[_choice(rng, [w for _, w in QUALIFIERS], rows)]

    figure_id = np.array([f"{source_ids[s]}-{i:05d}" for i, s in enumerate(source_of)], dtype=object)
    quote = [f"{_vi_number(v)} {u}" for v, u in zip(value.tolist(), unit.tolist())]

    # Restatements: one figure in a hundred repeats an earlier figure from an earlier source.
    restates = np.full(rows, "", dtype=object)
    candidates = np.flatnonzero((rng.random(rows) < 0.01) & (source_of > 0))
    if len(candidates):
        first_of_source = np.searchsorted(source_of, source_of[candidates])
        earlier = (rng.random(len(candidates)) * first_of_source).astype(int)
        ok = first_of_source > 0
        candidates, earlier = candidates[ok], earlier[ok]
        restates[candidates] = figure_id[earlier]
        for column in (agency, counterpart, metric, category, unit, value, start, end, qualifier):
            column[candidates] = column[earlier]
        for c, e in zip(candidates.tolist(), earlier.tolist()):
            period_text[c] = period_text[e]
            quote[c] = quote[e]

    # Quotes sit one after the other in their source's text, separated by "; ".
    quote = np.array(quote, dtype=object)
    lengths = np.fromiter((len(q) for q in quote), dtype=np.int64, count=rows) + 2
    ends_cum = np.cumsum(lengths)
    first_of = np.searchsorted(source_of, source_of)
    base_offset = np.where(first_of > 0, ends_cum[first_of - 1], 0)
    preamble = "Kết quả công tác phối hợp: "
    quote_start = len(preamble) + ends_cum - lengths - base_offset
    quote_end = quote_start + lengths - 2

    def iso(days):
        return np.where(np.isnat(days), "", np.datetime_as_string(days, unit="D"))

    figures = pd.DataFrame({
        "figure_id": figure_id, "source_id": source_ids[source_of], "quote": quote,
        "quote_start": quote_start.astype("int64"), "quote_end": quote_end.astype("int64"),
        "agency_id": agency, "counterpart_id": counterpart, "metric": metric, "category": category,
        "value": value, "unit": unit, "qualifier": qualifier,
        "period_start": iso(start), "period_end": iso(end), "period_text": period_text,
        "restates_figure_id": restates, "part_of_figure_id": "", "notes": "",
    })
    for column in ("agency_id", "counterpart_id", "source_id", "period_start", "period_end"):
        figures[column] = figures[column].astype(object)

    texts = {}
    for sid, group in figures.groupby("source_id", sort=False)["quote"]:
        texts[sid] = preamble + "; ".join(group) + ";"
    pub_text = np.datetime_as_string(published, unit="D")
    sources = pd.DataFrame({
        "source_id": source_ids,
        "title": [f"Bài tổng hợp tổng hợp số {i} (dữ liệu tổng hợp)" for i in range(n_sources)],
        "publisher": "synthetic", "published": pub_text, "published_precision": "day",
        "reference_date": pub_text, "language": "vi", "url": "",
        "path": [f"sources/{sid}.txt" for sid in source_ids],
        "sha256": [hashlib.sha256(texts[sid].encode("utf-8")).hexdigest() for sid in source_ids],
        "notes": "synthetic: invented figures for benchmarks and tests",
    })

    n_events = max(1, rows // 200)
    event_start = day0 + rng.integers(0, span + 1, size=n_events)
    event_end = event_start + rng.integers(0, 4, size=n_events)
    event_source = rng.integers(0, n_sources, size=n_events)
    kinds = np.array(EVENT_KINDS, dtype=object)[rng.integers(0, len(EVENT_KINDS), n_events)]
    titles = [f"Sự kiện hợp tác {i}" for i in range(n_events)]
    participants = [f"{vn_ids[a]};{la_ids[b]}" for a, b in
                    zip(rng.integers(0, len(vn_ids), n_events), rng.integers(0, len(la_ids), n_events))]
    events = pd.DataFrame({
        "event_id": [f"SE{i:06d}" for i in range(n_events)], "source_id": source_ids[event_source],
        "kind": kinds, "title": titles,
        "start_date": np.datetime_as_string(event_start, unit="D"),
        "end_date": np.datetime_as_string(event_end, unit="D"), "date_precision": "day",
        "place": np.where(rng.random(n_events) < 0.5, "Viêng Chăn", "Hà Nội"),
        "country": np.where(rng.random(n_events) < 0.5, "LA", "VN"), "participant_ids": participants,
        "documents_signed": "", "quote": [q for q in (quote[np.searchsorted(source_of, s)] for s in event_source)],
        "quote_start": quote_start[np.searchsorted(source_of, event_source)],
        "quote_end": quote_end[np.searchsorted(source_of, event_source)],
        "notes": "synthetic",
    })
    bundle = Bundle(sources=sources, agencies=agencies, figures=figures, events=events,
                    exchange_rates=base.exchange_rates.copy(), conversions=base.conversions.copy())
    bundle._source_texts = texts  # written by write_bundle
    return bundle


def write_bundle(bundle: Bundle, out: str | Path, texts: bool = True) -> Path:
    """Write a bundle directory (one CSV per table, and the source texts) that load_bundle reads."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for table, (filename, *_rest) in TABLES.items():
        getattr(bundle, table).to_csv(out / filename, index=False, encoding="utf-8", lineterminator="\n")
    if texts and getattr(bundle, "_source_texts", None):
        folder = out / "sources"
        folder.mkdir(exist_ok=True)
        for sid, text in bundle._source_texts.items():
            (folder / f"{sid}.txt").write_text(text, encoding="utf-8")
    return out


def synthesize(rows: int, out: str | Path | None = None, seed: int = 0) -> Bundle:
    """Generate, and write to ``out`` when given."""
    bundle = generate(rows, seed)
    if out is not None:
        write_bundle(bundle, out)
        bundle.root = Path(out)
    return bundle


def save_to_store(bundle: Bundle, url: str) -> None:
    """Load a synthetic bundle into the project's store (``metrics.store.Store``)."""
    try:
        from .store import Store
    except ImportError:
        raise ValueError("this version has no store (metrics/store/): write a bundle with --out instead") from None
    store = Store(url)
    for method in ("save_bundle", "import_bundle", "write_bundle", "load_bundle"):
        if hasattr(store, method):
            getattr(store, method)(bundle)
            return
    raise ValueError("the store has no way to save a whole bundle yet: write a bundle with --out instead")
