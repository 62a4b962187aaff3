"""references.bib: works LaTeX-decoded with their identifiers, problems reported with lines."""

from __future__ import annotations

import re

from helpers_engine import one, where
from hypothesis import given, settings
from hypothesis import strategies as st

from kb.addresses import link_problem
from kb.check.codes import RULES
from kb.load.bibliography import load_works, parse_works
from kb.load.latex import decode

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


def test_a_work_without_title_is_an_error_and_without_year_or_author_a_warning():
    works, diagnostics = works_of("\n@misc{bare, note = {nothing else}}\n")
    error = one(diagnostics, "bib-missing-field")
    assert where(error) == (PATH, 2, 1)
    assert error.message == "'bare' has no title"
    warning = one(diagnostics, "bib-incomplete")
    assert not warning.is_error
    assert "no year or date and no author, editor or organization" in warning.message
    assert "bare" in works


def test_missing_year_alone_is_a_warning():
    _, diagnostics = works_of("@misc{a, title={T}, author={A, B}}")
    warning = one(diagnostics, "bib-incomplete")
    assert not warning.is_error
    assert warning.message.startswith("'a' has no year or date;")


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


# ---- BibTeX as reference managers write it ---------------------------------------------------


def test_field_names_are_case_insensitive():
    item = work(
        "@ARTICLE{a, TITLE = {T}, Author = {Doe, Jane and Roe, R}, YEAR = 2020, "
        "Journal = {J}, institution = {Inst}}"
    )
    assert item.authors == ("Jane Doe", "R Roe")
    assert (item.year, item.venue) == ("2020", "J")


def test_a_repeated_field_keeps_the_first_with_a_located_warning():
    works, diagnostics = works_of(
        "@misc{a,\n  title = {First},\n  Title = {Second},\n  author={A, B}, year={1}}"
    )
    assert works["a"].title == "First"
    warning = one(diagnostics, "bib-duplicate-field")
    assert where(warning) == (PATH, 3, 3)
    assert "first on line 2" in warning.message
    assert "ignore_error_block" not in warning.message


def test_a_field_commented_out_with_percent_is_left_out_with_a_hint():
    works, diagnostics = works_of(
        "@book{a, title={T}, author={A, B}, year={1},\n  %Isbn = = {3-540},\n  publisher={P}}"
    )
    assert works["a"].venue == "P"
    warning = one(diagnostics, "bib-comment")
    assert where(warning) == (PATH, 2, 3)
    assert "does not comment out" in warning.message


def test_an_entry_commented_out_with_percent_fails_with_a_hint():
    text = "%@article{old,\n%  title = {Old},\n%}\n\n@misc{b, title={T}, author={A, B}, year={1}}\n"
    works, diagnostics = works_of(text)
    error = one(diagnostics, "bib-parse")
    assert where(error) == (PATH, 1, 2)
    assert "'%' does not comment out an entry" in error.message
    assert "b" in works


def test_strings_concatenate_with_hash_and_the_month_names_are_predefined():
    item = work(
        '@string{jf = "Doe, Jane"}\n@STRING{part = {Widgets}}\n'
        '@misc{a, author = jf # " and Roe, R", title = part # { and more}, year = 2020, '
        "howpublished = {Issued in } # jan}"
    )
    assert item.authors == ("Jane Doe", "R Roe")
    assert item.title == "Widgets and more"
    assert item.venue == "Issued in January"


def test_a_redefined_string_is_a_warning_and_later_entries_use_the_new_value():
    text = (
        "@string{j = {Old}}\n@misc{a, title={T}, author={A, B}, year={1}, journal=j}\n"
        "@string{j = {New}}\n@misc{b, title={T}, author={A, B}, year={1}, journal=j}\n"
    )
    works, diagnostics = works_of(text)
    assert (works["a"].venue, works["b"].venue) == ("Old", "New")
    warning = one(diagnostics, "bib-string-redefined")
    assert where(warning)[1] == 3 and not warning.is_error


def test_an_undefined_string_is_a_located_warning():
    works, diagnostics = works_of(
        "@article{a, title={T}, author={A, B}, year={1},\n journal = j-SIMAX}"
    )
    assert works["a"].venue == ""
    warning = one(diagnostics, "bib-undefined-string")
    assert where(warning) == (PATH, 2, 2)
    assert "'j-SIMAX'" in warning.message


def test_crossref_gives_the_proceedings_year_venue_and_editors():
    text = (
        "@inproceedings{DBLP:conf/x/Paper20, author = {Doe, Jane}, title = {Paper},\n"
        "  crossref = {DBLP:conf/x/2020}}\n"
        "@proceedings{DBLP:conf/x/2020, editor = {Roe, Richard}, title = {Proceedings of X},\n"
        "  booktitle = {X 2020}, year = {2020}, publisher = {Springer}}\n"
    )
    works, diagnostics = works_of(text)
    paper = works[next(s for s, w in works.items() if w.key == "DBLP:conf/x/Paper20")]
    assert (paper.year, paper.venue, paper.authors) == ("2020", "X 2020", ("Jane Doe",))
    assert diagnostics == []


def test_crossref_maps_the_parent_title_to_booktitle():
    text = (
        "@incollection{a, author={Doe, J}, title={Chapter}, crossref={b}}\n"
        "@book{b, editor={Roe, R}, title={The Book}, year={1999}, publisher={P}}\n"
    )
    works, _ = works_of(text)
    assert (works["a"].title, works["a"].venue, works["a"].year) == ("Chapter", "The Book", "1999")


def test_a_missing_crossref_parent_is_a_warning():
    works, diagnostics = works_of(
        "@inproceedings{a, author={A, B}, title={T}, year={1},\n crossref={gone}}"
    )
    assert "a" in works
    assert where(one(diagnostics, "bib-crossref")) == (PATH, 2, 2)


def test_xdata_fields_are_inherited_and_the_container_is_no_work():
    text = (
        "@xdata{pub, publisher = {Springer}, year = {2001}}\n"
        "@book{a, author={Doe, J}, title={T}, xdata={pub}}\n"
    )
    works, diagnostics = works_of(text)
    assert list(works) == ["a"]
    assert (works["a"].venue, works["a"].year) == ("Springer", "2001")
    assert diagnostics == []


def test_biblatex_date_and_journaltitle():
    item = work("@article{a, title={T}, author={A, B}, date={2009-01-15}, journaltitle={BMC}}")
    assert (item.year, item.venue) == ("2009", "BMC")
    assert work("@misc{a, title={T}, author={A, B}, date={2019/2021}}").year == "2019–2021"


def test_protected_braces_keep_an_institution_whole():
    item = work(
        "@book{a, title={T}, year={2019}, author = {{National Academies of Sciences, "
        "Engineering, and Medicine}}}"
    )
    assert item.authors == ("National Academies of Sciences, Engineering, and Medicine",)
    assert work("@misc{a, title={T}, year={1}, author={{Barnes and Noble}}}").authors == (
        "Barnes and Noble",
    )


def test_and_others_is_et_al_not_an_author():
    item = work("@misc{a, title={T}, year={1}, author={Doe, Jane and Roe, R and others}}")
    assert item.authors == ("Jane Doe", "R Roe")
    assert item.et_al


def test_ads_names_and_journal_macros():
    item = work(
        "@ARTICLE{1978ApJ...221...51L, author = {{Lovelace}, R.~V.~E. and {Hohlfeld}, R.~G.},\n"
        '  title = "{Negative mass instability}", journal = {\\apj}, year = 1978}'
    )
    assert item.authors == ("R. V. E. Lovelace", "R. G. Hohlfeld")
    assert item.venue == "ApJ"
    assert item.slug.startswith("1978apj-221-51l-")


def test_unknown_commands_keep_their_text_with_a_located_warning():
    works, diagnostics = works_of(
        "@misc{a, author={A, B}, year={1},\n title={The \\elnino effect}}"
    )
    assert works["a"].title == "The elnino effect"
    warning = one(diagnostics, "bib-latex-command")
    assert where(warning) == (PATH, 2, 2)
    assert "'\\elnino'" in warning.message


def test_text_commands_and_logos_keep_their_text_and_math_is_kept_intact():
    item = work(
        r"@misc{a, author={A, B}, year={1}, title={\texttt{sqrtm} in \textsf{a} \textup{b} "
        r"\mbox{c}: \TeX, \LaTeX{} and \BibTeX\ at $\sqrt{s}$ over $\mathbb{F}_2$}}"
    )
    assert item.title == r"sqrtm in a b c: TeX, LaTeX and BibTeX at $\sqrt{s}$ over $\mathbb{F}_2$"


def test_href_anywhere_is_no_crash():
    item = work(
        r"@misc{a, author={A, B}, year={1}, title={See \href{https://x.org}{the page}},"
        r" note={\href{https://y.org}{y}}, abstract={\href{z}{w}}}"
    )
    assert item.title == "See the page"


def test_abstracts_are_not_decoded_and_a_huge_one_is_read():
    abstract = (r"{\"o} $x$ \emph{y} -- " * 125_000)[:2_500_000]
    item = work(f"@misc{{a, author={{A, B}}, year={{1}}, title={{T}}, abstract={{{abstract}}}}}")
    assert item.title == "T"


def test_unicode_and_colon_keys_are_works_with_a_safe_address():
    works, _ = works_of(
        "@misc{Däubener2020, title={T}, author={A, B}, year={1}}\n"
        "@misc{DBLP:conf/x/Y20, title={T}, author={A, B}, year={1}}\n"
        "@misc{index, title={T}, author={A, B}, year={1}}\n"
    )
    keys = {work.key: slug for slug, work in works.items()}
    assert set(keys) == {"Däubener2020", "DBLP:conf/x/Y20", "index"}
    for slug in keys.values():
        assert slug.isascii() and "/" not in slug and ":" not in slug and slug != "index"


def test_several_urls_give_the_first_and_www_gets_https():
    item = work(
        "@misc{a, title={T}, author={A, B}, year={1},"
        " url={http://example.org/one.pdf http://example.org/two}}"
    )
    assert item.url == "http://example.org/one.pdf"
    assert work("@misc{a, title={T}, author={A, B}, year={1}, url={www.example.org}}").url == (
        "https://www.example.org"
    )


def test_mendeley_escapes_in_urls_and_spaces_inside_one_url():
    item = work(
        "@misc{a, title={T}, author={A, B}, year={1},"
        r" url={http://x.org/record?eid=2{\&}partnerID=40 {\_}a/An Application.pdf}}"
    )
    assert item.url == "http://x.org/record?eid=2&partnerID=40%20_a/An%20Application.pdf"


def test_a_refused_url_scheme_is_a_located_error_and_never_a_link():
    for bad in ("javascript:alert(1)", "data:text/html,x", "VBScript:x"):
        works, diagnostics = works_of(
            f"@misc{{a, title={{T}}, author={{A, B}}, year={{1}},\n url={{{bad}}}}}"
        )
        assert works["a"].url is None and works["a"].link is None
        error = one(diagnostics, "bib-link")
        assert error.is_error and where(error) == (PATH, 2, 2)


def test_a_refused_howpublished_url_is_an_error():
    works, diagnostics = works_of(
        r"@misc{a, title={T}, author={A, B}, year={1}, howpublished={\url{javascript:x}}}"
    )
    assert works["a"].link is None
    one(diagnostics, "bib-link")


def test_howpublished_url_is_the_link_not_the_venue():
    item = work(
        r"@misc{a, title={T}, author={A, B}, year={1}, howpublished={\url{https://x.org/a\_b}}}"
    )
    assert (item.url, item.venue) == ("https://x.org/a_b", "")


def test_a_doi_with_a_label_or_url_is_normalised():
    assert work("@misc{a, title={T}, author={A, B}, year={1}, doi={DOI: 10.1/x}}").doi == "10.1/x"
    assert (
        work("@misc{a, title={T}, author={A, B}, year={1}, doi={http://dx.doi.org/10.1/y}}").doi
        == "10.1/y"
    )


def test_old_arxiv_numbers_take_their_category():
    item = work(
        "@article{a, title={T}, author={A, B}, year={1996}, archivePrefix={arXiv},"
        " eprint={9605043}, primaryClass={quant-ph}}"
    )
    assert item.arxiv == "quant-ph/9605043"


def test_biblatex_eprinttype_arxiv():
    item = work(
        "@online{a, title={T}, author={A, B}, date={2023}, eprint={2301.00001}, eprinttype={arxiv}}"
    )
    assert item.arxiv == "2301.00001"


def test_misc_without_year_is_a_warning_and_proceedings_without_editor_too():
    _, diagnostics = works_of(
        "@software{s, title={Tool}, author={A, B}}\n"
        "@proceedings{p, title={Proc}, year={2020}, publisher={ACM}}\n"
    )
    assert {d.code for d in diagnostics} == {"bib-incomplete"}
    assert not any(d.is_error for d in diagnostics)


def test_a_key_missing_is_an_error():
    _, diagnostics = works_of("@book{,\n title = {T}, author={A, B}, year={1}}")
    assert "no key" in one(diagnostics, "bib-parse").message


def test_an_unclosed_entry_hints_at_the_missing_brace():
    text = (
        "@misc{a, title={T}, author={A, B}, year={1}\n\n"
        "@misc{b, title={T}, author={A, B}, year={1}}\n"
    )
    works, diagnostics = works_of(text)
    assert "closing brace" in one(diagnostics, "bib-parse").message
    assert "b" in works


def test_a_bibliography_that_is_not_a_regular_file_is_refused_without_reading(tmp_path):
    import os

    fifo = tmp_path / "references.bib"
    os.mkfifo(fifo)
    works, diagnostics = load_works(fifo, PATH)
    assert works == {}
    assert "not a regular file" in one(diagnostics, "file-not-regular").message
    link = tmp_path / "zero.bib"
    link.symlink_to("/dev/zero")
    assert "symbolic link" in one(load_works(link, PATH)[1], "file-symlink").message


def test_a_bibliography_over_the_cap_is_refused(tmp_path, monkeypatch):
    from kb.load import bibliography

    monkeypatch.setattr(bibliography, "MAX_BYTES", 100)
    path = tmp_path / "references.bib"
    path.write_text("@misc{a, title={T}, author={A, B}, year={1}}\n" * 5, encoding="utf-8")
    works, diagnostics = load_works(path, PATH)
    assert works == {}
    one(diagnostics, "file-too-large")


# ---- hostile and fuzzed input ----------------------------------------------------------------

FRAGMENTS = [
    "@article{k,",
    "@misc{K,",
    "@proceedings{p,",
    "@xdata{x,",
    "@string{s = {x}}",
    '@STRING{s = "y"}',
    'title = s # {T} # "u",',
    "title = {\\href{https://x}{y}},",
    "Title = {$\\sqrt{s}$ and \\elnino},",
    "author = {{Barnes and Noble} and others},",
    "AUTHOR = {Doe, Jane, Jr, X, Y},",
    "crossref = {p},",
    "crossref = {k},",
    "xdata = {x, nope},",
    "date = {2020/2021},",
    "url = {javascript:x www.a.org},",
    "doi = {doi: 10.1/x},",
    "%doi = = {x},",
    "year = jan # 2020,",
    "}",
    "{",
    "%",
    "\\",
    '"',
    "#",
    "=",
    ",",
    '\\"{\\i}',
    "{\\^{}}",
    "$",
    "\\ifmmode x\\else y",
    "howpublished = {\\url{data:x}},",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), max_size=25))
def test_any_bibliography_gives_located_catalogued_diagnostics_and_safe_links(parts):
    works, diagnostics = parse_works("\n".join(parts), PATH)
    for d in diagnostics:
        assert d.code in RULES and d.position.line >= 1 and d.position.col >= 1
    for item in works.values():
        for link in (item.url, item.doi_url, item.arxiv_url):
            assert link is None or link_problem(link, allow_relative=False) is None


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("\\{}$~-`'\"^aAz \n%&_#")), max_size=40))
def test_decoding_never_raises_and_leaves_no_braces(value):
    text = decode(value).text
    if not any(kept in value for kept in ("\\{", "\\}", "$")):  # escaped braces, math
        assert not re.search(r"[{}]", text), text


def test_a_publisher_is_shown_with_its_place_from_location_or_address():
    item = work(
        "@book{a, title={T}, author={A, B}, date={1999}, publisher={Springer}, location={Berlin}}"
    )
    assert item.venue == "Springer, Berlin"
    item = work("@book{a, title={T}, author={A, B}, year={1999}, publisher={P}, address={{Paris}}}")
    assert item.venue == "P, Paris"


def test_a_decomposed_unicode_key_is_the_same_work_as_its_composed_spelling():
    import unicodedata

    from kb.addresses import work_slug

    decomposed = unicodedata.normalize("NFD", "Däubener2020")
    works, _ = works_of(f"@misc{{{decomposed}, title={{T}}, author={{A, B}}, year={{1}}}}")
    assert list(works) == [work_slug("Däubener2020")]


def test_a_unicode_key_is_cited_from_sources_and_matched(tmp_path):
    from helpers_engine import claim, run_kb, write_kb

    bib = "@misc{Däubener2020, title={T}, author={Däubener, Sina}, year={2020}}\n"
    entry = claim("a-claim", sources='\n  - key: "Däubener2020"')
    result = run_kb(write_kb(tmp_path, {"claims/a-claim.md": entry}, bib=bib))
    assert not [d.as_text() for d in result.diagnostics if d.is_error]
    (reference,) = result.graph.references["a-claim"]
    assert reference.work.key == "Däubener2020"
