"""TeX to MathML at build time: well-formed MathML from an allow-list, or a reason why not."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from kb.mathml import MathError, tex_to_mathml, text_with_math

M = "{http://www.w3.org/1998/Math/MathML}"


def test_inline_and_display_formulas_parse_as_mathml():
    inline = ET.fromstring(tex_to_mathml("p = 0.6"))
    assert inline.tag == f"{M}math" and inline.get("display") == "inline"
    assert [(e.tag.removeprefix(M), e.text) for e in inline.iter() if e.text] == [
        ("mi", "p"),
        ("mo", "="),
        ("mn", "0.6"),
    ]
    display = ET.fromstring(tex_to_mathml(r"\frac{a}{b} \leq \sqrt{2}", display=True))
    assert display.get("display") == "block"
    fraction = display.find(f".//{M}mfrac")
    assert fraction is not None and len(fraction) == 2
    assert display.find(f".//{M}msqrt") is not None


@pytest.mark.parametrize(
    "tex, reason",
    [
        (r"\frac{1}", "needs 2 arguments"),
        (r"x^", "does not convert"),
        (r"\left( x", "does not convert"),
        (r"\foo{x}", r"unknown TeX command \foo"),
        (r"\href{javascript:alert(1)}{x}", r"\href is not allowed"),
        (r"\style{color:red}{x}", r"\style is not allowed"),
        (r"\class{x}{y}", r"\class is not allowed"),
        (r"\text{<script>alert(1)</script>}", "<script>"),
        (r"\unicode{x}", "well-formed"),
        ("", "empty"),
        ("x" * 3000, "limit is 2000"),
        ("{" * 999 + "x" + "}" * 999, "nested too deeply"),
    ],
)
def test_tex_that_does_not_convert_safely_says_why(tex, reason):
    with pytest.raises(MathError) as raised:
        tex_to_mathml(tex)
    assert reason in str(raised.value)


def test_a_title_with_math_is_escaped_text_and_mathml():
    html = text_with_math("Scaling <laws> for $\\ell_1$ sparsity & $5 budgets")
    assert html.startswith("Scaling &lt;laws&gt; for <math ")
    assert html.endswith("</math> sparsity &amp; $5 budgets")
    ET.fromstring(html[html.index("<math") : html.index("</math>") + 7])
    with pytest.raises(MathError):
        text_with_math("Bad $\\frac{1}$ title")


def test_a_bibtex_title_shows_its_math_as_mathml_and_bad_tex_as_text(tmp_path):
    import xml.etree.ElementTree as ET

    from helpers_engine import BIB, claim, one, run_kb, write_kb

    from kb.render.site import build_site

    bib = BIB.replace("title = {Gadgets", "title = {Scaling $\\ell_1$ <b>gadgets</b> and").replace(
        "title = {Widgets", "title = {Widgets at $\\frac{1}$"
    )
    root = write_kb(
        tmp_path,
        {"claims/x-entry.md": claim("x-entry", body="See [@roe2023gadgets; @doe2021widgets].")},
        bib=bib,
    )
    result = run_kb(root)
    assert "math-error" not in {d.code for d in result.diagnostics}
    assert "does not convert" in one(result.diagnostics, "bib-math").message
    pages = {f.path: f.page.html for f in build_site(result) if f.page is not None}
    work = pages["references/roe2023gadgets.md"]
    heading = work[work.index("<h1") : work.index("</h1>") + 5]
    math = ET.fromstring(heading).find(".//{http://www.w3.org/1998/Math/MathML}math")
    if math is None:  # serialised without a namespace prefix
        math = ET.fromstring(heading).find(".//math")
    assert math is not None
    assert "&lt;b&gt;gadgets&lt;/b&gt;" in heading  # the rest of the title stays text
    assert "$\\frac{1}$" in pages["references/doe2021widgets.md"]  # shown as written
    assert "<math" in pages["claims/x-entry.md"]  # in the entry's reference list too
