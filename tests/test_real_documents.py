"""The org-2025 vocabularies on real 2025 documents nobody here wrote: the names
they still find are the ones judged true (tests/real_documents.yaml), and the
passages judged false find nothing."""
import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from engine.consistency import undated_citations
from engine.errors import InputError
from engine.importers.text import import_text
from engine.text import fold, nfc

DOCUMENTS = Path(__file__).resolve().parents[2] / "shared" / "real-documents"
JUDGED = yaml.safe_load((Path(__file__).parent / "real_documents.yaml").read_text(encoding="utf-8"))
pytestmark = pytest.mark.skipif(not DOCUMENTS.is_dir(),
                                reason="the real documents (shared/real-documents) are not beside the checkout")

REORGANISED = dt.date(2025, 7, 1)
_SIGNED = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")


def text_of(name: str) -> str:
    """The document as the matcher reads a field: NFC, the scrape's cell bars and bold marks gone."""
    return re.sub(r"[*|]", " ", nfc((DOCUMENTS / name).read_text(encoding="utf-8")))


def signed_on(text: str) -> dt.date | None:
    """The date on the header's "place, ngày d tháng m năm y" line, after "Số:"."""
    number = re.search(r"Số\s*:", text)
    found = number and _SIGNED.search(text, number.end(), number.end() + 800)
    if not found:
        return None
    try:
        return dt.date(int(found.group(3)), int(found.group(2)), int(found.group(1)))
    except ValueError:
        return None


def after_reorganisation():
    for path in sorted(DOCUMENTS.glob("*.txt")):
        raw = nfc(path.read_text(encoding="utf-8"))
        signed = signed_on(raw)
        if signed and signed >= REORGANISED:
            yield path.name, raw


def test_agencies_found_outside_the_legal_basis_are_the_ones_judged_true(ruleset):
    found = set()
    for name, raw in after_reorganisation():
        for cell in re.sub(r"\*+", "", raw).split("|"):
            cell = " ".join(cell.split())
            if not fold(cell).startswith("căn cứ"):
                found.update((name, agency) for agency in ruleset.vocabulary.names_in("renamed_agencies", cell))
    judged = {(case["file"], case["name"]) for case in JUDGED["after_reorganisation"]["renamed_agencies"]}
    assert found == judged


def test_no_old_province_in_the_header_of_a_document_signed_after_the_merger(ruleset):
    found = set()
    for name, raw in after_reorganisation():
        header = " ".join(re.sub(r"[*|]", " ", raw).split("Căn cứ")[0].split())[:2500]
        found.update((name, province) for province in ruleset.vocabulary.names_in("merged_provinces", header))
    judged = {(case["file"], case["name"]) for case in JUDGED["after_reorganisation"]["merged_provinces"]}
    assert found == judged


@pytest.mark.parametrize("case", JUDGED["must_not_fire"], ids=lambda case: f"{case['file'][:8]}-{case['why'][:40]}")
def test_a_passage_judged_false_names_nothing(ruleset, case):
    assert fold(case["excerpt"]) in fold(" ".join(text_of(case["file"]).split())), "the passage is the document's own"
    assert ruleset.vocabulary.names_in(case["list"], case["excerpt"]) == []


def test_a_citation_without_its_date_is_rare_and_real(ruleset):
    """Over every "Căn cứ …;" line of the real documents, the one citation found with neither a
    year in its number nor a date anywhere in the line."""
    own = tuple(fold(document.number).replace(" ", "") for document in ruleset.vocabulary.documents.values())
    found, lines = set(), 0
    for path in sorted(DOCUMENTS.glob("*.txt")):
        text = " ".join(text_of(path.name).split())
        for basis in re.findall(r"Căn cứ [^;]{5,400};", text):
            lines += 1
            found.update((path.name, number) for number in undated_citations([basis], own))
    assert lines > 2000
    assert found == {(case["file"], case["number"]) for case in JUDGED["undated_citations"]}


def test_every_real_document_is_imported_or_refused_in_words(ruleset):
    """No real document is an internal error: each is a plan, or one message saying why not
    (five of them cite their basis in capitals, "CĂN CỨ …", which once broke the reader)."""
    failed = []
    for path in sorted(DOCUMENTS.glob("*.txt")):
        try:
            import_text(path.read_text(encoding="utf-8"), path.name, ruleset.vocabulary)
        except InputError:
            pass
        except Exception as err:          # what the test is for: a crash named by the file
            failed.append(f"{path.name}: {type(err).__name__}: {err}")
    assert failed == []
