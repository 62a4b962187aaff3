"""LaTeX in the bibliography fields the site shows, read as the Unicode text it typesets.

Reference managers write accents, dashes, quotes and protected capitals as LaTeX
(`G{\\"o}del`, `--`, `{GPT}`), and astronomy exports write journals as AASTeX macros
(`\\apj`). The site shows plain text, so these are decoded here, by one small reader that
knows the commands of bibliographic text. It never drops text: a command it does not know
keeps its name as text and is reported, so that nothing vanishes silently. Math (`$...$`,
`\\(...\\)`) is kept exactly as written, for the renderer to typeset.

Only the fields a page shows are decoded (a title, names, a venue, a date): abstracts and
notes are never read, which keeps a large export fast to check.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple


class Decoded(NamedTuple):
    """Text as a reader sees it, and the commands that were not understood, in order."""

    text: str
    unknown: tuple[str, ...] = ()


# Accent commands and the combining character each puts on the following letter.
_ACCENTS = {
    "`": "\u0300",
    "'": "\u0301",
    "^": "\u0302",
    "~": "\u0303",
    "=": "\u0304",
    "u": "\u0306",
    ".": "\u0307",
    '"': "\u0308",
    "r": "\u030a",
    "H": "\u030b",
    "v": "\u030c",
    "d": "\u0323",
    "c": "\u0327",
    "k": "\u0328",
    "b": "\u0331",
    "t": "\u0361",
    # the same accents as math commands, which exports also write outside math
    "grave": "\u0300",
    "acute": "\u0301",
    "hat": "\u0302",
    "tilde": "\u0303",
    "bar": "\u0304",
    "breve": "\u0306",
    "dot": "\u0307",
    "ddot": "\u0308",
    "check": "\u030c",
}
# Commands that stand for text.
_SYMBOLS = {
    "i": "ı",
    "j": "ȷ",
    "o": "ø",
    "O": "Ø",
    "l": "ł",
    "L": "Ł",
    "ss": "ß",
    "SS": "SS",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "aa": "å",
    "AA": "Å",
    "dh": "ð",
    "DH": "Ð",
    "dj": "đ",
    "DJ": "Đ",
    "th": "þ",
    "TH": "Þ",
    "ng": "ŋ",
    "NG": "Ŋ",
    "TeX": "TeX",
    "LaTeX": "LaTeX",
    "LaTeXe": "LaTeX2ε",
    "BibTeX": "BibTeX",
    "XeTeX": "XeTeX",
    "LuaTeX": "LuaTeX",
    "AmS": "AMS",
    "ldots": "…",
    "dots": "…",
    "textellipsis": "…",
    "textendash": "–",
    "textemdash": "—",
    "textquoteleft": "‘",
    "textquoteright": "’",
    "textquotedblleft": "“",
    "textquotedblright": "”",
    "textquotesingle": "'",
    "textquotedbl": '"',
    "quotedblbase": "„",
    "quotesinglbase": "‚",
    "guillemotleft": "«",
    "guillemotright": "»",
    "guillemetleft": "«",
    "guillemetright": "»",
    "guilsinglleft": "‹",
    "guilsinglright": "›",
    "textasciitilde": "~",
    "textasciicircum": "^",
    "textbackslash": "\\",
    "textregistered": "®",
    "texttrademark": "™",
    "copyright": "©",
    "textcopyright": "©",
    "S": "§",
    "P": "¶",
    "dag": "†",
    "ddag": "‡",
    "textdagger": "†",
    "textbullet": "•",
    "textperiodcentered": "·",
    "textdegree": "°",
    "textmu": "µ",
    "textpm": "±",
    "texttimes": "×",
    "pounds": "£",
    "textsterling": "£",
    "euro": "€",
    "texteuro": "€",
    "textyen": "¥",
    "textcent": "¢",
    "textexclamdown": "¡",
    "textquestiondown": "¿",
    "textless": "<",
    "textgreater": ">",
    "textbar": "|",
    "textunderscore": "_",
    "textordfeminine": "ª",
    "textordmasculine": "º",
    "textonehalf": "½",
    "textperthousand": "‰",
    "textsection": "§",
    "textparagraph": "¶",
    "textnumero": "№",
    # HTML entities as ADS writes them (`\lt`, `\amp`), and AASTeX's symbols
    "lt": "<",
    "gt": ">",
    "amp": "&",
    "nbsp": " ",
    "lsquo": "‘",
    "rsquo": "’",
    "ldquo": "“",
    "rdquo": "”",
    "larr": "←",
    "rarr": "→",
    "upsi": "υ",
    "ap": "∼",
    "sim": "∼",
    "approx": "≈",
    "sime": "≃",
    "lap": "≲",
    "gap": "≳",
    "le": "≤",
    "ge": "≥",
    "pm": "±",
    "times": "×",
    "deg": "°",
    "oplus": "⊕",
    "odot": "⊙",
    "sun": "☉",
    "textdollar": "$",
    "textasciicaron": "ˇ",
    "textasciiacute": "´",
    "textasciigrave": "`",
    "textasciidieresis": "¨",
    "mdash": "—",
    "ndash": "–",
    "hyphen": "-",
    "ell": "ℓ",
    "imath": "ı",
    "jmath": "ȷ",
    "quad": " ",
    "qquad": " ",
    "enspace": " ",
    "thinspace": " ",
    "newline": " ",
    "linebreak": " ",
    "par": " ",
    "space": " ",
}
# Greek letters, which exports also write outside math.
_GREEK = dict(
    zip(
        "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu "
        "nu xi pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma "
        "Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega".split(),
        "αβγδεεζηθϑικλμνξπϖρϱσςτυφϕχψωΓΔΘΛΞΠΣΥΦΨΩ",
        strict=True,
    )
)
# The AASTeX journal macros of ADS exports (`journal = {\apj}`), as the AAS macros print them.
_JOURNALS = {
    "aj": "AJ",
    "actaa": "Acta Astron.",
    "araa": "ARA&A",
    "apj": "ApJ",
    "apjl": "ApJ",
    "apjlett": "ApJ",
    "apjs": "ApJS",
    "apjsupp": "ApJS",
    "ao": "Appl. Opt.",
    "applopt": "Appl. Opt.",
    "apss": "Ap&SS",
    "aap": "A&A",
    "astap": "A&A",
    "aapr": "A&A Rev.",
    "aaps": "A&AS",
    "azh": "AZh",
    "baas": "BAAS",
    "bain": "Bull. Astron. Inst. Netherlands",
    "caa": "Chinese Astron. Astrophys.",
    "cjaa": "Chinese J. Astron. Astrophys.",
    "icarus": "Icarus",
    "jcap": "J. Cosmology Astropart. Phys.",
    "jrasc": "JRASC",
    "memras": "MmRAS",
    "mnras": "MNRAS",
    "na": "New A",
    "nar": "New A Rev.",
    "pra": "Phys. Rev. A",
    "prb": "Phys. Rev. B",
    "prc": "Phys. Rev. C",
    "prd": "Phys. Rev. D",
    "pre": "Phys. Rev. E",
    "prl": "Phys. Rev. Lett.",
    "pasa": "PASA",
    "pasp": "PASP",
    "pasj": "PASJ",
    "qjras": "QJRAS",
    "rmxaa": "Rev. Mexicana Astron. Astrofis.",
    "skytel": "S&T",
    "solphys": "Sol. Phys.",
    "sovast": "Soviet Ast.",
    "ssr": "Space Sci. Rev.",
    "zap": "ZAp",
    "nat": "Nature",
    "iaucirc": "IAU Circ.",
    "aplett": "Astrophys. Lett.",
    "apspr": "Astrophys. Space Phys. Res.",
    "fcp": "Fund. Cosmic Phys.",
    "gca": "Geochim. Cosmochim. Acta",
    "grl": "Geophys. Res. Lett.",
    "jcp": "J. Chem. Phys.",
    "jgr": "J. Geophys. Res.",
    "jqsrt": "J. Quant. Spectr. Rad. Transf.",
    "memsai": "Mem. Soc. Astron. Italiana",
    "nphysa": "Nucl. Phys. A",
    "physrep": "Phys. Rep.",
    "physscr": "Phys. Scr.",
    "planss": "Planet. Space Sci.",
    "procspie": "Proc. SPIE",
}
# Commands whose argument is the text itself: fonts, boxes, quotes, links shown as their text.
_KEEP_ARGUMENT = frozenset(
    "emph textit textbf textsc texttt textsf textup textrm textmd textnormal textsl "
    "mbox hbox makebox fbox text textsuperscript textsubscript url nolinkurl path doi "
    "uline underline ul so st mkbibemph mkbibbold mkbibitalic mbox NoCaseChange "
    "ignorespaces textcase".split()
)
_QUOTE_ARGUMENT = frozenset({"enquote", "mkbibquote", "textquote"})
_CASE_ARGUMENT = {"MakeUppercase": str.upper, "uppercase": str.upper, "MakeLowercase": str.lower}
# Commands that print nothing: declarations of font, size and language, and sorting tricks
# whose argument is never shown.
_SILENT = frozenset(
    "it bf em sc rm tt sf sl up md small normalsize large Large LARGE huge Huge tiny "
    "scriptsize footnotesize relax protect upshape itshape bfseries scshape mdseries "
    "normalfont ttfamily sffamily rmfamily slshape unskip allowbreak nobreak noindent "
    "hfill break nocorr xspace else fi".split()
)
_DROP_ARGUMENT = frozenset(
    "noopsort SortNoop sortnoop nocite label index hspace vspace selectlanguage "
    "hyphenation footnote phantom vphantom hphantom".split()
)
_CONTROL_SYMBOLS = {
    "&": "&",
    "%": "%",
    "$": "$",
    "#": "#",
    "_": "_",
    "{": "{",
    "}": "}",
    " ": " ",
    "\n": " ",
    "\t": " ",
    ",": " ",
    ";": " ",
    ":": " ",
    ">": " ",
    "!": "",
    "-": "",
    "/": "",
    "@": "",
    "\\": " ",
}
_LIGATURES = (("---", "—"), ("--", "–"), ("``", "“"), ("''", "”"), ("?`", "¿"), ("!`", "¡"))
# Characters that make a value more than plain text.
_MARKUP = re.compile(r"[\\{}$~]|--|``|''|[?!]`")
_CONTROL_WORD = re.compile(r"[A-Za-z]+")
_SPACES = re.compile(r"[ \t\n]*")
_MAX_DEPTH = 100


def decode(value: str) -> Decoded:
    """`value` as the text LaTeX would print, its math kept as `$...$`."""
    if _MARKUP.search(value) is None:
        return Decoded(" ".join(value.split()))
    reader = _Reader(value)
    text = reader.read()
    return Decoded(" ".join(unicodedata.normalize("NFC", text).split()), tuple(reader.unknown))


def has_markup(value: str) -> bool:
    """Whether `value` holds anything `decode` would change, besides spacing."""
    return _MARKUP.search(value) is not None


class _Reader:
    """One pass over a value: text, groups, commands and math, with a position."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.at = 0
        self.depth = 0
        self.unknown: list[str] = []

    def read(self, until: str | None = None) -> str:
        """Text up to the end, or up to the closing brace of the group being read."""
        out: list[str] = []
        source = self.source
        while self.at < len(source):
            char = source[self.at]
            if char == "}":
                self.at += 1
                if until == "}":
                    return "".join(out)
                continue  # an unbalanced closing brace prints nothing
            if char == "{":
                self.at += 1
                out.append(self.nested(self.read, "}"))
            elif char == "\\":
                out.append(self.nested(self.command))
            elif char == "$":
                out.append(self.math())
            elif char == "~":
                self.at += 1
                out.append(" ")
            else:
                out.append(self.plain())
        return "".join(out)

    def nested(self, read, *args) -> str:
        """`read(*args)` one level deeper; past `_MAX_DEPTH` levels (only hostile input nests
        so deep) the rest of the value is kept as its characters, without recursion."""
        if self.depth >= _MAX_DEPTH:
            rest = self.source[self.at :]
            self.at = len(self.source)
            return re.sub(r"[{}\\]", "", rest)
        self.depth += 1
        try:
            return read(*args)
        finally:
            self.depth -= 1

    def plain(self) -> str:
        """A run of characters without markup, with TeX's ligatures of dashes and quotes."""
        start = self.at
        source = self.source
        while self.at < len(source) and source[self.at] not in "{}\\$~":
            self.at += 1
        run = source[start : self.at]
        for ligature, char in _LIGATURES:
            if ligature in run:
                run = run.replace(ligature, char)
        return run

    def argument(self) -> str:
        """The next argument of a command: a group, a command, or one character."""
        self.at = _SPACES.match(self.source, self.at).end()
        if self.at >= len(self.source):
            return ""
        char = self.source[self.at]
        if char == "{":
            self.at += 1
            return self.nested(self.read, "}")
        if char == "\\":
            return self.nested(self.command)
        if char == "}":
            return ""
        self.at += 1
        return char

    def skip_optional(self) -> None:
        """Skip an optional `[...]` argument."""
        if self.source.startswith("[", self.at):
            end = self.source.find("]", self.at)
            if end != -1:
                self.at = end + 1

    def command(self) -> str:
        source = self.source
        self.at += 1  # the backslash
        if self.at >= len(source):
            return ""
        word = _CONTROL_WORD.match(source, self.at)
        if word is None:
            symbol = source[self.at]
            self.at += 1
            if symbol in _ACCENTS:
                return _accented(self.argument(), _ACCENTS[symbol])
            if symbol == "(":
                return self.delimited_math("\\)")
            if symbol == "[":
                return self.delimited_math("\\]")
            return _CONTROL_SYMBOLS.get(symbol, symbol)
        name = word.group()
        self.at = word.end()
        if name in _ACCENTS:
            return _accented(self.argument(), _ACCENTS[name])
        known = _SYMBOLS.get(name) or _GREEK.get(name) or _JOURNALS.get(name)
        if known is not None:
            self.at = _SPACES.match(source, self.at).end()
            if source.startswith("{}", self.at):
                self.at += 2
            return known
        if name in _KEEP_ARGUMENT:
            return self.argument()
        if name in _QUOTE_ARGUMENT:
            return f"“{self.argument()}”"
        if name in _CASE_ARGUMENT:
            return _CASE_ARGUMENT[name](self.argument())
        if name == "href":
            self.argument()  # the address; the link text is what is shown
            return self.argument()
        if name == "foreignlanguage":
            self.skip_optional()
            self.argument()
            return self.argument()
        if name == "ensuremath":
            return f"${self.argument()}$"
        if name == "ifmmode":
            # `\ifmmode <math> \else <text> \fi`: the text; `\else` and `\fi` print nothing.
            otherwise = source.find("\\else", self.at)
            end = source.find("\\fi", self.at)
            if 0 <= otherwise < end or (otherwise >= 0 and end < 0):
                self.at = otherwise + len("\\else")
            elif end >= 0:
                self.at = end + len("\\fi")
            return ""
        if name in _DROP_ARGUMENT:
            self.skip_optional()
            self.argument()
            return ""
        if name in _SILENT:
            self.at = _SPACES.match(source, self.at).end()
            return ""
        self.unknown.append("\\" + name)
        return name

    def math(self) -> str:
        """Inline math, `$...$` or `$$...$$`, kept as written; a lone `$` is a dollar sign."""
        source = self.source
        fence = "$$" if source.startswith("$$", self.at) else "$"
        start = self.at + len(fence)
        end = start
        while True:
            end = source.find(fence, end)
            if end == -1:
                self.at += 1
                return "$"
            if source[end - 1] != "\\":
                break
            end += 1
        self.at = end + len(fence)
        return "$" + " ".join(source[start:end].split()) + "$"

    def delimited_math(self, closing: str) -> str:
        end = self.source.find(closing, self.at)
        if end == -1:
            return ""
        body = self.source[self.at : end]
        self.at = end + len(closing)
        return "$" + " ".join(body.split()) + "$"


def _accented(text: str, mark: str) -> str:
    """`text` with the combining `mark` on its first character (a dotless i for `\\i`)."""
    if not text:
        return _SPACING.get(mark, "")  # `\^{}` prints the accent alone
    first = _DOTLESS.get(text[0], text[0])
    return unicodedata.normalize("NFC", first + mark) + text[1:]


_DOTLESS = {"ı": "i", "ȷ": "j"}
_SPACING = dict(
    zip(
        "\u0300\u0301\u0302\u0303\u0304\u0306\u0307\u0308\u030a\u030b\u030c\u0327\u0328",
        "`´^~¯˘˙¨˚˝ˇ¸˛",
        strict=True,
    )
)
