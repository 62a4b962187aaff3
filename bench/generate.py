"""Synthetic knowledge bases for benchmarks: N entries in contract form, and the same pages
written by hand as plain Markdown for a plain MkDocs + Material baseline."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

WORDS = (
    "alignment interpretability feature steering model audit evaluation baseline "
    "oversight policy capability risk control autoencoder circuit training data "
    "behaviour objective deception benchmark regime institution testing access"
).split()


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


# Every third work's authors are written with LaTeX accents, as real exports have them: names
# recur across works, in lists that differ (each ends with a corporate author, in braces).
_SURNAMES = (
    ('M{\\"u}ller', "Müller"),
    ("Fran{\\c{c}}ois", "François"),
    ("Erd{\\H{o}}s", "Erdős"),
    ("Garc{\\'\\i}a", "García"),
    ("Nu{\\~n}ez", "Nuñez"),
    ("Smith", "Smith"),
    ("Kowalski", "Kowalski"),
)
_GIVEN = (('J{\\"o}rg', "Jörg"), ("Ren{\\'e}", "René"), ("Jane", "Jane"), ('Zo{\\"e}', "Zoë"))


def _authors(key: str) -> tuple[str, str]:
    """A work's authors as BibTeX writes them, and as a reader sees them."""
    number = int(key.removeprefix("work"))
    if number % 3:
        return "Doe, Jane and Roe, Richard", "Jane Doe, Richard Roe"
    names = [
        (_SURNAMES[(number + k) % len(_SURNAMES)], _GIVEN[(number // 3 + k) % len(_GIVEN)])
        for k in range(3)
    ]
    return (
        " and ".join(f"{surname[0]}, {given[0]}" for surname, given in names)
        + f" and {{Benchmark Lab {number}}}",
        ", ".join(f"{given[1]} {surname[1]}" for surname, given in names)
        + f", Benchmark Lab {number}",
    )


def _plan(n: int, seed: int = 7) -> list[dict]:
    """Entries with relations and citations; every relation points at an earlier entry."""
    rng = random.Random(seed)
    n_questions = max(2, n // 20)
    n_works = max(2, n // 10)
    entries: list[dict] = []
    for i in range(n):
        if i < n_questions:
            kind = "question"
        else:
            kind = "counterargument" if rng.random() < 0.4 else "claim"
        entry = {
            "id": f"entry-{i:05d}",
            "type": kind,
            "title": f"{_sentence(rng, 8)} {i}",
            "summary": _sentence(rng, 30) + ".",
            "body": " ".join(_sentence(rng, 15) + "." for _ in range(6)),
            "answers": [],
            "supports": [],
            "opposes": [],
            "cites": [],
            "tags": sorted({rng.choice(WORDS) for _ in range(2)}),
        }
        claims = [e["id"] for e in entries if e["type"] != "question"]
        if kind == "claim":
            entry["answers"] = [f"entry-{rng.randrange(n_questions):05d}"]
            if claims and rng.random() < 0.3:
                entry["supports"] = [rng.choice(claims)]
        elif kind == "counterargument":
            entry["opposes"] = [rng.choice(claims)] if claims else []
            if not entry["opposes"]:
                entry["type"] = "claim"
                entry["answers"] = [f"entry-{rng.randrange(n_questions):05d}"]
        entry["cites"] = [f"work{rng.randrange(n_works):05d}" for _ in range(2)]
        entries.append(entry)
    return entries


def write_knowledge_base(root: Path, n: int) -> None:
    entries = _plan(n)
    if root.exists():
        shutil.rmtree(root)
    for folder in ("claims", "questions"):
        (root / "content" / folder).mkdir(parents=True)
    (root / "content" / "index.md").write_text("# Benchmark\n\n<!-- kb:overview -->\n")
    (root / "content" / "tags.md").write_text("# Tags\n\n<!-- kb:tags -->\n")
    (root / "mkdocs.yml").write_text(
        "site_name: Bench\nsite_url: https://bench.example.org/\ndocs_dir: content\n"
        "theme:\n  name: material\n  font: false\nplugins:\n  - kb\n"
        "nav:\n  - index.md\n  - questions/index.md\n  - claims/index.md\n"
        "  - references/index.md\n  - tags.md\n"
    )
    for e in entries:
        folder = "questions" if e["type"] == "question" else "claims"
        lines = [
            "---",
            f"id: {e['id']}",
            f"type: {e['type']}",
            f"title: {e['title']}",
            f"summary: {e['summary']}",
            f"tags: [{', '.join(e['tags'])}]",
        ]
        for relation in ("supports", "opposes", "answers"):
            if e[relation]:
                lines.append(f"{relation}: [{', '.join(e[relation])}]")
        lines += [
            "sources:",
            f"  - key: {e['cites'][0]}",
            '    locator: "sec. 2"',
            "    relation: supports",
            "---",
            f"{e['body']} [@{e['cites'][1]}, p. 3]. See [[{e['opposes'][0]}]]."
            if e["opposes"]
            else f"{e['body']} [@{e['cites'][1]}, p. 3].",
        ]
        (root / "content" / folder / f"{e['id']}.md").write_text("\n".join(lines) + "\n")
    works = sorted({key for e in entries for key in e["cites"]})
    (root / "references.bib").write_text(
        "".join(
            f"@article{{{key},\n  title = {{A study of {key}}},\n  author = {{{_authors(key)[0]}}},"
            f"\n  journal = {{Journal of Benchmarks}},\n  year = {{2024}},\n"
            f"  doi = {{10.1234/{key}}}\n}}\n\n"
            for key in works
        )
    )


def write_plain_site(root: Path, n: int) -> None:
    """The same pages as plain Markdown, out of the nav, for plain MkDocs + Material."""
    entries = _plan(n)
    titles = {e["id"]: e["title"] for e in entries}
    if root.exists():
        shutil.rmtree(root)
    (root / "docs" / "pages").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Benchmark\n")
    (root / "mkdocs.yml").write_text(
        "site_name: Plain\ntheme:\n  name: material\n  font: false\nplugins:\n  - search\n"
        "nav:\n  - index.md\nnot_in_nav: |\n  /pages/\n"
    )
    for e in entries:
        related = [
            f"- [{titles[t]}]({t}.md)" for r in ("supports", "opposes", "answers") for t in e[r]
        ]
        text = (
            f"---\ntags: [{', '.join(e['tags'])}]\n---\n# {e['title']}\n\n> {e['summary']}\n\n"
            f"{e['body']} [1]\n\n## Related\n\n"
            + "\n".join(related)
            + f"\n\n## References\n\n1. {_authors(e['cites'][0])[1]} (2024). "
            f"*A study of {e['cites'][0]}*. Journal of Benchmarks. <https://doi.org/10.1234/{e['cites'][0]}>\n"
        )
        (root / "docs" / "pages" / f"{e['id']}.md").write_text(text, encoding="utf-8")


def write_hugo_site(root: Path, n: int) -> None:
    """The same pages for Hugo, where `hugo` is installed."""
    entries = _plan(n)
    if root.exists():
        shutil.rmtree(root)
    (root / "content" / "pages").mkdir(parents=True)
    (root / "layouts" / "_default").mkdir(parents=True)
    (root / "hugo.toml").write_text(
        'baseURL = "https://bench.example.org/"\ntitle = "Plain"\n'
        'disableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n'
    )
    (root / "layouts" / "_default" / "single.html").write_text(
        "<!doctype html><html><head><title>{{ .Title }}</title></head><body><main>"
        "{{ .Content }}</main></body></html>"
    )
    (root / "layouts" / "_default" / "list.html").write_text("<html><body>list</body></html>")
    for e in entries:
        (root / "content" / "pages" / f"{e['id']}.md").write_text(
            f'---\ntitle: "{e["title"]}"\n---\n> {e["summary"]}\n\n{e["body"]}\n'
        )
