"""The baseline for `kb check`: merely parse every entry's front matter with libyaml.

Usage: python bench/parse_front_matter.py CONTENT_DIR
Reads each entry file under the content folder's subfolders, cuts out the lines between the
opening `---` and the closing one, and composes them with libyaml (`yaml.compose`, the node
tree `kb` itself builds on), in a process started as `kb check` is. Nothing is checked,
linked or reported: this is the least any tool reading the same files must do.
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
        yaml.compose(front_matter(file.read_text(encoding="utf-8")), Loader=yaml.CSafeLoader)
    print(f"{len(files)} front matters parsed")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
