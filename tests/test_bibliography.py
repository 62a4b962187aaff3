"""references.bib: works LaTeX-decoded with their identifiers, problems reported with lines."""

from __future__ import annotations

from bibtexparser import middlewares
from helpers_engine import one, where
from hypothesis import given, settings
from hypothesis import strategies as st

from kb.load.bibliography import _LatexDecoding, load_works, parse_works

PATH = "references.bib"


def works_of(text: str):
    return parse_works(text, PATH)


def work(text: str):
    works, diagnostics = works_of(text)
    assert diagnostics == [], [d.as_text() for d in diagnostics]
    (only,) = works.values()
    return only


def test_latex_in_title_is_decoded():
    item = work(
        r"@article{a, title = {Widgets and {G}{\"o}del: \emph{x}, 50\% off},"
        r" author = {Doe, Jane}, year = {2021}}"
    )
    assert item.title == "Widgets and Gödel: x, 50% off"


def test_authors_become_display_names_in_order():
    item = work(
        r"@misc{a, title = {T}, year = {2020},"
        r" author = {M{\"u}ller, J{\"o}rg and van der Berg, Anna and Ada Lovelace"
        r" and {OpenAI}}}"
    )
    assert item.authors == ("Jörg Müller", "Anna van der Berg", "Ada Lovelace", "OpenAI")


def test_organization_stands_in_for_a_missing_author():
    item = work("@techreport{a, title = {T}, year = {2020}, institution = {Anthropic}}")
    assert item.authors == ("Anthropic",)
    assert item.venue == "Anthropic"


def test_venue_comes_from_journal_or_booktitle():
    article = work("@article{a, title={T}, author={A, B}, year={1}, journal={J. Ex.}}")
    assert article.venue == "J. Ex."
    assert (
        work("@inproceedings{a, title={T}, author={A, B}, year={1}, booktitle={NeurIPS}}").venue
        == "NeurIPS"
    )


def test_arxiv_id_from_eprint_and_archive_prefix():
    item = work(
        "@misc{a, title={T}, author={A, B}, year={2022},"
        " eprint={2202.05262}, archivePrefix={arXiv}}"
    )
    assert item.arxiv == "2202.05262"
    assert item.link == "https://arxiv.org/abs/2202.05262"


def test_arxiv_id_from_an_abs_url_drops_the_version():
    item = work(
        "@misc{a, title={T}, author={A, B}, year={2023}, url={https://arxiv.org/abs/2301.00001v2}}"
    )
    assert item.arxiv == "2301.00001"


def test_arxiv_id_from_a_pdf_url():
    item = work(
        "@misc{a, title={T}, author={A, B}, year={2023},"
        " url={https://arxiv.org/pdf/2301.00001v3.pdf}}"
    )
    assert item.arxiv == "2301.00001"


def test_eprint_without_arxiv_prefix_is_not_an_arxiv_id():
    item = work("@misc{a, title={T}, author={A, B}, year={2023}, eprint={12345}}")
    assert item.arxiv is None


def test_doi_given_as_a_doi_org_url_is_normalised():
    item = work(
        "@article{a, title={T}, author={A, B}, year={2021}, doi={https://doi.org/10.1234/abc_def}}"
    )
    assert item.doi == "10.1234/abc_def"
    assert item.link == "https://doi.org/10.1234/abc_def"


def test_doi_with_doi_prefix_is_normalised():
    item = work("@article{a, title={T}, author={A, B}, year={2021}, doi={doi:10.1/XYZ}}")
    assert item.doi == "10.1/XYZ"


def test_url_is_kept_verbatim_not_read_as_latex():
    item = work(
        "@misc{a, title={T}, author={A, B}, year={2021}, url={https://example.org/a_b%20c~d#x}}"
    )
    assert item.url == "https://example.org/a_b%20c~d#x"


def test_url_with_latex_escaped_underscore_loses_the_backslash():
    item = work(r"@misc{a, title={T}, author={A, B}, year={2021}, url={https://example.org/a\_b}}")
    assert item.url == "https://example.org/a_b"


def test_link_prefers_doi_then_arxiv_then_url():
    item = work(
        "@misc{a, title={T}, author={A, B}, year={2021}, doi={10.1/x},"
        " eprint={2202.05262}, archivePrefix={arXiv}, url={https://example.org/}}"
    )
    assert item.link == "https://doi.org/10.1/x"


def test_work_page_slug_is_the_key_lower_cased():
    assert work("@misc{Meng2022, title={T}, author={A, B}, year={1}}").slug == "meng2022"


def test_parse_failure_is_reported_on_the_line_of_the_broken_block():
    text = (
        "@misc{good, title={T}, author={A, B}, year={1}}\n"
        "\n"
        "@misc{bad,\n"
        "  title = {unclosed,\n"
        "  year = {2000}\n"
        "\n"
        "@misc{after, title={T}, author={A, B}, year={1}}\n"
    )
    works, diagnostics = works_of(text)
    error = one(diagnostics, "bib-parse")
    assert where(error) == (PATH, 3, 1)
    assert error.message.startswith("cannot parse this BibTeX block")
    assert "good" in works


def test_duplicate_key_is_reported_on_the_second_entry():
    text = (
        "@misc{dup, title={First}, author={A, B}, year={1}}\n"
        "\n"
        "@misc{dup, title={Second}, author={A, B}, year={1}}\n"
    )
    works, diagnostics = works_of(text)
    error = one(diagnostics, "bib-duplicate-key")
    assert where(error) == (PATH, 3, 1)
    assert works["dup"].title == "First"


def test_keys_differing_only_in_case_are_duplicates():
    text = (
        "@misc{Dup, title={First}, author={A, B}, year={1}}\n"
        "@misc{dup, title={Second}, author={A, B}, year={1}}\n"
    )
    _, diagnostics = works_of(text)
    error = one(diagnostics, "bib-duplicate-key")
    assert where(error) == (PATH, 2, 1)
    assert "on line 1" in error.message


def test_missing_title_year_and_author_are_named_in_one_diagnostic():
    works, diagnostics = works_of("\n@misc{bare, note = {nothing else}}\n")
    error = one(diagnostics, "bib-missing-field")
    assert where(error) == (PATH, 2, 1)
    assert error.message == "'bare' has no title and no year and no author, editor or organization"
    assert "bare" in works


def test_missing_year_alone_is_reported():
    _, diagnostics = works_of("@misc{a, title={T}, author={A, B}}")
    assert one(diagnostics, "bib-missing-field").message == "'a' has no year"


def test_missing_bibliography_file_is_an_error(tmp_path):
    works, diagnostics = load_works(tmp_path / "references.bib", PATH)
    assert works == {}
    assert where(one(diagnostics, "bib-missing")) == (PATH, 1, 1)


def test_bibliography_not_in_utf8_is_an_error(tmp_path):
    path = tmp_path / "references.bib"
    path.write_bytes(b"@misc{a, title={Caf\xe9}, author={A, B}, year={1}}")
    _, diagnostics = load_works(path, PATH)
    one(diagnostics, "file-encoding")


def test_empty_bibliography_is_valid(tmp_path):
    path = tmp_path / "references.bib"
    path.write_text("", encoding="utf-8")
    assert load_works(path, PATH) == ({}, [])


WORDS = [
    'M{\\"u}ller,',
    "{\\v{S}}im{\\v{c}}{\\'i}k",
    "Kim",
    "{Barnes and Noble}",
    "\\ss",
    "\\ss{}",
    "\\o{}",
    "G{\\'e}rard",
    "--",
    "x--y",
    "``q''",
    "x~y",
    "~",
    "\\&",
    "{A}",
    "{{Nested} {deeper {still}}}",
    "{unbalanced",
    "$x and y$",
    "\\textit{a b}",
    "50\\%",
    "?`",
    "and",
]
SPACES = [" ", "  ", "\n  ", "\t"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SPACES)), min_size=1, max_size=8))
def test_decoding_word_by_word_reads_as_decoding_the_whole_value(words):
    value = "".join(word + space for word, space in words).rstrip()
    whole = middlewares.LatexDecodingMiddleware()._transform_python_value_string(value)
    assert _LatexDecoding()._transform_python_value_string(value) == whole
