""".cchc.yaml: a plan repository's own settings, found by searching upward from the working folder.

For now it holds only where the repository keeps its plans (`plans:`), which is where a plan's
parent (`plan.parent`) is looked for when it is not among the files of the run:

    plans: [plans, plans/agencies]      # folders, relative to the .cchc.yaml file

The search stops at the repository's top folder (the one holding `.git`), or at the file system's
root outside a repository. No file: `find_config` gives None, and each plan's parent is looked for
in the folder holding that plan.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from engine.errors import InputError, Say
from engine.load import validate
from engine.yamlsource import load as load_yaml

CONFIG_NAME = ".cchc.yaml"


class ConfigFile(BaseModel):
    """What .cchc.yaml may hold (an unknown key is a mistake, reported at its line)."""
    model_config = ConfigDict(extra="forbid", frozen=True)
    plans: list[str] = Field(default=[], description="folders of plans, relative to the config file")


@dataclass(frozen=True)
class Config:
    path: Path                       # the .cchc.yaml file
    plan_folders: tuple[Path, ...]   # absolute


def config_file(start: Path) -> Path | None:
    """The nearest .cchc.yaml at or above `start`, not above the repository's top folder."""
    start = start.resolve()
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
        if (folder / ".git").exists():
            return None
    return None


def find_config(start: Path) -> Config | None:
    """The settings that apply in `start`, or None when there is no .cchc.yaml; a bad file is an
    `InputError` at its line."""
    path = config_file(start)
    return read_config(path) if path else None


def read_config(path: Path) -> Config:
    document = load_yaml(path, shown=str(path))
    if document.data is None:                       # an empty file: nothing set
        return Config(path, ())
    spec = validate(document, ConfigFile)
    folders = []
    for index, name in enumerate(spec.plans):
        folder = (path.parent / name).resolve()
        if not folder.is_dir():
            raise InputError(str(path), document.where(f"/plans/{index}"),
                             Say(f"plans: {name!r} không phải thư mục (tính từ {path.parent})",
                                 f"plans: {name!r} is not a folder (relative to {path.parent})"),
                             Say("liệt kê các thư mục chứa kế hoạch, tính từ tệp .cchc.yaml",
                                 "list folders that hold plans, relative to the .cchc.yaml file"))
        folders.append(folder)
    return Config(path, tuple(folders))
