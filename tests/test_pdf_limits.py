"""The limits of the PDF importer (engine/importers/pdf.py), each hit with a small file by
lowering it: the bad-input corpus hits the defaults with the real attacks."""
from __future__ import annotations

import zlib

import pytest

from engine.errors import InputError
from engine.importers import pdf
from engine.importers.pdf import read_pdf
from tests.bad_inputs.make_corpus import _pdf_many_characters, _pdf_pages, _pdf_pages_of_spaces, _pdf_text_bomb


def _refusal(raw: bytes, **limits) -> str:
    with pytest.raises(InputError) as raised:
        read_pdf(raw, "draft.pdf", **limits)
    return raised.value.line("en")


def test_a_page_within_every_limit_is_read():
    layout = read_pdf(_pdf_text_bomb(3_000), "draft.pdf")
    assert layout.blocks


def test_characters_on_a_page_are_counted_as_they_are_drawn():
    line = _refusal(_pdf_text_bomb(3_000), max_page_characters=2_000)
    assert line.startswith("draft.pdf: page 1: ") and "over 2,000 characters" in line


def test_characters_in_the_file_are_counted_over_the_pages():
    line = _refusal(_pdf_many_characters(3, 2_000), max_characters=5_000)
    assert line.startswith("draft.pdf: page 3: ") and "over 5,000 characters" in line


def test_pages_are_refused_by_the_count_the_tree_states():
    assert "has 20 pages, over the limit of 10" in _refusal(_pdf_pages(20), max_pages=10)


def test_pages_are_refused_by_counting_them_when_the_count_lies():
    assert "has over 10 pages" in _refusal(_pdf_pages(20, claimed=1), max_pages=10)


def test_a_page_s_content_is_bounded_as_it_inflates():
    line = _refusal(_pdf_pages_of_spaces(1, 2), max_page_stream_bytes=1024 * 1024)
    assert line.startswith("draft.pdf: page 1: ") and "inflates to over 1,048,576 bytes" in line


def test_the_file_s_streams_are_bounded_in_all_and_say_how_to_raise_it():
    line = _refusal(_pdf_pages_of_spaces(3, 1), max_stream_bytes=pdf.STREAM_INFLATION * 1024 * 256)
    assert "page 3: " in line and "--max-file-mb N, now 0.25;" in line


def test_inflating_keeps_a_stream_whose_checksum_is_wrong():
    data = zlib.compress(b"BT (a) Tj ET")
    assert pdf._inflate(data[:-1] + bytes([data[-1] ^ 1]), 100) == b"BT (a) Tj ET"


def test_inflating_stops_at_the_limit():
    with pytest.raises(pdf._Overflow):
        pdf._inflate(zlib.compress(b" " * 10_000), 9_999)
    assert pdf._inflate(zlib.compress(b" " * 10_000), 10_000) == b" " * 10_000


def test_run_length_is_decoded_as_pdfminer_does():
    from pdfminer.runlength import rldecode
    data = bytes([2]) + b"abc" + bytes([254]) + b"x" + bytes([128])
    assert pdf._unrun(data, 100) == rldecode(data) == b"abcxxx"


def test_pdfminer_is_untouched_outside_read_pdf():
    from pdfminer.psparser import LIT
    from pdfminer.pdftypes import PDFStream
    read_pdf(_pdf_text_bomb(1_000), "draft.pdf")
    big = PDFStream({"Filter": LIT("FlateDecode")}, zlib.compress(b" " * (64 * 1024 * 1024)))
    assert len(big.get_data()) == 64 * 1024 * 1024
