"""Legacy Vietnamese encodings (engine/legacy_text.py).

Round trips only show that our tables agree with themselves, so each encoding is also checked
against a reference that is not our table: glibc's iconv for TCVN3 (TCVN5712-1) and
Windows-1258, and VNI-Windows spellings written out here letter by letter. Detection is checked
on plan text and on the real plans in each encoding, and on what it must not claim: UTF-8,
ASCII, Western European Latin-1, Vietnamese in VISCII, binaries and random bytes."""
import glob
import io
import random
import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.legacy_text import (CP1258, ENCODINGS, SAMPLE_BYTES, TCVN3, VNI, _is_syllable,
                                detect_legacy, encoding_name, from_unicode, to_unicode)
from tests.conftest import PLANS

TONES = "\u0300\u0309\u0303\u0301\u0323"   # huyền, hỏi, ngã, sắc, nặng
SMALL = [unicodedata.normalize("NFC", v + t) for v in "aăâeêioôơuưy" for t in ("",) + tuple(TONES)]
LETTERS = sorted({c for c in SMALL + ["đ"] + [c.upper() for c in SMALL + ["đ"]] if not c.isascii()})

PARAGRAPH = ("Kế hoạch cải cách hành chính nhà nước năm 2022 trên địa bàn tỉnh Vĩnh Long. "
             "Nhiệm vụ: Xây dựng Kế hoạch hoạt động kiểm soát thủ tục hành chính; Văn phòng UBND "
             "tỉnh chủ trì; thời hạn: Quý IV năm 2021.")

YAML_PLAN = """\
plan:
  id: vinh-long-2022
  title: "Kế hoạch cải cách hành chính nhà nước năm 2022 trên địa bàn tỉnh Vĩnh Long"
  issuer: UBND tỉnh Vĩnh Long
  number: 3484/QĐ-UBND
tasks:
  - id: "1"
    title: Xây dựng Kế hoạch hoạt động kiểm soát thủ tục hành chính
    owner: Văn phòng UBND tỉnh
    deadline: Quý IV năm 2021
"""

# Western European prose, the text most easily mistaken for Windows-1258.
LATIN1_PROSE = {
    "fr": "Tous les êtres humains naissent libres et égaux en dignité et en droits. Ils sont doués "
          "de raison et de conscience et doivent agir les uns envers les autres dans un esprit de "
          "fraternité. Le comité s'est réuni là, à Genève, très tôt; où était-il déjà? Il a dû "
          "répondre à la lettre reçue après la fête de Noël.",
    "de": "Alle Menschen sind frei und gleich an Würde und Rechten geboren. Sie sind mit Vernunft "
          "und Gewissen begabt und sollen einander im Geist der Brüderlichkeit begegnen. Für die "
          "Größe der Straße müssen wir später über die Änderungen sprechen; schön wäre es.",
    "es": "Todos los seres humanos nacen libres e iguales en dignidad y derechos. ¿Qué más? Sí, "
          "también está aquí la información de José sobre la política de educación y la nación.",
    "pt": "Todos os seres humanos nascem livres e iguais em dignidade e em direitos. São dotados "
          "de razão e de consciência e devem agir uns para com os outros em espírito de "
          "fraternidade; não há ações sem opções.",
    "it": "Tutti gli esseri umani nascono liberi ed eguali in dignità e diritti. Essi sono dotati "
          "di ragione e di coscienza; è più facile così, perché la città può già dire di sì.",
    "nb": "Alle mennesker er født frie og med samme menneskeverd og menneskerettigheter. De er "
          "utstyrt med fornuft og samvittighet og bør handle mot hverandre i brorskapets ånd; "
          "nå går vi på tur, så får vi se.",
    # Norwegian interface text: «» quotes (TCVN3 reads "»" as "ằ") and the infinitive "å".
    "nb-ui": "Trykk på «%s» for å lagre, så på «%d» for å avbryte. Tøm loggen før du går. Det er "
             "lett å gå på tur når du får tid, og så må vi nå se på det. Du må kun oppgi ett navn "
             "på «%s».",
    "sv": "Det finns tre frågor om listan, men den har inte fler än så här många poster. Då ska "
          "du åt gången svara på dem, så att vi når målet när det är dags.",
}


def vn3(text: str) -> bytes:
    """TCVN3 as .VnTime documents hold it: a toned capital, which VN3 has no code for, is
    stored as its small letter (the .VnTimeH font draws it as a capital)."""
    return b"".join(from_unicode(c.lower() if not c.isascii() and c.isupper() and c not in "ĂÂÊÔƠƯĐ"
                                 else c, TCVN3) for c in text)


def ascii_punctuation(text: str) -> str:
    """The typographic marks of the real plans as a TCVN3- or VNI-era document writes them."""
    for mark, plain in {"–": "-", "—": "-", "“": '"', "”": '"', "…": "...", "→": "->"}.items():
        text = text.replace(mark, plain)
    return text


def iconv(data: bytes, source: str, target: str) -> bytes:
    return subprocess.run(["iconv", "-f", source, "-t", target], input=data, capture_output=True,
                          check=True).stdout


def iconv_knows(name: str) -> bool:
    if not shutil.which("iconv"):
        return False
    listed = subprocess.run(["iconv", "-l"], capture_output=True, text=True).stdout
    return name in listed.replace(",", " ").replace("//", " ").split()


needs_glibc_tcvn = pytest.mark.skipif(not iconv_knows("TCVN5712-1"), reason="no glibc iconv with TCVN5712-1")
needs_glibc_cp1258 = pytest.mark.skipif(not iconv_knows("CP1258"), reason="no glibc iconv with CP1258")


# --------------------------------------------------------------------------- every letter

def test_vietnamese_has_134_letters_beyond_ascii():
    assert len(LETTERS) == 134
    assert {"ắ", "Ặ", "ỵ", "Ỹ", "đ", "Đ", "ư", "Ơ"} <= set(LETTERS)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_every_letter_round_trips_alone_and_inside_words(encoding):
    for letter in LETTERS:
        for text in (letter, f"b{letter}n", f"{letter}{letter}", f"{letter} {letter.lower()}"):
            assert to_unicode(from_unicode(text, encoding), encoding) == text, (encoding, text)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_every_letter_has_its_own_spelling(encoding):
    spellings = {from_unicode(letter, encoding) for letter in LETTERS}
    assert len(spellings) == len(LETTERS)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_the_whole_alphabet_round_trips_as_nfc(encoding):
    alphabet = " ".join(LETTERS)
    decoded = to_unicode(from_unicode(unicodedata.normalize("NFD", alphabet), encoding), encoding)
    assert decoded == alphabet and unicodedata.is_normalized("NFC", decoded)


# --------------------------------------------------------------------------- TCVN3 references

@needs_glibc_tcvn
def test_tcvn3_letters_are_spelled_as_glibc_spells_them():
    for letter in LETTERS:
        assert from_unicode(letter, TCVN3) == iconv(letter.encode(), "UTF-8", "TCVN5712-1"), letter


@needs_glibc_tcvn
@pytest.mark.parametrize("byte", [*range(0x01, 0x20), *range(0x80, 0x100)])
def test_tcvn3_bytes_read_as_glibc_reads_them(byte):
    assert to_unicode(bytes([byte]), TCVN3) == iconv(bytes([byte]), "TCVN5712-1", "UTF-8").decode()


@needs_glibc_tcvn
def test_tcvn3_writes_a_no_break_space_and_a_lone_tone_as_glibc_does():
    text = "số\xa01 b\u0309"      # a tone NFC cannot put on its letter
    assert from_unicode(text, TCVN3) == iconv(text.encode(), "UTF-8", "TCVN5712-1")
    assert to_unicode(from_unicode(text, TCVN3), TCVN3) == text


def test_tcvn3_reads_the_national_motto():
    assert to_unicode(b"C\xe9ng ho\xb5 x\xb7 h\xe9i ch\xf1 ngh\xdca Vi\xd6t Nam", TCVN3) \
        == "Cộng hoà xã hội chủ nghĩa Việt Nam"
    assert to_unicode(b"\xa7\xe9c l\xcbp - T\xf9 do - H\xb9nh ph\xf3c", TCVN3) \
        == "Độc lập - Tự do - Hạnh phúc"


def test_vn3_capitals_come_back_where_the_case_shows():
    heading = "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NHÀ NƯỚC NĂM 2022"
    assert vn3(heading).startswith(b"K\xd5 HO\xb9CH")   # the small letters' codes
    assert to_unicode(vn3(heading), TCVN3) == heading    # a line with no small ASCII letter


def test_vn3_capitals_in_a_mixed_line_limits():
    # Honest limit: in a line that has small letters, "KẾ" reads like the Capitalised "Kế" and
    # "Ủy" like the small "ủy"; only words whose case cannot be right ("HOạCH", "ủY") are mended.
    assert to_unicode(vn3("Căn cứ KẾ HOẠCH số 12 của ỦY BAN, Ủy ban"), TCVN3) \
        == "Căn cứ Kế HOẠCH số 12 của ỦY BAN, ủy ban"
    assert to_unicode(vn3("ỦY BAN NHÂN DÂN TỈNH VĨNH LONG"), TCVN3) == "ỦY BAN NHÂN DÂN TỈNH VĨNH LONG"


def test_vn1_capitals_need_no_mending():
    text = "Căn cứ KẾ HOẠCH số 12 của ỦY BAN, Ủy ban và Ấp Ếch"
    assert to_unicode(from_unicode(text, TCVN3), TCVN3) == text


# --------------------------------------------------------------------------- Windows-1258 references

@needs_glibc_cp1258
def test_cp1258_is_spelled_as_glibc_spells_it():
    alphabet = " ".join(LETTERS)
    assert from_unicode(alphabet, CP1258) == iconv(alphabet.encode(), "UTF-8", "CP1258")


@needs_glibc_cp1258
def test_cp1258_reads_as_glibc_reads_it():
    raw = from_unicode(PARAGRAPH + " " + " ".join(LETTERS), CP1258)
    assert to_unicode(raw, CP1258) == unicodedata.normalize("NFC", iconv(raw, "CP1258", "UTF-8").decode())


def test_cp1258_combining_tones_are_composed():
    assert to_unicode(b"Vi\xea\xf2t Nam, K\xea\xec ho\xe1ch", CP1258) == "Việt Nam, Kế hoách"


# --------------------------------------------------------------------------- VNI references

# VNI-Windows, written out by hand from the code chart: plain form (where not ASCII), then
# huyền, hỏi, ngã, sắc, nặng. Independent of how engine/legacy_text.py builds its table.
VNI_CHART = {
    "a": "aø aû aõ aù aï", "ă": "aê aè aú aü aé aë", "â": "aâ aà aå aã aá aä",
    "e": "eø eû eõ eù eï", "ê": "eâ eà eå eã eá eä", "i": "ì æ ó í ò",
    "o": "oø oû oõ où oï", "ô": "oâ oà oå oã oá oä", "ơ": "ô ôø ôû ôõ ôù ôï",
    "u": "uø uû uõ uù uï", "ư": "ö öø öû öõ öù öï", "y": "yø yû yõ yù î", "đ": "ñ",
    "A": "AØ AÛ AÕ AÙ AÏ", "Ă": "AÊ AÈ AÚ AÜ AÉ AË", "Â": "AÂ AÀ AÅ AÃ AÁ AÄ",
    "E": "EØ EÛ EÕ EÙ EÏ", "Ê": "EÂ EÀ EÅ EÃ EÁ EÄ", "I": "Ì Æ Ó Í Ò",
    "O": "OØ OÛ OÕ OÙ OÏ", "Ô": "OÂ OÀ OÅ OÃ OÁ OÄ", "Ơ": "Ô ÔØ ÔÛ ÔÕ ÔÙ ÔÏ",
    "U": "UØ UÛ UÕ UÙ UÏ", "Ư": "Ö ÖØ ÖÛ ÖÕ ÖÙ ÖÏ", "Y": "YØ YÛ YÕ YÙ Î", "Đ": "Ñ",
}


def vni_chart() -> dict[str, str]:
    chart = {}
    for base, spellings in VNI_CHART.items():
        toned = [unicodedata.normalize("NFC", base + tone) for tone in TONES]
        letters = [base] if base in "đĐ" else toned if base.isascii() else [base] + toned
        chart.update(zip(letters, spellings.split(), strict=True))
    return chart


def test_the_vni_chart_covers_every_letter():
    assert sorted(vni_chart()) == LETTERS


@pytest.mark.parametrize("letter", LETTERS)
def test_vni_spells_every_letter_as_the_chart(letter):
    spelled = vni_chart()[letter].encode("latin-1")
    assert from_unicode(letter, VNI) == spelled
    assert to_unicode(spelled, VNI) == letter


def test_vni_reads_the_national_motto():
    assert to_unicode("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam".encode("latin-1"), VNI) \
        == "Cộng hòa xã hội chủ nghĩa Việt Nam"
    assert to_unicode("Ñoäc laäp - Töï do - Haïnh phuùc".encode("latin-1"), VNI) \
        == "Độc lập - Tự do - Hạnh phúc"
    assert to_unicode("COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM".encode("latin-1"), VNI) \
        == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


def test_vni_keeps_windows_punctuation():
    text = "Kế hoạch “cải cách” – năm 2022…"
    assert from_unicode(text, VNI) == "Keá hoaïch “caûi caùch” – naêm 2022…".encode("cp1252")
    assert to_unicode(from_unicode(text, VNI), VNI) == text
    with pytest.raises(ValueError):
        from_unicode("señor", VNI)      # "ñ" is VNI's đ


def test_a_vni_mark_with_nothing_to_mark_is_kept_as_it_is():
    assert to_unicode("xuaân 100ù".encode("latin-1"), VNI) == "xuân 100ù"


# --------------------------------------------------------------------------- detection

@pytest.mark.parametrize("encoding", ENCODINGS)
def test_plan_text_is_recognised_and_converted(encoding):
    raw = from_unicode(PARAGRAPH, encoding)
    assert detect_legacy(raw) == encoding
    assert to_unicode(raw, encoding) == PARAGRAPH


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_yaml_plan_is_recognised_and_converted(encoding):
    raw = from_unicode(YAML_PLAN, encoding)
    assert detect_legacy(raw) == encoding
    assert yaml.safe_load(to_unicode(raw, encoding)) == yaml.safe_load(YAML_PLAN)


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("plan", sorted(glob.glob(str(PLANS / "**" / "*.yaml"), recursive=True)))
def test_the_real_plans_are_recognised_and_converted(encoding, plan):
    text = ascii_punctuation(Path(plan).read_text(encoding="utf-8"))
    raw = from_unicode(text, encoding)
    assert detect_legacy(raw) == encoding
    assert to_unicode(raw, encoding) == unicodedata.normalize("NFC", text)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_abbreviations_do_not_count_against_a_plan(encoding):
    # Half of this line's non-ASCII words are abbreviations: not syllables, and not judged.
    line = "Căn cứ QĐ-UBND, NĐ-CP, HĐND tỉnh; BCĐ CCHC, Sở KHĐT, ĐT, Sở LĐTBXH chủ trì.\n"
    assert detect_legacy(from_unicode(line, encoding)) == encoding


def test_a_vn3_document_with_capital_headings_is_recognised():
    raw = vn3("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nKẾ HOẠCH\n" + PARAGRAPH)
    assert detect_legacy(raw) == TCVN3
    assert to_unicode(raw, TCVN3).startswith("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\n")


def test_a_legacy_file_is_judged_by_its_first_64_kb():
    legacy = from_unicode(PARAGRAPH + "\n", TCVN3)
    assert detect_legacy(legacy * 2 + b"\xff\xfe" * SAMPLE_BYTES) == TCVN3     # the tail is not read
    assert detect_legacy(b"# " + b"-" * SAMPLE_BYTES + b"\n" + legacy) is None  # nor is a late start


def test_too_little_vietnamese_is_not_claimed():
    # Honest limit: a single short title holds too few words to tell the encodings apart.
    assert detect_legacy(from_unicode("title: Kế hoạch cải cách\n", TCVN3)) is None


def test_windows_1258_text_with_only_latin1_letters_is_not_read_as_tcvn3():
    # Read as TCVN3 this is "cỏc phớm thờm thụng tin khụng tớnh phớ": every word well formed,
    # none a word Vietnamese uses. Read as Windows-1258 it is right, but proves nothing: its
    # letters are all Latin-1 ones, as French or Portuguese text would have.
    raw = from_unicode("Các phím thêm thông tin không tính phí", CP1258)
    assert detect_legacy(raw) is None


# --------------------------------------------------------------------------- judging words

@pytest.mark.parametrize("word", [w.strip(".:;") for w in PARAGRAPH.split() if not w.isascii()]
                         + ["nghiêng", "người", "khuya", "thuở", "quốc", "gì", "giữ", "xuân", "ăn", "oách",
                            "hoá", "hóa", "Ủy", "ở", "HOẠCH", "Được", "yêu", "uyên", "xoong", "mưa"])
def test_vietnamese_words_are_syllables(word):
    assert _is_syllable(word)


@pytest.mark.parametrize("word", [
    "ằ", "sằ",          # "»" and "s»" read as TCVN3: ă and â never end a syllable
    "tiê",              # nor does iê
    "cơịng",            # "cộng" in Windows-1258 read as VNI: a glide (ơi) takes no final
    "giỔ", "cỏC",       # Italian "già" read as TCVN3; a capital after a small letter
    "tíếng",            # two tones
    "fứr", "phím2",     # a letter and a character Vietnamese does not have
    "ho¹ch",            # TCVN3 "hoạch" read as Windows-1258
    "kếhoạch",          # two syllables run together
])
def test_other_words_are_not(word):
    assert not _is_syllable(word)


# --------------------------------------------------------------------------- what is not legacy

@pytest.mark.parametrize("sentence", [
    "Nå er det fint å gå på tur, så vi ser på det nå.",      # TCVN3 reads "nồ, gồ, pồ, sồ"
    "Må vi gå nå? Ja, så går vi på tur.",
    "Il est né tôt, dû à la pluie; le thé est là.",          # "nộ, tụt, dỷ, thộ"
    "È più facile così: ciò può già essere.",                # Windows-1258 reads "pụ, cị"
])
@pytest.mark.parametrize("codec", ["latin-1", "cp1252"])
def test_short_european_sentences_with_vietnamese_looking_words_are_not_claimed(sentence, codec):
    assert detect_legacy(sentence.encode(codec)) is None


def test_utf8_and_ascii_are_not_legacy():
    assert detect_legacy(PARAGRAPH.encode()) is None
    assert detect_legacy(unicodedata.normalize("NFD", YAML_PLAN).encode()) is None
    assert detect_legacy(b"plan:\n  id: x\n") is None
    assert detect_legacy(b"") is None


def test_damaged_utf8_is_not_legacy():
    raw = PARAGRAPH.encode()
    assert detect_legacy(raw[:20] + b"\xff" + raw[20:]) is None
    assert detect_legacy(raw[:-3] + b"\xe1") is None


@pytest.mark.parametrize("language", sorted(LATIN1_PROSE))
@pytest.mark.parametrize("codec", ["latin-1", "cp1252"])
def test_western_european_text_is_not_vietnamese(language, codec):
    raw = LATIN1_PROSE[language].encode(codec)
    assert not raw.isascii()
    assert detect_legacy(raw) is None
    assert detect_legacy(raw * 50) is None


def test_windows_typography_is_not_tcvn3_capitals():
    # cp1252's „ “ — … sit where TCVN3 (VN1) has Ạ Ỏ Ộ Ặ: read as TCVN3 they are one-letter
    # "words", well formed and all with letters Latin-1 lacks, but not Vietnamese text.
    raw = "Ausgabe — „1.0K“, „2.0K“ … und „4.0K“ — siehe „1000“.".encode("cp1252")
    assert detect_legacy(raw) is None


@pytest.mark.skipif(not iconv_knows("VISCII"), reason="no glibc iconv with VISCII")
@pytest.mark.parametrize("plan", sorted(glob.glob(str(PLANS / "**" / "*.yaml"), recursive=True)))
def test_vietnamese_in_viscii_is_not_taken_for_another_encoding(plan):
    # VISCII is not converted here; read as TCVN3 about half of its words are well formed.
    text = ascii_punctuation(Path(plan).read_text(encoding="utf-8"))
    assert detect_legacy(iconv(text.encode(), "UTF-8", "VISCII")) is None


@pytest.mark.skipif(not iconv_knows("VISCII"), reason="no glibc iconv with VISCII")
def test_a_viscii_task_list_is_not_taken_for_tcvn3():
    # Read as TCVN3: "Sã Nài vứ chỹ trỡ; thải hến: Quý I nồm 2022", every word well formed and
    # repeated line after line; only "quý" is a word Vietnamese uses.
    tasks = "".join(f"- Nhiệm vụ {n}: Sở Nội vụ chủ trì; thời hạn: Quý {quarter} năm 2022\n"
                    for n, quarter in enumerate("I II III IV I II III IV".split(), start=1))
    assert detect_legacy(iconv(tasks.encode(), "UTF-8", "VISCII")) is None


def test_binaries_are_not_text():
    legacy = from_unicode(PARAGRAPH, TCVN3)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as zipped:
        zipped.writestr("word/document.xml", legacy * 10)
    assert detect_legacy(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + legacy) is None
    assert detect_legacy(archive.getvalue()) is None
    assert detect_legacy(b"%PDF-1.4\n" + legacy) is None
    assert detect_legacy(legacy + b"\x00" + legacy) is None


def test_random_bytes_are_not_vietnamese():
    rng = random.Random(1258)
    samples = [rng.randbytes(rng.choice([50, 500, 5000])) for _ in range(300)]
    samples += [bytes(rng.choice(range(0x80, 0x100)) if rng.random() < 0.7 else 0x20 for _ in range(2000))
                for _ in range(100)]
    assert [detect_legacy(sample) for sample in samples] == [None] * len(samples)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=4096))
def test_any_bytes_are_judged_without_error(raw):
    assert detect_legacy(raw) in (None, *ENCODINGS)
    for encoding in ENCODINGS:
        assert unicodedata.is_normalized("NFC", to_unicode(raw, encoding))


# --------------------------------------------------------------------------- names

def test_encodings_have_names_a_person_knows():
    assert encoding_name(CP1258) == "Windows-1258"
    assert encoding_name(TCVN3) == "TCVN3 (ABC, phông .VnTime)"
    assert encoding_name(VNI) == "VNI (VNI-Windows, phông VNI-Times)"
    with pytest.raises(ValueError):
        encoding_name("viscii")
    with pytest.raises(ValueError):
        to_unicode(b"x", "utf-8")
    with pytest.raises(ValueError):
        from_unicode("“", TCVN3)
