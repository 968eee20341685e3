"""A plan repository's own settings: `.cchc.yaml`, or `[tool.cchc]` in pyproject.toml, found by
searching upward from the working folder to the repository's top (the folder holding `.git`).

    plans: [plans, plans/agencies]   # folders of plans: what `cchc check` checks when given no
                                     # PATH, and where a plan's parent (plan.parent) is looked for
    rules: [nq76, par, ./quy-tac]    # rule packs (ids, or folders relative to the file)
    fail-on: warning                 # error | warning | info | never
    baseline: .cchc-baseline.json
    roster: plans/roster.yaml        # --expect
    include: ["*.yaml"]
    exclude: ["nhap/*"]
    lang: vi

Flags given on the command line win over the file. Paths are relative to the file that names
them. Nothing found: `find_config` gives None, and each plan's parent is looked for in the
folder holding that plan.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from engine.errors import InputError, Say
from engine.load import validate
from engine.location import Location
from engine.yamlsource import Document, load as load_yaml

CONFIG_NAME = ".cchc.yaml"
PYPROJECT = "pyproject.toml"


class ConfigFile(BaseModel):
    """What the settings may hold (an unknown key is a mistake, reported at its line)."""
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    plans: list[str] = Field([], description="folders of plans, relative to the config file")
    rules: list[str] = Field([], description="rule packs: built-in ids, or folders relative to the config file")
    fail_on: Literal["error", "warning", "info", "never"] | None = Field(None, alias="fail-on")
    baseline: str | None = None
    roster: str | None = None
    include: list[str] = []
    exclude: list[str] = []
    lang: Literal["vi", "en"] | None = None


@dataclass(frozen=True)
class Config:
    path: Path                       # the file the settings came from
    plan_folders: tuple[Path, ...]   # absolute
    rules: tuple[str, ...] = ()      # pack ids as written; folders made absolute
    fail_on: str | None = None
    baseline: Path | None = None
    roster: Path | None = None
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    lang: str | None = None


def config_file(start: Path) -> Path | None:
    """The nearest .cchc.yaml, or pyproject.toml with a [tool.cchc] table, at or above `start`,
    not above the repository's top folder."""
    start = start.resolve()
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
        if _has_tool_table(folder / PYPROJECT):
            return folder / PYPROJECT
        if (folder / ".git").exists():
            return None
    return None


def find_config(start: Path) -> Config | None:
    """The settings that apply in `start`, or None when there are none; a bad file is an
    `InputError` at its line."""
    path = config_file(start)
    return read_config(path) if path else None


def read_config(path: Path) -> Config:
    # Settings are text: a folder or file named 2027-06-30 is that name, not a date.
    document = _pyproject_document(path) if path.name == PYPROJECT else load_yaml(path, shown=str(path),
                                                                                  dates_as_text=True)
    if document.data is None:                       # an empty file: nothing set
        return Config(path, ())
    spec = validate(document, ConfigFile)
    base = path.parent
    folders = []
    for index, name in enumerate(spec.plans):
        folder = (base / name).resolve()
        if not folder.is_dir():
            raise InputError(str(path), document.where(f"/plans/{index}"),
                             Say(f"plans: {name!r} không phải thư mục (tính từ {base})",
                                 f"plans: {name!r} is not a folder (relative to {base})"),
                             Say("liệt kê các thư mục chứa kế hoạch, tính từ tệp cấu hình",
                                 "list folders that hold plans, relative to the config file"))
        folders.append(folder)
    return Config(path, tuple(folders), rules=tuple(_pack(base, name) for name in spec.rules),
                  fail_on=spec.fail_on, baseline=base / spec.baseline if spec.baseline else None,
                  roster=base / spec.roster if spec.roster else None, include=tuple(spec.include),
                  exclude=tuple(spec.exclude), lang=spec.lang)


def _pack(base: Path, name: str) -> str:
    """A pack id stays an id; a folder (it has a '/', or exists beside the file) becomes absolute."""
    folder = base / name
    return str(folder.resolve()) if "/" in name or folder.is_dir() else name


def _has_tool_table(path: Path) -> bool:
    if not path.is_file():
        return False
    try:
        return "cchc" in tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {})
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError):
        return False       # a pyproject.toml that is not ours to judge: look further up


def _pyproject_document(path: Path) -> Document:
    """[tool.cchc] as a document; TOML gives no positions, so problems point at its header."""
    text = path.read_text(encoding="utf-8")
    line = next((number for number, content in enumerate(text.splitlines(), 1)
                 if content.strip().replace(" ", "") == "[tool.cchc]"), 1)
    table = tomllib.loads(text)["tool"]["cchc"]
    return Document(str(path), table, positions={"": Location(line=line, column=1)})
