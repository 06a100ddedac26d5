import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


@pytest.mark.parametrize(
    "alias, agency_id",
    [
        ("BĐBP", "vn-bdbp"),
        ("BĐBP Việt Nam", "vn-bdbp"),
        ("Bộ Tư lệnh BĐBP", "vn-bdbp"),
        ("lực lượng chức năng Lào", "la-functional-forces"),
        ("Bô Ly Khăm Xay", "la-bolikhamxay-police"),
        ("Công an tỉnh Bô Ly Khăm Xay", "la-bolikhamxay-police"),
        ("Bolikhamxay", "la-bolikhamxay-police"),
        ("Hủa Phăn", "la-houaphanh-police"),
        ("Hủa-phăn", "la-houaphanh-police"),
        ("Houaphanh", "la-houaphanh-police"),
        ("Xiêng Khoảng", "la-xiengkhouang-police"),
        ("Công an tỉnh Nghệ An", "vn-nghean-police"),
        ("Tổng cục Cảnh sát Lào", "la-pgd"),
        ("Bộ An ninh Lào", "la-mps"),
        ("Bộ Công an Lào", "la-mps"),
        ("Bộ Công an Việt Nam", "vn-mps"),
        ("Vietnam Border Guard", "vn-bdbp"),
    ],
)
def test_aliases_resolve(bundle, alias, agency_id):
    assert bundle.registry.resolve(alias) == agency_id


def test_unknown_name_resolves_to_nothing(bundle):
    assert bundle.registry.resolve("Công an tỉnh Hà Giang") is None


@pytest.mark.parametrize(
    "agency_id, path",
    [
        ("vn-bdbp", ["VN", "vn-mond", "vn-bdbp"]),
        ("vn-nghean-police", ["VN", "vn-mps", "vn-nghean-police"]),
        ("la-pgd", ["LA", "la-mps", "la-pgd"]),
        ("la-houaphanh-police", ["LA", "la-mps", "la-houaphanh-police"]),
    ],
)
def test_hierarchy_rolls_up_to_ministry_and_country(bundle, agency_id, path):
    assert bundle.registry.path(agency_id) == path


def test_descendants_include_sub_units(bundle):
    below = bundle.registry.descendants("la-mps")
    assert {"la-mps", "la-pgd", "la-bolikhamxay-police", "la-xiengkhouang-police", "la-houaphanh-police"} <= below
    assert "vn-bdbp" not in below


def test_mentions_found_in_real_phrasing(bundle):
    text = "lực lượng BĐBP Việt Nam đã tham vấn nghiệp vụ cho lực lượng chức năng Lào bắt giữ 24 vụ"
    ids = [agency for _, _, agency in bundle.registry.find_mentions(text)]
    assert ids == ["vn-bdbp", "la-functional-forces"]


_ALIAS_PIECES = [
    "BĐBP", "BĐBP Việt Nam", "Công an tỉnh Nghệ An", "công an", "Hủa-phăn", "lực lượng chức năng Lào", "Bộ Công an",
    "Vietnam Border Guard", "xBĐBP", "BĐBPx", "an", "các", "Lao", "Laos", "police", "bắt giữ 24 vụ", ",", ".", "-", "\n",
]


@given(st.lists(st.sampled_from(_ALIAS_PIECES), max_size=12).map(lambda parts: "".join(
    p + (" " if i % 3 else "") for i, p in enumerate(parts))))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_mentions_match_a_whole_text_scan(bundle, text):
    registry = bundle.registry
    expected = [(m.start(), m.end(), registry.resolve(m.group(0))) for m in registry._mention_pattern.finditer(text)]
    assert registry.find_mentions(text) == expected
