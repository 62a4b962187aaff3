"""The map of an entry's neighbourhood: inline SVG whose nodes link to the entries."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from helpers_engine import claim, run_kb, write_kb

from kb.render.entry_page import entry_map
from kb.render.site import build_site
from kb.render.svg_map import MAX_PER_SIDE

SVG = "{http://www.w3.org/2000/svg}"


def neighbourhood_map(tmp_path, files: dict[str, str], center: str) -> str:
    """The map of `center`, with its edges taken from the real graph as its page does."""
    graph = run_kb(write_kb(tmp_path, files)).graph
    return entry_map(graph, graph.entries[center])


def node_links(figure: ET.Element) -> list[str]:
    return [a.get("href") for a in figure.iter(f"{SVG}a")]


def titles(figure: ET.Element) -> list[str]:
    return [t.text for t in figure.iter(f"{SVG}title")]


def test_map_is_well_formed_and_its_nodes_link_to_the_entries(tmp_path):
    svg = neighbourhood_map(
        tmp_path,
        {
            "claims/center.md": claim("center", supports="[target-entry]"),
            "claims/target-entry.md": claim("target-entry"),
            "claims/objection.md": claim("objection", type="counterargument", opposes="[center]"),
        },
        "center",
    )
    figure = ET.fromstring(svg)
    links = node_links(figure)
    # two layouts (wide and narrow) each draw every neighbour once
    assert sorted(links) == sorted(["../../claims/objection/", "../../claims/target-entry/"] * 2)


def test_titles_with_markup_characters_are_escaped(tmp_path):
    title = 'Claims <b>bold</b> & "quoted"'
    svg = neighbourhood_map(
        tmp_path,
        {
            "claims/center.md": claim("center", title=f"'{title}'"),
            "claims/objection.md": claim(
                "objection",
                type="counterargument",
                opposes="[center]",
                title="'A <script>x</script> objection'",
            ),
        },
        "center",
    )
    assert "<script>" not in svg and "<b>" not in svg
    figure = ET.fromstring(svg)  # would fail on unescaped markup
    assert "A <script>x</script> objection" in titles(figure)
    assert title in figure.get("aria-label")


def test_beyond_twelve_neighbours_a_side_shows_how_many_more(tmp_path):
    files = {"claims/center.md": claim("center")}
    for number in range(MAX_PER_SIDE + 3):
        files[f"claims/objection-{number:02d}.md"] = claim(
            f"objection-{number:02d}", type="counterargument", opposes="[center]"
        )
    figure = ET.fromstring(neighbourhood_map(tmp_path, files, "center"))
    entry_links = [href for href in node_links(figure) if href.startswith("../")]
    assert len(entry_links) == 2 * MAX_PER_SIDE
    assert "+3 more" in titles(figure)
    assert "objection-12" not in " ".join(entry_links)


def test_exactly_twelve_neighbours_need_no_more_node(tmp_path):
    files = {"claims/center.md": claim("center")}
    for number in range(MAX_PER_SIDE):
        files[f"claims/objection-{number:02d}.md"] = claim(
            f"objection-{number:02d}", type="counterargument", opposes="[center]"
        )
    svg = neighbourhood_map(tmp_path, files, "center")
    assert " more" not in svg
    assert len(node_links(ET.fromstring(svg))) == 2 * MAX_PER_SIDE


def test_entry_without_neighbours_still_draws_itself(tmp_path):
    svg = neighbourhood_map(tmp_path, {"claims/alone.md": claim("alone")}, "alone")
    figure = ET.fromstring(svg)
    assert node_links(figure) == []
    assert titles(figure) == ["Title of alone", "Title of alone"]


def test_more_node_links_to_a_section_of_the_entry_page(tmp_path):
    files = {"claims/center.md": claim("center")}
    for number in range(MAX_PER_SIDE + 1):
        files[f"claims/objection-{number:02d}.md"] = claim(
            f"objection-{number:02d}", type="counterargument", opposes="[center]"
        )
    result = run_kb(write_kb(tmp_path, files))
    (page,) = [f.page for f in build_site(result) if f.page and f.url == "claims/center/"]
    fragments = {href[1:] for href in re.findall(r'href="(#[^"]+)"', page.html)}
    assert fragments
    for fragment in fragments:
        assert f'id="{fragment}"' in page.html
