"""TeX math to MathML, at build time: the site runs no script and asks no other host to show it.

latex2mathml does the conversion. Its output is not trusted as it comes: it copies `\\text{...}`
through unescaped and turns `\\href`, `\\style` and `\\class` into attributes, and it quietly
keeps commands it does not know. So every result is parsed as XML and rebuilt from a list of
MathML elements and attributes; anything else, an unknown command, or an element missing an
argument (`\\frac{1}`) is a `MathError` that the check reports where the formula stands.
Pages get the checked tree as markdown-it tokens (`mathml_tokens`), which markdown-it writes as
it writes the rest of a body, escaping every text and attribute value; `tex_to_mathml`
serialises the same tree with xml.etree, which escapes them too.

`$...$` in a BibTeX title is MathML too: `text_with_math` makes the whole title's tokens and has
markdown-it write them. The module stands beside the stages because the check
(bodies, titles) and the renderer both use it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import lru_cache

from markdown_it.renderer import RendererHTML
from markdown_it.token import Token

MATHML = "http://www.w3.org/1998/Math/MathML"
MAX_TEX = 2000  # characters; a formula longer than this belongs in a paper, not a body

ELEMENTS = frozenset(
    "math mrow mi mn mo ms mtext mspace msub msup msubsup mfrac msqrt mroot mstyle merror "
    "mpadded mphantom menclose munder mover munderover mmultiscripts mprescripts none mtable "
    "mtr mtd mlabeledtr semantics".split()
)
ATTRIBUTES = frozenset(
    "display mathvariant mathsize displaystyle scriptlevel stretchy fence separator lspace "
    "rspace minsize maxsize largeop movablelimits accent accentunder linethickness columnalign "
    "rowalign columnspacing rowspacing columnlines rowlines frame framespacing equalrows "
    "equalcolumns width height depth voffset notation form linebreak symmetric align "
    "columnspan rowspan bevelled numalign denomalign".split()
)
# Elements that take a fixed number of arguments.
ARITY = {
    "mfrac": 2,
    "mroot": 2,
    "msub": 2,
    "msup": 2,
    "msubsup": 3,
    "munder": 2,
    "mover": 2,
    "munderover": 3,
}
# `$...$` as Pandoc reads it: no space just inside the dollars, no digit just after the closing one.
_INLINE_MATH = re.compile(r"\$(?=[^\s$])((?:\\.|[^$\\])+?)(?<=[^\s\\])\$(?!\d)")
_UNKNOWN_COMMAND = re.compile(r"\\[A-Za-z]+")
_ERROR_NAMES = re.compile(r"(?<=[a-z])(?=[A-Z])")

ET.register_namespace("", MATHML)
_WRITER = RendererHTML()  # markdown-it's writer, which escapes every text and attribute value


class MathError(ValueError):
    """TeX that does not convert to safe, well-formed MathML; the message says why."""


@lru_cache(maxsize=4096)
def tex_to_mathml(tex: str, display: bool = False) -> str:
    """A `<math>` element for `tex`, inline or displayed as a block; `MathError` if it fails."""
    return ET.tostring(_checked_tree(tex, display), encoding="unicode", short_empty_elements=True)


def mathml_tokens(tex: str, display: bool = False) -> list[Token]:
    """The `<math>` element for `tex` as markdown-it tokens (each element opened and closed, or
    empty, with its attributes, and `text` tokens), for markdown-it to write; `MathError` if
    it does not convert."""
    tokens: list[Token] = []
    _walk(_checked_tree(tex, display), tokens, {"xmlns": MATHML})
    return tokens


def text_with_math(text: str) -> str:
    """`text` as HTML, each `$...$` in it as inline MathML and the rest as text, as for a BibTeX
    title (`Scaling laws for $\\ell_1$ sparsity`), written by markdown-it from tokens as bodies
    are; `MathError` if a formula does not convert."""
    tokens, done = [], 0
    for match in _INLINE_MATH.finditer(text):
        tokens.append(Token("text", "", 0, content=text[done : match.start()]))
        tokens += mathml_tokens(match.group(1))
        done = match.end()
    tokens.append(Token("text", "", 0, content=text[done:]))
    return _WRITER.renderInline(tokens, {"xhtmlOut": True}, {})


def _walk(element: ET.Element, tokens: list[Token], extra: dict[str, str] | None = None) -> None:
    tag = element.tag.rpartition("}")[2]
    attrs = {**extra, **element.attrib} if extra else dict(element.attrib)
    if element.text is None and not len(element):
        tokens.append(Token(tag, tag, 0, attrs=attrs))
    else:
        tokens.append(Token(tag + "_open", tag, 1, attrs=attrs))
        if element.text:
            tokens.append(Token("text", "", 0, content=element.text))
        for child in element:
            _walk(child, tokens)
        tokens.append(Token(tag + "_close", tag, -1))
    if element.tail:
        tokens.append(Token("text", "", 0, content=element.tail))


@lru_cache(maxsize=4096)
def _checked_tree(tex: str, display: bool) -> ET.Element:
    """The converted tree, checked against the allow-list; the check and the page share it,
    and nothing changes it once made."""
    tex = tex.strip()
    if not tex:
        raise MathError("the formula is empty")
    if len(tex) > MAX_TEX:
        raise MathError(f"the formula has {len(tex)} characters; the limit is {MAX_TEX}")
    from latex2mathml.converter import convert  # imported when a formula is first met

    try:
        raw = convert(tex, display="block" if display else "inline")
    except RecursionError:
        raise MathError("the formula is nested too deeply") from None
    except Exception as exc:  # latex2mathml signals bad TeX with many exception types
        raise MathError(_reason(exc)) from None
    try:
        root = ET.fromstring(raw)
    except ET.ParseError:
        raise MathError("the formula does not convert to well-formed MathML") from None
    _check(root)
    return root


def _check(element: ET.Element) -> None:
    for node in element.iter():
        namespace, _, name = node.tag.rpartition("}")
        if namespace != "{" + MATHML or name not in ELEMENTS:
            raise MathError(f"the formula makes <{name}>, which is not allowed in MathML here")
        for attribute in node.attrib:
            if attribute not in ATTRIBUTES:
                command = {"href": "\\href", "style": "\\style", "class": "\\class"}
                what = command.get(attribute, f"the attribute '{attribute}'")
                raise MathError(f"{what} is not allowed in formulas")
        if name in ARITY and len(node) != ARITY[name]:
            raise MathError(
                f"<{name}> needs {ARITY[name]} arguments and has {len(node)}: "
                "is a '{...}' group missing?"
            )
        if name in ("mi", "mo") and node.text and _UNKNOWN_COMMAND.fullmatch(node.text):
            raise MathError(f"unknown TeX command {node.text}")


def _reason(exc: Exception) -> str:
    name = type(exc).__name__.removesuffix("Error")
    words = _ERROR_NAMES.sub(" ", name).lower()
    detail = str(exc).strip()
    return f"the TeX does not convert: {words}" + (f" ({detail})" if detail else "")
