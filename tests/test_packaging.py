"""The package as an adopter installs it: a wheel in a fresh virtual environment, a new
knowledge base on another topic, two entries, a strict build, and nothing of this one in it."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from conftest import REPO

_META = re.compile(r'<meta (?:property|name)="((?:og|twitter):[a-z_]+)" content="([^"]*)">')
_BODY = "Placeholder body, replaced below.\n"


def _run(*args: str | Path, cwd: Path) -> str:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, f"{args}: {done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


def _this_knowledge_base() -> set[str]:
    """Strings that belong to this repository's content: its name, address, ids and keys."""
    ids = {
        line.strip()
        for line in (REPO / "content" / "published-ids.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    keys = set(re.findall(r"^@\w+\{([^,\s]+),", (REPO / "references.bib").read_text(), re.M))
    return {"AI Safety", "AI safety", "ai-safety", "ai_safety", "aisafety"} | ids | keys


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built offline from a copy of the source (no content, tests or benchmarks)."""
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        if (REPO / name).is_file():
            shutil.copy(REPO / name, source / name)
    shutil.copytree(REPO / "docs", source / "docs", ignore=shutil.ignore_patterns("*.png"))
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(REPO / "kb", source / "kb", ignore=ignore)
    shutil.copytree(REPO / "plugins", source / "plugins", ignore=ignore)
    out = tmp_path_factory.mktemp("wheel")
    _run(
        sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
        "--no-index", "-w", out, source, cwd=source,
    )  # fmt: skip
    (built,) = out.glob("*.whl")
    return built


def test_the_wheel_holds_the_engine_and_the_plugin_only(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        text = {name: archive.read(name).decode("utf-8", "replace") for name in names}
    tops = {name.split("/")[0] for name in names}
    assert {top for top in tops if not top.endswith(".dist-info")} == {"kb", "kb_mkdocs"}
    assert "kb_mkdocs/templates/main.html" in names
    assert "kb/render/assets/kb.css" in names and "kb/render/templates/entry.html" in names
    assert "kb/commands/starter/dot-github/workflows/publish.yml" in names
    assert not any(n.startswith(("content/", "tests/", "bench/", "plugins/")) for n in names)
    entry_points = next(v for k, v in text.items() if k.endswith("entry_points.txt"))
    assert "kb = kb_mkdocs.plugin:KbPlugin" in entry_points
    foreign = _this_knowledge_base()
    for name, content in text.items():
        found = [s for s in foreign if s in content]
        assert not found, (name, found)


@pytest.fixture(scope="module")
def adopter(wheel, tmp_path_factory) -> tuple[Path, Path]:
    """A new virtual environment with the wheel; its dependencies come, unchanged, from the
    environment running the tests (nothing is downloaded)."""
    venv = tmp_path_factory.mktemp("venv") / "env"
    _run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=venv.parent)
    _run(
        sys.executable, "-m", "pip", "--python", venv / "bin" / "python", "install",
        "--quiet", "--no-deps", "--no-index", wheel, cwd=venv.parent,
    )  # fmt: skip
    purelib = Path(sysconfig.get_paths()["purelib"])
    (site,) = (venv / "lib").glob("python3*/site-packages")
    # A path entry only: the .pth files there (this checkout's editable install) are not run.
    (site / "dependencies.pth").write_text(f"{purelib}\n")
    return venv, site


def test_no_top_level_plugins_module_is_installed(adopter, tmp_path):
    venv, site = adopter
    assert sorted(
        p.name for p in site.iterdir() if not p.name.endswith((".dist-info", ".pth"))
    ) == [
        "kb",
        "kb_mkdocs",
    ]
    found = _run(
        venv / "bin" / "python", "-c",
        "import importlib.util as u, kb, kb_mkdocs;"
        "print(u.find_spec('plugins'), kb.__file__, kb_mkdocs.__file__)",
        cwd=tmp_path,
    )  # fmt: skip
    none, kb_file, plugin_file = found.split()
    assert none == "None"
    assert kb_file.startswith(str(site)) and plugin_file.startswith(str(site))


def _meta(page: Path) -> dict[str, str]:
    return {name: html.unescape(value) for name, value in _META.findall(page.read_text())}


def _write_body(path: Path, body: str) -> None:
    text = path.read_text(encoding="utf-8")
    front = text[: text.index("\n---\n", 4) + 5]
    path.write_text(front + body, encoding="utf-8")


def test_an_adopter_starts_a_knowledge_base_of_their_own(adopter, tmp_path):
    venv, _ = adopter
    kb, root = venv / "bin" / "kb", tmp_path / "climate"
    _run(
        kb, "init", root, "--title", "Climate Policy Debates",
        "--url", "https://climate.example.org/kb/", "--repo", "https://github.com/example/climate",
        cwd=tmp_path,
    )  # fmt: skip
    (root / "references.bib").write_text(
        "@article{nordhaus1993rolling,\n  title = {Rolling the DICE},\n"
        "  author = {Nordhaus, William D.},\n  journal = {Resource and Energy Economics},\n"
        "  year = {1993},\n  doi = {10.1016/0928-7655(93)90017-O}\n}\n"
    )
    claim = _run(
        kb, "new", "claim", "Carbon taxes cut emissions at the lowest cost",
        "--summary", "A price on carbon reduces emissions more cheaply than rules do.",
        cwd=root,
    ).split()[0]  # fmt: skip
    counter = _run(
        kb, "new", "counterargument", "Carbon taxes weigh most on poorer households",
        "--summary", "A carbon tax takes a larger share of a poorer household's income.",
        "--opposes", "carbon-taxes-cut-emissions-at-the-lowest-cost", cwd=root,
    ).split()[0]  # fmt: skip
    _write_body(root / claim, "Models of the economy say so [@nordhaus1993rolling].\n")
    _write_body(root / counter, "Poorer households spend more of their income on energy.\n")
    assert "0 error(s)" in _run(kb, "check", cwd=root)
    _run(venv / "bin" / "python", "-m", "mkdocs", "build", "--strict", cwd=root)
    site = root / "site"

    entry = _meta(site / "claims" / "carbon-taxes-cut-emissions-at-the-lowest-cost" / "index.html")
    assert entry["og:title"] == "Carbon taxes cut emissions at the lowest cost"
    assert entry["og:description"] == (
        "A price on carbon reduces emissions more cheaply than rules do."
    )
    assert entry["og:url"] == (
        "https://climate.example.org/kb/claims/carbon-taxes-cut-emissions-at-the-lowest-cost/"
    )
    assert entry["og:site_name"] == "Climate Policy Debates" and entry["og:type"] == "article"
    assert entry["twitter:card"] == "summary"
    page = site / "claims" / "carbon-taxes-cut-emissions-at-the-lowest-cost" / "index.html"
    text = page.read_text()
    assert "Carbon taxes weigh most on poorer households" in text  # the counterargument
    assert (
        "https://github.com/example/climate/edit/main/content/claims/"
        "carbon-taxes-cut-emissions-at-the-lowest-cost.md"
    ) in text
    work = _meta(site / "references" / "nordhaus1993rolling" / "index.html")
    assert work["og:url"] == "https://climate.example.org/kb/references/nordhaus1993rolling/"
    for hand_written in ("", "about/", "contribute/", "cite/"):
        meta = _meta(site / hand_written / "index.html")
        assert meta["og:url"] == "https://climate.example.org/kb/" + hand_written
        assert meta["og:site_name"] == "Climate Policy Debates"

    foreign = _this_knowledge_base()
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".json", ".xml", ".txt", ".css"}:
            content = path.read_text(encoding="utf-8", errors="replace")
            found = [s for s in foreign if s in content]
            assert not found, (path, found)
