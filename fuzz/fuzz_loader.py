"""Fuzz target: plan bytes → engine.load.load_plan_bytes (decode, YAML events, pydantic).

A plan file is whatever a user hands `cchc check`; the only acceptable failure is an
`InputError` (exit 2, one message line). Anything else would be exit 3, an internal error.
Run through fuzz/run.sh: `fuzz/run.sh loader 300`.
"""
import sys

import atheris

# Only the engine is instrumented: PyYAML's parser is C (CSafeLoader) and pydantic-core is Rust,
# so instrumenting their Python wrappers would slow every run without guiding the fuzzer.
with atheris.instrument_imports(include=["engine"]):
    from engine.errors import InputError
    from engine.load import load_plan_bytes
    from engine.yamlsource import Limits

LIMITS = Limits()


def TestOneInput(data: bytes) -> None:
    try:
        load_plan_bytes(data, "fuzz.yaml", LIMITS)
    except InputError as err:
        # InputError promises "one line naming where, what, and what to do" (engine/errors.py):
        # a raw newline from a value or a parser message would break the CLI's one-line report.
        message = err.line()
        if "\n" in message or "\r" in message:
            raise AssertionError(f"InputError message is not one line: {message!r}") from err


if __name__ == "__main__":
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()
