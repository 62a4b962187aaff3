"""One rule for every address: keys and ids cannot name a file outside the site."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kb.addresses import (
    UnsafePath,
    check_relative,
    link_problem,
    output_file,
    page_file,
    work_slug,
    work_url,
)


@pytest.mark.parametrize(
    ("key", "slug"),
    [("meng2022locating", "meng2022locating"), ("Templeton2024", "templeton2024")],
)
def test_plain_keys_keep_their_lower_cased_address(key, slug):
    assert work_slug(key) == slug


@pytest.mark.parametrize(
    "key", ["../../../../tmp/x", "../claims/some-id", "index", "Däubener2020", "DBLP:conf/x/Y20"]
)
def test_other_keys_get_a_derived_segment(key):
    slug = work_slug(key)
    assert slug != key.lower()
    assert "/" not in slug and ".." not in slug
    assert page_file(work_url(slug)).startswith("references/")


def test_derived_segments_differ_for_different_keys_and_match_across_case():
    assert work_slug("Müller:2020") != work_slug("Muller:2020")
    assert work_slug("Müller:2020") == work_slug("MÜLLER:2020")


@given(st.text(min_size=1, max_size=60))
def test_no_key_however_spelled_addresses_a_file_outside_the_site(key):
    site = Path("/tmp/kb-site-under-test")
    target = output_file(site, page_file(work_url(work_slug(key))))
    assert site.resolve() in target.parents


@pytest.mark.parametrize("path", ["../x", "a/../../x", "/etc/passwd", "a\\b", "a\nb", ""])
def test_the_writer_refuses_paths_outside_the_site(path):
    with pytest.raises(UnsafePath):
        check_relative(path)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "VBScript:x",
        "data:text/html,x",
        "java\tscript:alert(1)",
        "//evil.example/x",
        "file:///etc/passwd",
        "https:evil",
        "http://a b",
    ],
)
def test_link_policy_refuses_other_schemes(url):
    assert link_problem(url) is not None


@pytest.mark.parametrize(
    "url", ["https://arxiv.org/abs/1", "http://x.org", "mailto:a@b.org", "../claims/x/", "#top"]
)
def test_link_policy_allows_web_mail_and_site_addresses(url):
    assert link_problem(url) is None


def test_a_work_url_must_be_absolute():
    assert link_problem("www.example.org", allow_relative=False) is not None
