"""Where a knowledge base lives and what it calls itself: its root, content folder,
bibliography, site address and name, publisher, licence and repository.

Every value comes from the site's `mkdocs.yml` (the `kb` plugin's options, else MkDocs' own
`site_name`, `repo_url` and `edit_uri`), so the engine names no knowledge base of its own."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from kb import addresses


@dataclass(frozen=True)
class Project:
    root: Path
    content_dir: Path
    bibliography: Path
    site_url: str = ""
    site_name: str = ""
    # The site's theme.custom_dir, where `kb/<template>` overrides a page template.
    custom_dir: Path | None = None
    publisher: str = ""  # who citations name as publisher; the site's name when empty
    license: str = ""  # the content's licence, shown in citation blocks and schema.org data
    repo_url: str = ""  # the repository, for "edit this entry" and "history" links
    edit_uri: str = ""  # relative to repo_url (or a full address), up to the content folder
    history_uri: str = ""  # the same for the history of a file; derived from edit_uri if empty

    @property
    def publisher_name(self) -> str:
        return self.publisher or self.site_name

    def edit_url(self, source: str) -> str | None:
        """Where to edit a content file (`claims/x.md`) in the repository, if known."""
        return addresses.repository_url(self.repo_url, self.edit_uri, source)

    def history_url(self, source: str) -> str | None:
        """Where to read the history of a content file in the repository, if known."""
        uri = self.history_uri or history_uri(self.edit_uri)
        return addresses.repository_url(self.repo_url, uri, source)

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

# Deeper than any real mkdocs.yml (a nav nested 16 deep is already unusual), and far below the
# nesting at which PyYAML's recursive composer overflows the C stack.
MAX_CONFIG_DEPTH = 64


def _read_config(config_file: Path) -> dict:
    """mkdocs.yml as a dict; empty when it is missing, unreadable or nested deeper than
    `MAX_CONFIG_DEPTH`. A pull request can change this file too: the nesting is measured on
    libyaml's event stream, which does not recurse, before the composer, which does, runs."""
    if not config_file.is_file():
        return {}
    try:
        text = config_file.read_text(encoding="utf-8")
        if _too_deep(text):
            return {}
        loaded = yaml.load(text, Loader=_ConfigLoader)
    except (yaml.YAMLError, UnicodeDecodeError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _too_deep(text: str) -> bool:
    """Whether a YAML text's collections nest deeper than `MAX_CONFIG_DEPTH`, read from its
    events up to the first level too many."""
    depth = 0
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_CONFIG_DEPTH:
                return True
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return False


def history_uri(edit_uri: str) -> str:
    """The history counterpart of an edit address, by the convention GitHub and GitLab share:
    `edit/main/content/` becomes `commits/main/content/` (GitLab: `-/edit/` to `-/commits/`)."""
    segments = edit_uri.split("/")
    if "edit" in segments:
        segments[segments.index("edit")] = "commits"
        return "/".join(segments)
    return ""


def find_root(start: Path) -> Path:
    """The nearest folder at or above `start` holding `mkdocs.yml`, else `start`."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder
    return start


def load_project(root: Path) -> Project:
    """The project described by `root/mkdocs.yml`, read as the plugin reads it (the plugin's
    options validated by MkDocs; here a value of the wrong kind is left out)."""
    config = _read_config(root / "mkdocs.yml")
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
        site_name=str(config.get("site_name") or ""),
        custom_dir=root / str(custom_dir) if custom_dir else None,
        publisher=_text(options.get("publisher")),
        license=_text(options.get("license")),
        repo_url=_text(options.get("repo_url") or config.get("repo_url")),
        edit_uri=_text(options.get("edit_uri") or config.get("edit_uri")),
        history_uri=_text(options.get("history_uri")),
    )


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""
