import unicodedata

from hypothesis import given, strategies as st

from engine.text import agency_key, fold, fold_words


def test_fold_agrees_on_case_spacing_dashes_and_tone_placement():
    assert fold("Giai đoạn 2021-2030") == fold("giai  đoạn 2021 – 2030") == "giai đoạn 2021 - 2030"
    assert fold("Thanh Hoá") == fold("Thanh Hóa")
    assert fold("Uỷ ban") == fold("Ủy ban")
    assert fold("Quý IV") == "quý iv"          # "qu" keeps the tone on y
    assert fold("Kế hoạch") == "kế hoạch"      # closed syllables are written one way only


def test_fold_normalises_decomposed_text():
    assert fold(unicodedata.normalize("NFD", "Sở Nội vụ")) == fold("Sở Nội vụ")


def test_fold_words_ignores_punctuation():
    assert fold_words("Các sở, ban, ngành") == fold_words("các sở ban ngành")


@given(st.text())
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@given(st.sampled_from(["uý", "oá", "oè", "Uỷ", "hoá"]), st.sampled_from(["\u0300", "\u0301", "\u0323"]))
def test_fold_is_idempotent_with_a_mark_after_a_moved_tone(pair, mark):
    # Found by fuzz/fuzz_normaliser.py: "uý" + U+0300 folded to "úy" + U+0300, and again to "úỳ".
    assert fold(fold(pair + mark)) == fold(pair + mark)
    assert unicodedata.is_normalized("NFC", fold(pair + mark))


def test_agency_key_spells_out_abbreviations():
    assert agency_key("Các Sở, Ban, ngành, UBND cấp xã") == agency_key("các sở ban ngành Uỷ ban nhân dân cấp xã")
    assert agency_key("VP UBND tỉnh") == agency_key("Văn phòng Ủy ban nhân dân tỉnh")
    assert agency_key("Sở Nội vụ") != agency_key("Sở Tư pháp")
