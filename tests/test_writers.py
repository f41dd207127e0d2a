"""What a writer gets from Markdown posts, checked on the built HTML."""

from __future__ import annotations

import pytest

from .conftest import build_site, copy_fixture, page, soup
from .linkcheck import broken_links


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("writer")
    fixture = copy_fixture(tmp, "writer")
    return build_site(tmp, fixture / "content", None)


def listed_titles(doc):
    return [h.get_text(strip=True) for h in doc.select(".post-list h2")]


def test_home_lists_published_posts_newest_first(site):
    titles = listed_titles(page(site, "/"))
    assert titles[0] == '<script>alert("title")</script> in a title'
    assert titles[1:] == ["The second post", "The first post"]


def test_drafts_are_built_to_drafts_only_and_never_listed(site):
    assert (site / "drafts" / "half-written-thoughts.html").exists()
    for url in ["/", "/archives/", "/category/process/"]:
        assert "Half-written thoughts" not in listed_titles(page(site, url))
    assert "Half-written thoughts" not in page(site, "/archives/").get_text()


def test_a_draft_preview_is_marked_noindex_and_as_a_draft(site):
    draft = soup(site / "drafts" / "half-written-thoughts.html")
    assert draft.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    label = draft.select_one(".label-draft").get_text()
    assert label == "Draft: seen in previews only, never published"
    published = page(site, "/2012/first-post/")
    assert published.find("meta", attrs={"name": "robots"}) is None
    assert (site / "robots.txt").read_text().splitlines()[:2] == [
        "User-agent: *",
        "Disallow: /drafts/",
    ]


def test_production_never_publishes_drafts(tmp_path):
    from cadence.build import build

    from .conftest import ROOT

    fixture = copy_fixture(tmp_path, "writer")
    (fixture / "content" / "pages" / "plans.md").write_text(
        "Title: Secret plans\nStatus: draft\n\nNot yet.\n", encoding="utf-8"
    )
    (tmp_path / "no-data").mkdir()
    output = tmp_path / "output"
    build(
        ROOT / "publishconf.py",
        output,
        overrides={
            "PATH": str(fixture / "content"),
            "CADENCE_DATA_PATH": str(tmp_path / "no-data"),
            "CACHE_PATH": str(tmp_path / "cache"),
            "CADENCE_SEARCH": False,
        },
    )
    assert not (output / "drafts").exists()
    for path in output.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "Half-written thoughts" not in text and "Secret plans" not in text, path
    assert (output / "2012" / "first-post" / "index.html").exists()
    assert (output / "robots.txt").read_text().splitlines() == [
        "User-agent: *",
        "Sitemap: https://release-cadence.example.org/sitemap.xml",
    ]


def test_hidden_post_is_built_but_not_listed(site):
    doc = page(site, "/2012/a-hidden-post/")
    assert doc.h1.get_text(strip=True) == "A hidden post"
    assert "A hidden post" not in page(site, "/archives/").get_text()


def test_future_dated_post_stays_out(site):
    assert not (site / "2099").exists()
    assert "A post from the future" not in page(site, "/archives/").get_text()
    assert "A post from the future" not in " ".join(listed_titles(page(site, "/")))


def test_article_shows_metadata(site):
    doc = page(site, "/2012/first-post/")
    assert doc.h1.get_text(strip=True) == "The first post"
    byline = doc.select_one(".byline")
    times = [t["datetime"] for t in byline.find_all("time")]
    assert times == ["2012-03-01T09:00:00+00:00", "2012-03-05T18:30:00+00:00"]
    assert "updated" in byline.get_text()
    authors = [a.get_text() for a in byline.find_all("a", href=lambda h: "/author/" in h)]
    assert authors == ["Ana Ribeiro", "Tomás Lindqvist"]
    assert byline.find("a", href="/category/process/").get_text() == "Process"
    tags = [a.get_text() for a in doc.select(".tags a[rel=tag]")]
    assert tags == ["nova", "release-cycle"]
    assert doc.find("meta", attrs={"name": "description"})["content"] == "Where it all starts."


def test_filename_links_and_static_images_resolve(site):
    doc = page(site, "/2012/first-post/")
    body = doc.select_one(".post-body")
    assert body.find("a", string="the second post")["href"] == "/2012/the-second-post/"
    img = body.find("img")
    assert img["alt"] == "A cycle diagram"
    assert (site / img["src"].lstrip("/")).read_bytes().startswith(b"<svg")
    back = page(site, "/2012/the-second-post/").select_one(".post-body a")
    assert back["href"] == "/2012/first-post/"


def test_post_without_category_gets_the_default_one(site):
    doc = page(site, "/2012/the-second-post/")
    assert doc.select_one(".byline a[href='/category/notes/']").get_text() == "Notes"


def test_code_is_highlighted(site):
    code = page(site, "/2012/first-post/").select_one(".post-body .highlight")
    assert code is not None and code.find("span") is not None


def test_metadata_is_escaped_not_executed(site):
    doc = page(site, "/2013/alerttitle-in-a-title/")
    assert doc.h1.get_text() == '<script>alert("title")</script> in a title'
    assert doc.find_all("script") == []
    assert doc.select_one(".tags a").get_text() == "<b>bold</b>"
    assert doc.select_one(".tags b") is None


def test_pages_and_custom_404(site):
    about = page(site, "/about/")
    assert about.h1.get_text() == "About"
    nav = [a.get_text() for a in page(site, "/").select(".site-nav a")]
    assert "About" in nav and "Page not found" not in nav
    assert page(site, "/404.html").h1.get_text() == "Page not found"


def test_every_internal_link_resolves(site):
    assert broken_links(site) == []


def test_one_h1_per_page(site):
    for html in site.rglob("*.html"):
        assert len(page(site, "/" + str(html.relative_to(site))).find_all("h1")) == 1, html


def test_production_build_has_canonical_urls_and_absolute_feeds(tmp_path):
    from cadence.build import build

    from .conftest import ROOT

    fixture = copy_fixture(tmp_path, "minimal")
    output = tmp_path / "output"
    build(
        ROOT / "publishconf.py",
        output,
        overrides={
            "PATH": str(fixture / "content"),
            "CADENCE_DATA_PATH": str(fixture / "data"),
            "CACHE_PATH": str(tmp_path / "cache"),
            "CADENCE_SEARCH": False,
        },
    )
    siteurl = "https://release-cadence.example.org"
    doc = page(output, "/2020/hello-alpha/")
    assert doc.find("link", rel="canonical")["href"] == f"{siteurl}/2020/hello-alpha/"
    assert doc.find("meta", property="og:url")["content"] == f"{siteurl}/2020/hello-alpha/"
    assert doc.find("meta", property="og:title")["content"] == "Hello Alpha"
    assert doc.find("meta", property="og:type")["content"] == "article"
    assert doc.find("link", rel="alternate")["href"] == f"{siteurl}/feeds/all.atom.xml"
    assert doc.select_one(".post-body a")["href"].startswith("https://blueprints.launchpad.net/")
    assert (output / "robots.txt").read_text().splitlines()[-1] == f"Sitemap: {siteurl}/sitemap.xml"
    sitemap = sitemap_entries(output)
    assert sitemap[f"{siteurl}/2020/hello-alpha/"] == "2020-01-20T10:00:00+00:00"
    assert f"{siteurl}/release-notes/alpha/alpha-2/" in sitemap
    assert f"{siteurl}/" in sitemap
    assert not any("/drafts/" in url for url in sitemap)
    home = page(output, "/")
    assert home.find("link", rel="canonical")["href"] == f"{siteurl}/"


def sitemap_entries(output) -> dict[str, str | None]:
    """{loc: lastmod} of sitemap.xml, read as XML in the sitemaps.org namespace."""
    from lxml import etree

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = etree.parse(str(output / "sitemap.xml")).getroot()
    return {
        url.findtext("s:loc", namespaces=ns): url.findtext("s:lastmod", namespaces=ns)
        for url in root.findall("s:url", ns)
    }
