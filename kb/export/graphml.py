"""GraphML: the graph of entries and relations, for network tools such as Gephi and yEd.

GraphML is what graph-analysis and layout tools import, so this export lets anyone lay out,
measure or filter the whole debate. Nodes are entries, with the entry id as node id and the data
keys `label` (the title, which Gephi shows), `type`, `title`, `summary`, `url`, `status` and
`tags` (comma-separated). Edges are the relations of the graph, directed from the entry that
declares them, each with a `relation` key: `supports`, `opposes`, `answers`, `qualifies` or
`undercuts`. An undercut attacks an inference, which GraphML cannot aim an edge at: its edge goes
from the undercutter to the inference's conclusion and names the supporting entry in the
`premise` key (absent on other edges). People and organisations (contract v2) are nodes of type
`person` or `organisation`, with a `holds` edge to each entry they hold; a forecast set is a
node of type `forecast-set` with a `made_by` edge to its forecaster. The text is built
with xml.etree, which escapes it; characters that XML 1.0 cannot hold at all are dropped.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from kb.link.graph import Graph
from kb.model import PEOPLE_TYPES
from kb.project import Project

NAMESPACE = "http://graphml.graphdrawing.org/xmlns"
NODE_KEYS = ("label", "type", "title", "summary", "url", "status", "tags")
EDGE_KEYS = ("relation", "premise")
# Everything outside XML 1.0's Char production: control characters, surrogates, U+FFFE/F.
# Written as these ranges rather than as the complement of the allowed ones, which takes 3 ms
# to compile, on every `kb` command (2026-12-01).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def to_graphml(graph: Graph, project: Project) -> str:
    """The knowledge base as a GraphML document, with typed nodes and typed, directed edges."""
    # Plain names and an explicit xmlns: the one default namespace GraphML tools write, where
    # xml.etree's namespace support would prefix every element with `ns0:`.
    root = ET.Element("graphml", {"xmlns": NAMESPACE})
    for kind, names in (("node", NODE_KEYS), ("edge", EDGE_KEYS)):
        for name in names:
            ET.SubElement(
                root,
                "key",
                {"id": name, "for": kind, "attr.name": name, "attr.type": "string"},
            )
    body = ET.SubElement(root, "graph", {"id": "kb", "edgedefault": "directed"})
    for entry in graph.entries.values():
        node = ET.SubElement(body, "node", {"id": entry.id})
        values = {
            "label": entry.title,
            "type": entry.type,
            "title": entry.title,
            "summary": entry.summary,
            "url": project.absolute_url(entry.url),
            "status": entry.status,
            "tags": ",".join(entry.tags),
        }
        for name in NODE_KEYS:
            _data(node, name, values[name])
    for number, edge in enumerate(graph.edges, start=1):
        element = ET.SubElement(
            body,
            "edge",
            {"id": f"e{number}", "source": edge.source, "target": edge.target},
        )
        _data(element, "relation", edge.relation)
        if edge.premise is not None:
            _data(element, "premise", edge.premise)
    holds = [
        (who.id, entry.id)
        for entry in graph.entries.values()
        for a in entry.held_by
        if (who := graph.resolve(a.who)) is not None and who.type in PEOPLE_TYPES
    ]
    made_by = [
        (entry.id, who.id)
        for entry in graph.entries.values()
        if entry.by and (who := graph.resolve(entry.by)) is not None and who.type in PEOPLE_TYPES
    ]
    people_edges = [(*pair, "holds") for pair in dict.fromkeys(holds)]
    people_edges += [(*pair, "made_by") for pair in made_by]
    first = len(graph.edges) + 1
    for number, (source, target, relation) in enumerate(people_edges, start=first):
        element = ET.SubElement(
            body, "edge", {"id": f"e{number}", "source": source, "target": target}
        )
        _data(element, "relation", relation)
    ET.indent(root)
    text = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n"


def _data(parent: ET.Element, key: str, value: str) -> None:
    ET.SubElement(parent, "data", {"key": key}).text = _NOT_XML.sub("", value)
