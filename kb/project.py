"""Where a knowledge base lives: its root, content folder, bibliography and site address."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from kb import addresses

DEFAULT_SITE_NAME = "AI Safety Debates"


@dataclass(frozen=True)
class Project:
    root: Path
    content_dir: Path
    bibliography: Path
    site_url: str = ""
    site_name: str = DEFAULT_SITE_NAME
    # The site's theme.custom_dir, where `kb/<template>` overrides a page template.
    custom_dir: Path | None = None

    @property
    def registry(self) -> Path:
        """The committed list of every published id."""
        return self.content_dir / "published-ids.txt"

    def absolute_url(self, url: str) -> str:
        """`url` (relative to the site root) as a permanent address, if `site_url` is known."""
        return addresses.absolute_url(self.site_url, url)

    def relative(self, path: Path) -> str:
        """`path` relative to the root; the file itself is not resolved, since it may be a
        link (to be reported as one, where it stands)."""
        try:
            return (path.parent.resolve() / path.name).relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()


class _ConfigLoader(yaml.CSafeLoader):
    """Reads mkdocs.yml, ignoring tags such as `!!python/name:` or `!ENV` it does not need."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def find_root(start: Path) -> Path:
    """The nearest folder at or above `start` holding `mkdocs.yml`, else `start`."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder
    return start


def load_project(root: Path) -> Project:
    """The project described by `root/mkdocs.yml` (site address, content folder, bibliography)."""
    config: dict = {}
    config_file = root / "mkdocs.yml"
    if config_file.is_file():
        try:
            loaded = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader)
            config = loaded if isinstance(loaded, dict) else {}
        except (yaml.YAMLError, UnicodeDecodeError):
            config = {}
    options: dict = {}
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get("kb"), dict):
            options = plugin["kb"]
    theme = config.get("theme")
    custom_dir = theme.get("custom_dir") if isinstance(theme, dict) else None
    return Project(
        root=root,
        content_dir=root / str(config.get("docs_dir") or "content"),
        bibliography=root / str(options.get("bibliography") or "references.bib"),
        site_url=str(config.get("site_url") or ""),
        site_name=str(config.get("site_name") or DEFAULT_SITE_NAME),
        custom_dir=root / str(custom_dir) if custom_dir else None,
    )
