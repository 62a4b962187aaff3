"""The baseline for `kb check`: merely load every entry's front matter with libyaml.

Usage: python bench/parse_front_matter.py CONTENT_DIR
Reads each entry file under the content folder's subfolders, cuts out the lines between the
opening `---` and the closing one, and loads them with libyaml (`yaml.load` with
`CSafeLoader`: what a tool that reads front matter does to get its values), in a process
started as `kb check` is. Nothing is checked, linked or reported.

Loading, not composing, is what the 2x target was set against: the check of the day it was set
takes 1.34 to 1.44 s at 10,000 entries, the 1.4x then recorded of loading (1.02 s), where it is
1.9x composing alone (`yaml.compose`, 0.73 s); timed side by side on 2026-11-30.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml


def front_matter(text: str) -> str:
    lines = text.split("\n")
    closing = next(i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "..."))
    return "\n".join(lines[1:closing])


def main(content: Path) -> int:
    files = sorted(content.glob("*/*.md"))
    for file in files:
        yaml.load(front_matter(file.read_text(encoding="utf-8")), Loader=yaml.CSafeLoader)
    print(f"{len(files)} front matters loaded")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
