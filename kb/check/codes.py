"""The catalogue of diagnostic codes: one stable code per kind of problem.

Stages report problems by code; this catalogue gives each code its severity and the
explanation, example and fix that the diagnostics reference publishes, so the
reference is generated from the same list the engine uses and cannot drift.
"""

from __future__ import annotations

from dataclasses import dataclass

from kb.diagnostics import Diagnostic, Position, Severity


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    group: str
    summary: str
    example: str
    fix: str


E, W = Severity.ERROR, Severity.WARNING

_RULES = [
    # files
    Rule(
        "file-encoding",
        E,
        "Files",
        "The file is not valid UTF-8.",
        "A file saved as Latin-1 with `é` in its title.",
        "Save the file as UTF-8.",
    ),
    Rule(
        "file-empty",
        E,
        "Files",
        "The entry file is empty.",
        "An empty `content/claims/x.md`.",
        "Write the front matter and body, or delete the file.",
    ),
    Rule(
        "file-too-large",
        E,
        "Files",
        "The file is larger than its limit: 256 KiB for an entry or a hand-written page, "
        "4 MiB for `references.bib`, 2 MiB for the registry and for an image.",
        "A 2 MB entry pasted from a paper.",
        "Summarise; link to the work instead of copying it.",
    ),
    Rule(
        "front-matter-missing",
        E,
        "Files",
        "The file does not start with a `---` line opening YAML front matter, "
        "or it is never closed.",
        "A file that starts with `# Title`.",
        "Start the file with `---`, the fields, and a closing `---`.",
    ),
    Rule(
        "front-matter-not-mapping",
        E,
        "Files",
        "The front matter is not a mapping of field names to values.",
        "---\n- id: x\n---",
        "Write `field: value` lines.",
    ),
    Rule(
        "file-symlink",
        E,
        "Files",
        "A file or folder under `content/`, `references.bib` or the registry is a symbolic "
        "link. A link can publish any file of the machine that builds the site (such as "
        "`.git/config`, which holds the checkout token in CI), so none is followed.",
        "`content/notes.txt` linking to `../.git/config`.",
        "Commit the file itself, or remove the link.",
    ),
    Rule(
        "file-not-regular",
        E,
        "Files",
        "A file under `content/`, `references.bib` or the registry is a named pipe, socket "
        "or device rather than a regular file.",
        "`references.bib` made a named pipe with `mkfifo`.",
        "Replace it with a regular file.",
    ),
    Rule(
        "file-unknown",
        E,
        "Files",
        "A file under `content/` is not one the contract names: entry files `<id>.md` in "
        "`content/claims/` and `content/questions/`, hand-written pages `*.md`, the registry "
        "`content/published-ids.txt` and images (PNG, JPEG, GIF, WebP) under "
        "`content/images/`. Anything else (`.html`, `.js`, `.svg`, `.markdown`, a hidden "
        "file, a name with spaces or other characters) would be published as it is.",
        "`content/x.html`, `content/claims/x.markdown`, `content/images/logo.svg`.",
        "Write a Markdown page, or remove the file; name files with letters, digits, `.`, "
        "`_` and `-`.",
    ),
    Rule(
        "file-shadows-site",
        E,
        "Files",
        "A file or folder under `content/` would take the place of something the site makes: "
        "a page the engine generates (`claims/index.md`, `references/`, `diagnostics/`, "
        "...), a generated file (`kb.json`, `schema/`) or the theme's assets (`assets/`, "
        "`search/`).",
        "`content/assets/javascripts/bundle.js`, `content/references.md`.",
        "Choose another name, or remove the file.",
    ),
    # YAML
    Rule(
        "yaml-syntax",
        E,
        "YAML",
        "The front matter is not valid YAML.",
        "title: a: b",
        "Quote values that contain `: ` or start with a special character.",
    ),
    Rule(
        "yaml-tab",
        E,
        "YAML",
        "A tab character is used for indentation.",
        "tags:\n\t- x",
        "Indent with spaces.",
    ),
    Rule(
        "yaml-duplicate-key",
        E,
        "YAML",
        "A field is given twice; YAML would silently keep only the last value.",
        "title: A\ntitle: B",
        "Keep one of the two.",
    ),
    Rule(
        "yaml-alias",
        E,
        "YAML",
        "YAML anchors (`&a`) and aliases (`*a`) are not allowed.",
        "supports: &s [x]\nopposes: *s",
        "Write every value out in full.",
    ),
    Rule(
        "yaml-coerced-value",
        E,
        "YAML",
        "YAML 1.1 reads this unquoted value as a boolean, number or date where text is "
        "expected (an empty or `null` value is `empty-value`).",
        "title: no",
        'Quote it: `title: "no"`.',
    ),
    # schema
    Rule(
        "unknown-field",
        E,
        "Schema",
        "The front matter has a field the contract does not define.",
        "oposes: [x]",
        "Fix the spelling (the message suggests the closest field) or remove it.",
    ),
    Rule(
        "missing-field",
        E,
        "Schema",
        "A required field is missing.",
        "A counterargument without `opposes`.",
        "Add the field.",
    ),
    Rule(
        "wrong-type",
        E,
        "Schema",
        "A field has the wrong type of value.",
        "tags: history",
        "Use the type the contract gives, e.g. `tags: [history]`.",
    ),
    Rule(
        "too-long",
        E,
        "Schema",
        "A text field is longer than its limit.",
        "A 900-character summary.",
        "Shorten it; the body has room for the details.",
    ),
    Rule(
        "control-character",
        E,
        "Schema",
        "A text field or a body holds a character that no reader sees but that terminals, "
        "editors or browsers act on: a control character (an escape, a backspace, a bell) or "
        "a bidirectional embedding or override, which shows text in another order than it is "
        "written.",
        'title: "Safe \\u202Eelbisualp"',
        "Remove the character. To set text written right to left within a field, the "
        "bidirectional isolates (U+2066 to U+2069) are allowed.",
    ),
    Rule(
        "empty-value",
        E,
        "Schema",
        "A required text field is empty.",
        'title: ""',
        "Write the text.",
    ),
    Rule(
        "bad-id",
        E,
        "Schema",
        "An id is not lower-case words joined by hyphens of 3 to 80 characters.",
        "id: Example_Entry",
        "Use `example-entry`.",
    ),
    Rule(
        "bad-tag",
        E,
        "Schema",
        "A tag is not lower-case words joined by hyphens.",
        "tags: [Sparse Autoencoders]",
        "Use `sparse-autoencoders`.",
    ),
    Rule(
        "id-mismatch",
        E,
        "Schema",
        "The `id` differs from the file name.",
        "`content/claims/a.md` with `id: b`.",
        "Rename the file or fix the id.",
    ),
    Rule(
        "type-folder",
        E,
        "Schema",
        "The `type` does not belong in this folder.",
        "`type: question` under `content/claims/`.",
        "Claims and counterarguments live in `content/claims/`, questions in `content/questions/`.",
    ),
    Rule(
        "bad-value",
        E,
        "Schema",
        "A field has a value outside its allowed set.",
        "relation: agrees",
        "Use one of the values the message lists.",
    ),
    Rule(
        "withdrawn-without-replacement",
        E,
        "Schema",
        "A withdrawn entry does not say what replaced it, "
        "or a replacement is named for an active entry.",
        "status: withdrawn (no superseded_by)",
        "Add `superseded_by: <id>`.",
    ),
    # graph
    Rule(
        "duplicate-id",
        E,
        "Graph",
        "Two entries, or an entry and an alias, share an id.",
        "Two files both declaring `id: x`, or `aliases: [x]` naming an existing entry.",
        "Choose a different id.",
    ),
    Rule(
        "unknown-entry",
        E,
        "Graph",
        "A relation names an entry that does not exist.",
        "opposes: [example-entri]",
        "Fix the id (the message suggests the closest).",
    ),
    Rule(
        "wrong-target-type",
        E,
        "Graph",
        "A relation points at an entry of a type it cannot point at.",
        "answers: [a-claim]",
        "`answers` points at questions; `supports`, `opposes`, `qualifies` and undercuts at "
        "claims and counterarguments.",
    ),
    Rule(
        "self-reference",
        E,
        "Graph",
        "An entry supports, opposes, answers or qualifies itself, or undercuts an inference "
        "from or to itself.",
        "id: x\nsupports: [x]",
        "Remove the relation.",
    ),
    Rule(
        "relation-not-allowed",
        E,
        "Graph",
        "An entry has a relation its own type cannot have: a question takes no side, so it "
        "may not support, oppose or answer anything.",
        "type: question\nopposes: [a-claim]",
        "Remove the relation, or make the entry a claim or counterargument that answers the "
        "question.",
    ),
    Rule(
        "supersede-cycle",
        E,
        "Graph",
        "Withdrawn entries name each other in `superseded_by`, so none of them leads to a "
        "live replacement.",
        "a: superseded_by: b; b: superseded_by: a (both withdrawn).",
        "Point `superseded_by` at the entry that really replaces them, an active one.",
    ),
    # body and sources
    Rule(
        "unknown-reference",
        E,
        "Citations",
        "A citation or source names a key that is not in `references.bib`.",
        "[@doe2021widget]",
        "Fix the key, or add the work to `references.bib`.",
    ),
    Rule(
        "unknown-link",
        E,
        "Citations",
        "A `[[id]]` cross-link names no entry.",
        "[[example-entri]]",
        "Fix the id.",
    ),
    # hand-written pages
    Rule(
        "page-field",
        E,
        "Pages",
        "The front matter of a hand-written page has a field other than `title` and `description`.",
        "template: custom.html",
        "Remove the field; a page's title is its `title` or its first heading.",
    ),
    Rule(
        "unknown-page",
        E,
        "Pages",
        "A link on a hand-written page names a `.md` page that does not exist.",
        "[About](abuot.md)",
        "Fix the file name; links are relative to the page's own folder.",
    ),
    Rule(
        "unknown-anchor",
        E,
        "Citations",
        "A `[[id#anchor]]` cross-link names a section the entry does not have: neither one of "
        "its headings nor a section of every entry page (`top`, `map`, `references`, `cite`, "
        "`counterarguments`, `supported-by`, `supports`, `opposes`, `answers`, `positions`, "
        "`tags`).",
        "[[example-entry#evidance]]",
        "Use the heading's id: its words in lower case joined by `-` (the message lists them).",
    ),
    Rule(
        "unknown-in-text-citation",
        W,
        "Citations",
        "`@word` at the start of a word reads as an in-text citation (as in Pandoc), but no "
        "work in `references.bib` has that key. It is a warning, since `@` also starts handles in "
        "prose; the text is shown as written.",
        "As @doe2021widget show, ...",
        "Fix the key, or write `\\@` to keep a literal `@`.",
    ),
    # body markup
    Rule(
        "bad-citation",
        E,
        "Body",
        "Square brackets hold an `@key` but do not parse as a citation: every item, separated "
        "by `;`, needs exactly one key.",
        "[see @a and @b]  or  [@a; see above]",
        "Write `[see @a; @b]`; escape an `@` that is not a citation as `\\@`.",
    ),
    Rule(
        "unknown-locator-term",
        E,
        "Body",
        "The locator of a citation starts with an abbreviation that is not one of the locator "
        "terms of Pandoc, so it would be printed as a suffix, not as a locator.",
        "[@doe2021widgets, ch. 2]",
        "Use a term of the list: `p.`/`pp.`, `chap.`, `sec.`, `fig.`, `vol.`, `para.`, `n.`, "
        "`l.`, `col.`, `bk.`, `pt.`, `v.`, `s.v.`, `no.`, `op.`, `fol.`, `§`, `¶`, or their "
        "long forms (`page`, `chapter`, ...); or brace it: `[@key, {ch. 2}]`.",
    ),
    Rule(
        "unclosed-cross-link",
        E,
        "Body",
        "`[[` is not closed by `]]` in the same paragraph, or holds no id.",
        "See [[example-entry.",
        "Close it: `[[example-entry]]`; escape a literal bracket as `\\[`.",
    ),
    Rule(
        "unknown-footnote",
        E,
        "Body",
        "A footnote reference `[^x]` has no definition `[^x]: text` in the body, or a note is "
        "written inline as `^[...]`, which is not read.",
        "As shown.[^1] (and no `[^1]:` line)",
        "Add the definition on a line of its own: `[^1]: The note.`",
    ),
    Rule(
        "unused-footnote",
        W,
        "Body",
        "A footnote is defined (`[^x]: text`) but no `[^x]` refers to it, so it is not shown.",
        "[^1]: A note nobody points to.",
        "Refer to it where it belongs (`text.[^1]`), or delete it.",
    ),
    Rule(
        "math-error",
        E,
        "Body",
        "TeX between `$...$` or `$$...$$` does not convert to MathML, or uses a command that "
        "is not allowed (`\\href`, `\\style`, `\\class`).",
        "$\\frac{1}$",
        "Fix the TeX (the message says what is wrong); escape a literal dollar as `\\$`.",
    ),
    Rule(
        "unknown-admonition",
        E,
        "Body",
        "An admonition (`!!! type`) or GitHub alert (`> [!TYPE]`) has a type the site does not "
        "style.",
        "!!! remark",
        "Use one of Material's types (`note`, `info`, `tip`, `warning`, `danger`, `example`, "
        "`quote`, ...) or of GitHub's alerts (`NOTE`, `TIP`, `IMPORTANT`, `WARNING`, `CAUTION`).",
    ),
    Rule(
        "unsafe-link",
        E,
        "Body",
        "The address of a link is not `http`, `https`, `mailto` or a relative address of the "
        "site itself, so it is not published as a link.",
        "[click](javascript:alert(1))",
        "Link to an `https://` address.",
    ),
    Rule(
        "image-not-allowed",
        E,
        "Body",
        "A body shows an image: pages load nothing from other hosts, and entries hold text.",
        "![chart](https://example.org/chart.png)",
        "Link to it instead: `[the chart](https://example.org/chart.png)`.",
    ),
    Rule(
        "template-placeholder",
        E,
        "Body",
        "Text that `kb new` writes for the contributor to replace is still there.",
        "summary: State the claim in one or two plain sentences ...",
        "Write the statement and the reasoning; delete the block of example forms.",
    ),
    # bibliography
    Rule(
        "bib-missing",
        E,
        "Bibliography",
        "`references.bib` does not exist or cannot be read.",
        "A repository without `references.bib`.",
        "Create it, even empty.",
    ),
    Rule(
        "bib-parse",
        E,
        "Bibliography",
        "A BibTeX block cannot be parsed.",
        "@article{key, title = {unclosed",
        "Close braces and separate fields with commas.",
    ),
    Rule(
        "bib-duplicate-key",
        E,
        "Bibliography",
        "Two BibTeX entries share a key.",
        "Two `@article{doe2021widgets,` blocks.",
        "Remove one, or give it another key.",
    ),
    Rule(
        "bib-missing-field",
        E,
        "Bibliography",
        "A work has no title, so it cannot be shown or cited.",
        "@misc{x, author = {Doe, Jane}, year = {2021}}",
        "Add the title from the work's public record.",
    ),
    Rule(
        "bib-link",
        E,
        "Bibliography",
        "A `url`, `doi` or `howpublished` address is not an http, https or mailto link.",
        "url = {javascript:alert(1)}",
        "Give the work's public `https://` address, or leave the field out.",
    ),
    Rule(
        "published-id-removed",
        E,
        "Permanence",
        "An id that has been published is no longer an entry, an alias or a withdrawn entry.",
        "Renaming `content/claims/a.md` to `b.md` without `aliases: [a]`.",
        "Keep the id: add it to the new entry's `aliases`, or keep the entry as `withdrawn`.",
    ),
    # warnings
    Rule(
        "bib-incomplete",
        W,
        "Bibliography",
        "A work has no year (or `date`), or no author, editor or organization; "
        'the site shows it without ("n.d." for the year).',
        "@misc{x, title = {T}, author = {Doe, Jane}}",
        "Add the missing fields from the work's public record.",
    ),
    Rule(
        "bib-duplicate-field",
        W,
        "Bibliography",
        "An entry gives a field twice (names are case-insensitive); BibTeX uses the first.",
        "title = {A}, Title = {B}",
        "Keep one of them.",
    ),
    Rule(
        "bib-comment",
        W,
        "Bibliography",
        "A field is commented out with `%`, which BibTeX does not read as a comment.",
        "%doi = {10.1007/x},",
        "Delete the line: BibTeX ignores only text outside entries.",
    ),
    Rule(
        "bib-string-redefined",
        W,
        "Bibliography",
        "An `@string` is defined again; the entries after it use the new value.",
        "@string{j = {A}} ... @string{j = {B}}",
        "Keep one definition, or give the second another name.",
    ),
    Rule(
        "bib-undefined-string",
        W,
        "Bibliography",
        "A value names an `@string` that is not defined; BibTeX prints nothing for it.",
        "journal = j-SIMAX",
        "Define it with `@string{j-SIMAX = {...}}`, or write the text in braces.",
    ),
    Rule(
        "bib-crossref",
        W,
        "Bibliography",
        "A `crossref` or `xdata` names an entry that is not in the file, or a cycle.",
        "crossref = {DBLP:conf/nips/2020} without that @proceedings entry.",
        "Add the parent entry (DBLP exports it with the paper), or copy its fields.",
    ),
    Rule(
        "bib-math",
        W,
        "Bibliography",
        "The `$...$` of a title does not convert to MathML; it is shown as the TeX it is.",
        "title = {Scaling laws for $\\frac{1}$ sparsity}",
        "Fix the TeX, or write the title without the dollars.",
    ),
    Rule(
        "bib-latex-command",
        W,
        "Bibliography",
        "A shown field uses a LaTeX command the site does not know; it is shown as its name.",
        "title = {The \\elnino effect}",
        "Write the text the command stands for.",
    ),
    Rule(
        "bib-name",
        W,
        "Bibliography",
        "An author or editor cannot be read as a name; it is shown as written.",
        "author = {Doe, Jane, Smith, John}",
        "Separate people with `and`; write an organisation in braces: `{Open Society}`.",
    ),
    Rule(
        "bib-identifier",
        W,
        "Bibliography",
        "A `doi`, arXiv `eprint` or `url` is not an identifier or address; it is not linked.",
        "doi = {see the journal}",
        "Give the DOI (`10.1234/x`), the arXiv id or the full `https://` address.",
    ),
    Rule(
        "unused-reference",
        W,
        "Advice",
        "A work in `references.bib` is cited by no entry.",
        "A BibTeX entry nobody cites.",
        "Cite it where an argument uses it, or remove it.",
    ),
    Rule(
        "support-cycle",
        W,
        "Advice",
        "Entries support each other in a circle.",
        "a supports b, b supports a.",
        "Check whether one of the supports is really needed.",
    ),
    Rule(
        "question-few-positions",
        W,
        "Advice",
        "A question has fewer than two positions.",
        "A question that no claim answers.",
        "Add claims that answer it with `answers: [id]`.",
    ),
    Rule(
        "relies-on-withdrawn",
        W,
        "Advice",
        "An entry is supported by an entry that has been withdrawn.",
        "b supports a; b gets status: withdrawn.",
        "Check whether the entry still holds without that support; link its replacement.",
    ),
    Rule(
        "cites-retracted",
        W,
        "Advice",
        "An entry cites a work marked `retracted` in references.bib.",
        "@article{x, ..., retracted = {2025-01-10: retracted by the journal}}",
        "Check whether the argument still holds; cite a sound source or revise it.",
    ),
    Rule(
        "claim-without-source",
        W,
        "Advice",
        "A claim cites no work.",
        "A claim with no `sources` and no `[@key]`.",
        "Cite the work the argument relies on.",
    ),
    # contract v2: undercuts, people, attributions, forecasts
    Rule(
        "unknown-inference",
        E,
        "Graph",
        "An undercut names a step from a premise to a conclusion that no `supports` relation "
        "makes: the premise entry does not support the conclusion entry.",
        "undercuts: [{premise: a, conclusion: b}] where a has no `supports: [b]`.",
        "Name an existing `supports` edge (premise supports conclusion), or oppose the entry "
        "instead if it is the statement, not the step, that is wrong.",
    ),
    Rule(
        "field-not-for-type",
        E,
        "Fields",
        "The field exists, but not for this type of entry: a person or organisation holds no "
        "relations, and only claims and counterarguments are held by someone.",
        "type: person\nsupports: [a-claim]",
        "Move the field to the entry it belongs to (a position goes in the claim's `held_by`).",
    ),
    Rule(
        "attribution-without-source",
        E,
        "Attributions",
        "A `held_by` item names no `source`: the knowledge base says who holds a claim only "
        "where it can show where they said it.",
        "held_by: [{who: jane-doe}]",
        "Add `source: <key of references.bib>` (and a `locator`), or remove the attribution.",
    ),
    Rule(
        "credence-out-of-range",
        E,
        "Attributions",
        "A credence or probability is outside [0, 1].",
        "credence: 80",
        "Write a probability between 0 and 1: 80% is 0.8.",
    ),
    Rule(
        "quote-too-long",
        E,
        "Attributions",
        "The quote of an attribution holds more than one sentence (or more than 300 characters).",
        'quote: "I think so. But I am not sure."',
        "Quote the one sentence that states the position; summarise the rest in the body.",
    ),
    Rule(
        "resolution-without-source",
        E,
        "Forecasts",
        "A resolution names no `source`: an outcome is recorded only with the work that shows it.",
        "resolutions: [{forecast: a, outcome: yes, date: 2024-06-01}]",
        "Add `source: <key of references.bib>` (the paper, post or report that settles it).",
    ),
    Rule(
        "unknown-forecast",
        E,
        "Forecasts",
        "A resolution names a forecast that the set does not have.",
        "resolutions: [{forecast: beats-baselin, ...}]",
        "Use the `id` of one of the set's `forecasts` (the message suggests the closest).",
    ),
    Rule(
        "forecast-resolved-twice",
        E,
        "Forecasts",
        "Two resolutions name the same forecast.",
        "resolutions: [{forecast: a, outcome: yes, ...}, {forecast: a, outcome: no, ...}]",
        "Keep the one resolution that the evidence supports; a forecast resolves once.",
    ),
    Rule(
        "resolution-before-forecast",
        E,
        "Forecasts",
        "A resolution is dated before the forecast set was made.",
        "made: 2024-03-01 and a resolution dated 2023-12-01.",
        "Check both dates: a forecast can only be settled after it was made.",
    ),
    Rule(
        "duplicate-forecast",
        E,
        "Forecasts",
        "Two forecasts of one set share an id.",
        "forecasts: [{id: a, ...}, {id: a, ...}]",
        "Give each forecast of the set its own id.",
    ),
    Rule(
        "contradictory-positions",
        W,
        "Attributions",
        "A person holds two entries that oppose each other, dated the same (or both undated), "
        "and neither attribution has a `note` explaining it.",
        "held_by: [{who: x, source: k, date: 2024}] on a claim and on its counterargument.",
        "Check the attributions; if both are right, say why in a `note` on one of them.",
    ),
]

RULES: dict[str, Rule] = {rule.code: rule for rule in _RULES}


def report(code: str, position: Position, message: str) -> Diagnostic:
    """A diagnostic of catalogued `code`; its severity comes from the catalogue."""
    return Diagnostic(position, RULES[code].severity, code, message)
