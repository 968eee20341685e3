"""Hostile bytes never make a traceback: random bytes, and random mutations of an example plan,
a text draft and a Word draft, checked in this process through the command line's own entry point. Each
run must end with exit 0, 1 or 2 (never 3, an internal error), and a 2 with one message line."""
import random

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st

from engine.cli import main
from tests.conftest import PLANS, REPO, shown

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                        HealthCheck.function_scoped_fixture])
SEEDS = {
    "plan.yaml": (PLANS / "vinh-long-2022.yaml").read_bytes(),
    "draft.md": (REPO / "tests" / "drafts" / "ke-hoach-cchc-2027.md").read_bytes(),
    "draft.docx": (PLANS / "examples" / "xa-phu-quoi-2027.docx").read_bytes(),
}


def _check(tmp_path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    result = CliRunner().invoke(main, ["check", str(path), "--today", "2026-11-25", "--no-progress"])
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.output, data[:200])
    assert isinstance(result.exception, (SystemExit, type(None))), repr(result.exception)
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        messages = [line for line in result.output.splitlines() if line.startswith(shown(path))]
        assert len(messages) == 1, result.output


def _mutate(data: bytes, rng: random.Random, edits: int) -> bytes:
    """A few of what editors and transfers do to a file: bytes dropped, doubled, changed or
    inserted, lines swapped or cut."""
    buffer = bytearray(data)
    for _ in range(edits):
        kind = rng.randrange(6)
        at = rng.randrange(len(buffer) + 1)
        if kind == 0 and buffer:                              # a run of bytes dropped
            del buffer[at:at + rng.randrange(1, 40)]
        elif kind == 1:                                       # random bytes inserted
            buffer[at:at] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 8)))
        elif kind == 2 and buffer:                            # one byte changed
            buffer[min(at, len(buffer) - 1)] = rng.randrange(256)
        elif kind == 3:                                       # a YAML-significant character inserted
            buffer[at:at] = rng.choice([b":", b"- ", b"&a ", b"*a", b"!!python/object:os.system ", b"\t", b"\"",
                                        b"{", b"[", b"|", b"\n  ", b"\r", b"\xef\xbb\xbf", b"\x00"])
        elif kind == 4:                                       # a stretch doubled
            piece = bytes(buffer[at:at + rng.randrange(1, 200)])
            buffer[at:at] = piece
        else:                                                 # two lines swapped
            lines = bytes(buffer).split(b"\n")
            if len(lines) > 2:
                i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
                lines[i], lines[j] = lines[j], lines[i]
                buffer = bytearray(b"\n".join(lines))
    return bytes(buffer)


@FUZZ
@given(data=st.binary(max_size=3000), name=st.sampled_from(["plan.yaml", "draft.md", "draft.txt", "draft.docx",
                                                              "draft.pdf"]))
def test_random_bytes_never_crash(tmp_path, data, name):
    _check(tmp_path, name, data)


@FUZZ
@given(seed=st.integers(0, 2**32 - 1), edits=st.integers(1, 12), name=st.sampled_from(sorted(SEEDS)))
def test_mutated_plans_and_drafts_never_crash(tmp_path, seed, edits, name):
    _check(tmp_path, name, _mutate(SEEDS[name], random.Random(seed), edits))


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_the_unmutated_seeds_are_valid(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(SEEDS[name])
    assert CliRunner().invoke(main, ["check", str(path), "--today", "2026-11-25"]).exit_code in (0, 1)
