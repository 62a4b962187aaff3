"""AIF: the knowledge base in the Argument Interchange Format, as AIFdb and OVA read it.

AIF is the common format of argument-mining corpora and tools (AIFdb, OVA, the ARG-tech
analytics), so exporting to it lets that research use our debates as a corpus.

- Every entry, withdrawn ones and questions included, is an information node (`I`). Its text
  is the entry's `summary`, which is the statement itself; the title is a heading for it and
  would only repeat it.
- Each `supports` relation is one inference node (`RA`, "Default Inference"), with the edges
  premise I -> RA -> conclusion I; each `opposes` relation is one conflict node (`CA`, "Default
  Conflict"), with attacker I -> CA -> attacked I. A rebuttal (a counterargument opposing a
  counterargument) is one more CA, aimed at the I-node of the counterargument it opposes.
  Edges carry `"formEdgeID": null`, as AIFdb's own JSON does.
- Each undercut (contract v2) is one more conflict node (`CA`, "Default Conflict"), with the
  edges undercutter I -> CA -> the RA node of the inference it attacks: AIF's conflict aimed
  at an inference, not at either statement.
- `qualifies` relations are left out: a qualification accepts its target (so it is no CA)
  and limits what it shows (so it is no RA); the relation is in `/kb.json`.
- `answers` relations are left out: a position neither gives a reason to accept a question
  (RA) nor attacks it (CA), and AIF's dialogue nodes (YA, TA) need locutions we do not have.
  The questions stay as I-nodes; the relations are in `/kb.json`.
- Forecast sets (contract v2) are left out: they are predictions, not the debate's statements.
- People and organisations (contract v2) are AIF participants, not I-nodes. Each attribution
  "X holds p" is a locution: an `L` node ("X: quote", or the statement when there is no
  quote) with an illocutionary `YA` node "Asserting", L -> YA -> the I-node of p, and an item
  of `locutions` naming the participant, the date (as `timestamp`) and the work it is from.
- Ids are strings of consecutive numbers in the graph's order: the entries (sorted by id) first,
  then one scheme node per relation in the order of the graph's edges, then the undercuts'
  CAs, then the locutions. The same knowledge base always gives the same ids.
"""

from __future__ import annotations

import json

from kb.link.graph import Graph
from kb.model import DEBATE_TYPES, PEOPLE_TYPES
from kb.project import Project

SCHEMES = {"supports": ("RA", "Default Inference"), "opposes": ("CA", "Default Conflict")}


def aif_document(graph: Graph) -> dict:
    """The AIF nodes and edges of the graph, as AIFdb's JSON holds them."""
    nodes: list[dict] = []
    edges: list[dict] = []
    node_of: dict[str, str] = {}
    people = [e for e in graph.entries.values() if e.type in PEOPLE_TYPES]
    for entry in graph.entries.values():
        if entry.type not in DEBATE_TYPES:
            continue
        node_of[entry.id] = str(len(nodes) + 1)
        nodes.append({"nodeID": node_of[entry.id], "text": entry.summary, "type": "I"})

    def connect(from_id: str, to_id: str) -> None:
        edges.append(
            {"edgeID": str(len(edges) + 1), "fromID": from_id, "toID": to_id, "formEdgeID": None}
        )

    inference_of: dict[tuple[str, str], str] = {}
    for edge in graph.edges:
        if edge.relation not in SCHEMES:
            continue
        node_type, text = SCHEMES[edge.relation]
        scheme_id = str(len(nodes) + 1)
        nodes.append({"nodeID": scheme_id, "text": text, "type": node_type})
        connect(node_of[edge.source], scheme_id)
        connect(scheme_id, node_of[edge.target])
        if edge.relation == "supports":
            inference_of[edge.source, edge.target] = scheme_id
    for edge in graph.edges:
        if edge.inference is None:
            continue
        scheme_id = str(len(nodes) + 1)
        nodes.append({"nodeID": scheme_id, "text": "Default Conflict", "type": "CA"})
        connect(node_of[edge.source], scheme_id)
        connect(scheme_id, inference_of[edge.inference])
    participant_of = {p.id: str(number) for number, p in enumerate(people, start=1)}
    locutions = []
    for entry in graph.entries.values():
        for attribution in entry.held_by:
            who = graph.resolve(attribution.who)
            if who is None or who.id not in participant_of or entry.id not in node_of:
                continue
            locution_id = str(len(nodes) + 1)
            nodes.append(
                {
                    "nodeID": locution_id,
                    "text": f"{who.title}: {attribution.quote or entry.summary}",
                    "type": "L",
                }
            )
            asserting_id = str(len(nodes) + 1)
            nodes.append({"nodeID": asserting_id, "text": "Asserting", "type": "YA"})
            connect(locution_id, asserting_id)
            connect(asserting_id, node_of[entry.id])
            locutions.append(
                {
                    "nodeID": locution_id,
                    "personID": participant_of[who.id],
                    "timestamp": attribution.date,
                    "source": attribution.source,
                }
            )
    participants = []
    for person in people:
        first, _, last = person.title.rpartition(" ")
        if person.type != "person" or not first:
            first, last = person.title, ""
        participants.append(
            {"participantID": participant_of[person.id], "firstname": first, "surname": last}
        )
    return {"nodes": nodes, "edges": edges, "locutions": locutions, "participants": participants}


def to_aif(graph: Graph, project: Project) -> str:
    """The AIF document as JSON text (`project` is unused: AIF nodes carry no addresses)."""
    return json.dumps(aif_document(graph), ensure_ascii=False, indent=1) + "\n"
