"""The reference of every diagnostic code, generated from the engine's catalogue."""

from __future__ import annotations

from kb.addresses import section_source, section_url
from kb.check.codes import RULES, Rule
from kb.render.renderer import Renderer
from kb.render.site_files import Page, SiteFile


def diagnostics_page(renderer: Renderer) -> SiteFile:
    """Searchable in full: what each code means is found nowhere else."""
    groups: dict[str, list[Rule]] = {}
    for rule in RULES.values():
        groups.setdefault(rule.group, []).append(rule)
    html = renderer.render("diagnostics.html", section_url("diagnostics"), groups=groups.items())
    return SiteFile(section_source("diagnostics"), page=Page("Diagnostics", html))
