"""Domain headings seen in the seeds (docs/domain.md §3) resolve to their ids."""
import pytest

HEADINGS = {
    "direction": ["1. Công tác chỉ đạo điều hành và kiểm tra, giám sát CCHC", "1. Công tác chỉ đạo, điều hành",
                  "công tác chỉ đạo, điều hành về CCHC", "Về kiểm tra công tác CCHC"],
    "institutions": ["2. Cải cách thể chế", "2.1. Cải cách thể chế", "công tác cải cách thể chế"],
    "procedures": ["3. Cải cách thủ tục hành chính (TTHC)", "2.2. Cải cách thủ tục hành chính (TTHC)", "cải cách TTHC"],
    "organisation": ["4. Cải cách tổ chức bộ máy", "IV. Tổ chức bộ máy", "2.3. Cải cách tổ chức bộ máy hành chính",
                     "Cải cách tổ chức, bộ máy", "cải cách tổ chức bộ máy hành chính nhà nước"],
    "civil-service": ["5. Cải cách chế độ công vụ", "V. Cải cách chế độ công vụ", "cải cách chế độ công vụ, công chức"],
    "public-finance": ["6. Cải cách tài chính công", "VI. Tài chính công", "2.5. Cải cách tài chính công"],
    "digital-government": ["7. Xây dựng và phát triển Chính quyền điện tử, Chính quyền số",
                           "2.6. Xây dựng và phát triển Chính quyền điện tử, Chính quyền số:",
                           "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số",
                           "Chính quyền điện tử, Chính quyền số", "chuyển đổi số trong các cơ quan nhà nước"],
}


@pytest.mark.parametrize("domain, heading", [(d, h) for d, hs in HEADINGS.items() for h in hs])
def test_heading_resolves(ruleset, domain, heading):
    assert ruleset.vocabulary.domain_of(heading) == domain


def test_ids_resolve_and_unknown_headings_do_not(ruleset):
    assert ruleset.vocabulary.domain_of("procedures") == "procedures"
    assert ruleset.vocabulary.domain_of("VIII. Kinh phí") is None
    assert ruleset.vocabulary.domain_of(None) is None


def test_generic_owner_matching_ignores_case_and_punctuation(ruleset):
    vocabulary = ruleset.vocabulary
    assert vocabulary.in_phrases("generic_owners", "Cơ quan, đơn vị")
    assert vocabulary.in_phrases("generic_owners", "các cơ quan , đơn vị")
    assert vocabulary.in_phrases("generic_owners", "Các sở, ban, ngành, Ủy ban nhân dân cấp xã")
    assert not vocabulary.in_phrases("generic_owners", "Sở Nội vụ")
