"""Writes the seed corpora fuzz/seeds/<target>/ from the repository's own examples.

Run once (the output is kept in the repository): `.venv/bin/python fuzz/make_seeds.py`.
Seeds are small on purpose: libFuzzer's default -max_len is the largest seed.
"""
import shutil
import zipfile
from pathlib import Path

import yaml

FUZZ = Path(__file__).resolve().parent
REPO = FUZZ.parent
SEEDS = FUZZ / "seeds"


def normaliser_seed(text: str, year: int) -> bytes:
    # The layout fuzz_normaliser.py reads: byte 0 = 2 makes FuzzedDataProvider.ConsumeUnicode
    # read UTF-16 (1 = ASCII, 0 = UTF-32), the last byte is the plan year as 1990 + n.
    return b"\x02" + text.encode("utf-16-le") + bytes([year - 1990])


def main() -> None:
    shutil.rmtree(SEEDS, ignore_errors=True)
    for target in ("loader", "normaliser", "importer", "importer_docx"):
        (SEEDS / target).mkdir(parents=True)

    examples = REPO / "plans/examples"
    for path in [examples / "phuong-long-chau-2027.yaml", examples / "so-khcn-vinh-long-2027.yaml",
                 examples / "roster.yaml", REPO / "plans/vinh-long-2026-2030.yaml",
                 REPO / "tests/drafts/ke-hoach-cchc-2027.yaml"]:
        shutil.copy(path, SEEDS / "loader" / path.name)

    # Values as plans write them: deadlines, legal-basis entries, owners (the first distinct ones).
    plan = yaml.safe_load((REPO / "plans/vinh-long-2022.yaml").read_text(encoding="utf-8"))
    deadlines = list(dict.fromkeys(t["deadline"] for t in plan["tasks"] if t.get("deadline")))[:8]
    owners = list(dict.fromkeys(t["owner"] for t in plan["tasks"] if t.get("owner")))[:3]
    texts = deadlines + plan["plan"]["legal_basis"][:3] + owners + ["Quý II, III/2022", "30 tháng 6 năm 2022"]
    for i, text in enumerate(texts):
        (SEEDS / "normaliser" / f"{i:02d}").write_bytes(normaliser_seed(text, 2022))

    draft = (REPO / "tests/drafts/ke-hoach-cchc-2027.md").read_text(encoding="utf-8")
    lines = draft.split("\n")
    appendix = next(i for i, line in enumerate(lines) if "PHỤ LỤC" in line)
    (SEEDS / "importer" / "draft.md").write_text(draft, encoding="utf-8")
    (SEEDS / "importer" / "header-and-body.md").write_text("\n".join(lines[:appendix]), encoding="utf-8")
    (SEEDS / "importer" / "header-and-appendix.md").write_text("\n".join(lines[:21] + lines[appendix:]),
                                                               encoding="utf-8")

    with zipfile.ZipFile(REPO / "plans/examples/xa-phu-quoi-2027.docx") as package:
        (SEEDS / "importer_docx" / "document.xml").write_bytes(package.read("word/document.xml"))


if __name__ == "__main__":
    main()
