"""Fuzz target: any string through the text normalisers (engine/text.py), the deadline parser
(engine/deadlines.py) and the citation finder (engine/citations.py).

Every plan value and draft line goes through these, so none may raise on any string. Beyond
"never raises", only properties the code or its tests promise are asserted.
Input layout (FuzzedDataProvider): the last byte picks the plan year 1990..2100 (the range the
model allows), the rest is the text (byte 0 picks ASCII / UTF-16 / UTF-32, see fuzz/make_seeds.py).
"""
import re
import sys

import atheris

with atheris.instrument_imports(include=["engine"]):
    from engine.citations import canonical_number, cited_documents, match_document
    from engine.deadlines import DATE, UNPARSED, parse_deadline
    from engine.rules import load_ruleset
    from engine.text import agency_key, fold, fold_words

# The real packs' deadline kinds and documents, as `cchc check` uses them.
VOCABULARY = load_ruleset().vocabulary
KINDS = VOCABULARY.deadline_kinds
DOCUMENTS = [(d.number, d.date, [fold(n) for n in d.names]) for d in VOCABULARY.documents.values()]
_PUNCT = re.compile(r"[,;.()\"“”'‘’:/]")   # the characters fold_words ignores (engine/text.py)


def TestOneInput(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    year = fdp.ConsumeIntInRange(1990, 2100)
    # With surrogates: YAML escapes ("\ud800") can put a lone surrogate into a plan value.
    text = fdp.ConsumeUnicode(fdp.remaining_bytes())

    folded = fold(text)
    # tests/test_text.py: fold is idempotent; the citation finder re-folds slices of folded text.
    assert fold(folded) == folded, ("fold not idempotent", text, folded, fold(folded))
    # fold_words' docstring: punctuation does not matter ("Các sở, ban, ngành" = "các sở ban ngành").
    words = fold_words(text)
    assert fold_words(_PUNCT.sub(" ", text)) == words, ("fold_words sees punctuation", text)
    # agency_key's docstring: "UBND …" and "Ủy ban nhân dân …" agree.
    assert agency_key("UBND " + text) == agency_key("Ủy ban nhân dân " + text), ("UBND not spelled out", text)

    parsed = parse_deadline(text, year, KINDS)
    assert parsed.text == text
    assert parsed.kind in (DATE, UNPARSED, *KINDS), parsed
    assert (parsed.start is None) == (parsed.kind != DATE), parsed   # tests/test_deadlines.py
    if parsed.kind == DATE:
        assert parsed.start <= parsed.end, ("backwards date range", text, parsed)

    for citation in cited_documents(text):
        # The number is "canonical" (citations.py): canonicalising it again changes nothing.
        assert canonical_number(citation.number) == citation.number, (text, citation)
        # A document found in a basis entry is cited by that entry: with its date if it has one.
        found = match_document([text], citation.number, citation.date, [])
        assert found.cited if citation.date else found.undated, (text, citation, found)
    for number, date, names in DOCUMENTS:
        match_document([text], number, date, names)


if __name__ == "__main__":
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()
