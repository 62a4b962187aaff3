"""The former addresses of entries (their `aliases`), each forwarding to the entry."""

from __future__ import annotations

from kb.addresses import entry_url, redirect_file, relative_url
from kb.render.renderer import Renderer
from kb.render.site_files import SiteFile


def redirects(renderer: Renderer) -> list[SiteFile]:
    """A page at each former address that forwards to the entry, keeping any #fragment."""
    template = renderer.env.get_template("redirect.html")
    files = []
    for alias, entry_id in sorted(renderer.graph.aliases.items()):
        entry = renderer.graph.entries[entry_id]
        target = relative_url(entry_url(entry.folder, alias), entry.url)
        files.append(
            SiteFile(redirect_file(entry.folder, alias), content=template.render(target=target))
        )
    return files
