"""
导出公众号: a story, and an edition's 今日要闻, as HTML that survives being pasted into the 公众号 editor.

Every export is read back with the standard library's HTML parser, as the
editor would take it apart: no class, id, stylesheet, script or event handler;
every element styled inline (2em indents, line height, a headline larger than
its kicker and subheadline); pictures and links at absolute addresses on the
site; the seed page's text all there. Hostile stored content cannot put a
script, a handler or a javascript: address into it. The admin pages that show
it are for staff who may open the story (reporters their own, editors all).
"""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from articles import wechat
from articles.models import Article, Photo
from articles.wechat import STYLES
from editions import wechat_digest
from editions.models import Issue

from . import seedtext
from .factories import (
    logged_in,
    make_article,
    make_byline,
    make_case_study,
    make_editor,
    make_issue,
    make_page,
    make_photo,
    make_reporter,
)
from .xss_payloads import PAYLOADS

pytestmark = pytest.mark.django_db

SITE = "https://news.example.cn"
NEVER_EXPORTED = {
    "style",
    "link",
    "script",
    "iframe",
    "frame",
    "object",
    "embed",
    "svg",
    "math",
    "meta",
    "base",
    "form",
}
TEXT_ONLY_ATTRIBUTES = {"style", "alt", "colspan", "rowspan", "scope"}


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


class Element:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children = []  # Elements and strings, in order

    @property
    def text(self):
        return "".join(child if isinstance(child, str) else child.text for child in self.children)

    @property
    def style(self):
        """{property: value} of the style attribute."""
        pairs = (item.split(":", 1) for item in (self.attrs.get("style") or "").split(";") if ":" in item)
        return {name.strip(): value.strip() for name, value in pairs}

    def font_size(self):
        return float(self.style["font-size"].removesuffix("px"))


class Tree(HTMLParser):
    """The export taken apart as a browser (or the 公众号 editor) would: every element with its attributes."""

    VOID = {"br", "hr", "img"}

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.root = Element("root", {}, None)
        self.current = self.root
        self.elements = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs), self.current)
        element.attr_names = [name for name, _value in attrs]
        self.current.children.append(element)
        self.elements.append(element)
        if tag not in self.VOID:
            self.current = element

    def handle_endtag(self, tag):
        element = self.current
        while element is not self.root and element.tag != tag:
            element = element.parent
        if element is not self.root:
            self.current = element.parent

    def handle_data(self, data):
        self.current.children.append(data)

    def all(self, tag):
        return [element for element in self.elements if element.tag == tag]

    @property
    def text(self):
        return self.root.text


def assert_inline_styled_only(html):
    """What the 公众号 editor keeps, and only that: inline styles, absolute http(s) addresses on the site."""
    tree = Tree(html)
    assert tree.elements, "nothing exported"
    for element in tree.elements:
        assert element.tag not in NEVER_EXPORTED, element.tag
        assert not {"class", "id"} & set(element.attrs), (element.tag, element.attrs)
        assert not [name for name in element.attr_names if name.startswith("on")], (element.tag, element.attrs)
        assert len(element.attr_names) == len(set(element.attr_names)), element.attrs
        if element.tag != "br":
            assert element.style, f"<{element.tag}> without an inline style"
            assert element.attrs["style"] in STYLES.values(), "a style not from the table"
        for name in set(element.attrs) - TEXT_ONLY_ATTRIBUTES:
            assert (element.tag, name) in {("a", "href"), ("img", "src")}, (element.tag, name)
            url = element.attrs[name]
            assert url.startswith(SITE + "/"), url
            assert urlsplit(url).scheme == "https"
    for paragraph in tree.all("p"):
        assert "line-height" in paragraph.style and "font-size" in paragraph.style
    return tree


def body_paragraphs(tree):
    """The paragraphs of the story's text: indented, as print sets them."""
    return [p for p in tree.all("p") if p.style.get("text-indent")]


def export(article):
    return wechat.story_html(wechat.story_for_export(article.pk))


# --- one story ------------------------------------------------------------------------------------


def test_every_demo_story_is_inline_styled_with_indented_paragraphs(demo_edition):
    for article in Article.objects.all():
        tree = assert_inline_styled_only(export(article))
        paragraphs = body_paragraphs(tree)
        assert len(paragraphs) >= 3, article.headline_text
        for paragraph in paragraphs:
            assert paragraph.style["text-indent"] == "2em"
            assert 1.5 <= float(paragraph.style["line-height"]) <= 2
            assert paragraph.font_size() in (16, 17)


def test_the_seed_pages_text_is_all_in_the_exports(demo_edition):
    text = seedtext.squeeze("".join(Tree(export(article)).text for article in Article.objects.all()))
    sentences = seedtext.body_sentences(seedtext.load_raw(), seedtext.load_edition())
    assert len(sentences) > 100
    assert [sentence for sentence in sentences if sentence not in text] == []
    for story in seedtext.load_edition()["articles"]:
        for piece in seedtext.display_pieces(story):
            assert seedtext.squeeze(piece) in text, piece


def test_kicker_headline_and_subheadline_come_in_order_the_headline_largest(demo_edition):
    case = Article.objects.get(department__name="海南区商务局")
    tree = Tree(export(case))
    kicker, headline = tree.all("p")[1], tree.all("h1")[0]  # after the campaign's banner
    assert (kicker.text, headline.text) == ("海南区商务局：", "打造便民消费圈共建高品质美好生活")
    assert tree.elements.index(kicker) < tree.elements.index(headline)
    assert [child.tag for child in headline.children if not isinstance(child, str)] == ["br"], "two printed lines"

    feature = Article.objects.get(subheadline__startswith="——")
    tree = Tree(export(feature))
    headline, subheadline = tree.all("h1")[0], tree.all("p")[0]
    assert subheadline.text == "——我市生态环境建设综述"
    assert tree.elements.index(headline) < tree.elements.index(subheadline)
    sections = tree.all("h2")
    assert [h.text for h in sections][:2] == ["强化大气污染综合治理", "推进水生态持续向好"]
    body = body_paragraphs(tree)[0]
    assert headline.font_size() > sections[0].font_size() > body.font_size()
    assert headline.font_size() > subheadline.font_size() >= body.font_size()
    assert headline.font_size() > kicker.font_size() >= body.font_size()


def test_a_story_is_read_in_a_fixed_number_of_queries(demo_edition, django_assert_max_num_queries):
    # The story with its bylines and photos, and a case study's figures, practices and lessons in one more.
    for article in Article.objects.all():
        with django_assert_max_num_queries(4):
            export(article)


def test_photos_are_pictures_on_the_site_with_their_captions(demo_edition):
    feature = Article.objects.get(subheadline__startswith="——")
    tree = assert_inline_styled_only(export(feature))
    images = tree.all("img")
    photos = list(feature.photos.all())
    assert len(images) == len(photos) == 3
    for image, photo in zip(images, photos, strict=True):
        assert image.attrs["src"].startswith(f"{SITE}/media/photos/")
        assert image.style["width"] == "100%"
        assert image.attrs["alt"] == photo.alt_text
        caption = image.parent.children[-1]
        assert caption.text.startswith(photo.caption)


def test_the_dateline_opens_the_first_paragraph_and_the_bylines_close_the_story(demo_edition):
    news = Article.objects.get(dateline="本报讯")
    tree = Tree(export(news))
    first = body_paragraphs(tree)[0]
    assert first.children[0].tag == "strong" and first.children[0].text == "本报讯"
    assert "（曹艺 赵晓坤）" in [p.text for p in tree.all("p")]


def test_a_case_study_keeps_its_figures_practices_and_lessons(demo_edition):
    case = Article.objects.get(department__name="市区域经济合作局")
    tree = assert_inline_styled_only(export(case))
    assert [h.text for h in tree.all("h2")] == ["关键数据", "一、主要做法", "二、经验启示"]
    leads = [p.children[0].text for p in body_paragraphs(tree) if p.children and not isinstance(p.children[0], str)]
    assert leads[:3] == [
        "一是抓前置服务，加快签约项目落地进程。",
        "二是抓工作调度，帮助在建项目纾困解难。",
        "三是抓走访调研，助力落户企业做大做强。",
    ]
    assert "新签约项目：102个" in tree.text
    assert "协议金额：2660.81亿元，同比增长68%" in tree.text


def test_the_footer_names_the_paper_the_date_the_page_and_the_stories_address(demo_edition):
    case = Article.objects.get(department__name="海南区商务局")
    tree = Tree(export(case))
    assert "本文来源：乌海日报 2023年2月15日 第2版" in [p.text for p in tree.all("p")]
    (link,) = tree.all("a")
    assert link.attrs["href"] == link.text == SITE + case.get_absolute_url()


def test_rich_text_is_rewritten_element_by_element():
    article = make_article(
        body=(
            "<h3>小标题</h3><p>正文<u>下划线</u><s>删除</s>H<sub>2</sub>O"
            '<a href="/departments/">本站链接</a><a href="https://elsewhere.example/">外站链接</a></p>'
            "<h4>更小的标题</h4><ul><li><p>列表里的段落</p></li></ul><blockquote><p>引文</p></blockquote>"
            '<figure><img src="/media/uploads/pic.png" alt="图"><figcaption>图说</figcaption></figure>'
            '<table><tbody><tr><th scope="row">项目</th><td colspan="2">数值</td></tr></tbody></table><hr>'
        )
    )
    tree = assert_inline_styled_only(export(article))
    assert [(h.tag, h.text) for h in tree.all("h2") + tree.all("h3")] == [("h2", "小标题"), ("h3", "更小的标题")]
    assert [a.text for a in tree.all("a")][0] == "本站链接"
    assert "外站链接" in tree.text and "elsewhere.example" not in export(article)
    (image,) = tree.all("img")
    assert image.attrs["src"] == f"{SITE}/media/uploads/pic.png"
    in_list = [p for p in tree.all("p") if p.text == "列表里的段落"][0]
    assert "text-indent" not in in_list.style
    assert tree.all("td")[0].attrs["colspan"] == "2" and tree.all("th")[0].attrs["scope"] == "row"
    assert not tree.all("u") and not tree.all("figure")


def test_a_body_that_opens_with_a_heading_has_the_dateline_in_a_paragraph_before_it():
    article = make_article(dateline="本报讯", body="<h2>小标题</h2><p>正文。</p>")
    tree = Tree(export(article))
    dateline, heading = tree.all("strong")[0], tree.all("h2")[0]
    assert dateline.text == "本报讯" and dateline.parent.tag == "p"
    assert tree.elements.index(dateline) < tree.elements.index(heading)


def assert_harmless(html):
    """Nothing in `html` that runs: no script or frame, no event handler, no address but an https one."""
    assert not re.search(r"<\s*script", html, re.IGNORECASE)
    for element in Tree(html).elements:
        assert element.tag not in NEVER_EXPORTED, element.tag
        assert not [name for name in element.attr_names if name.startswith("on")], element.attrs
        for name in ("href", "src"):
            if name in element.attrs:
                assert urlsplit(element.attrs[name]).scheme == "https", element.attrs[name]
        # Styles come from the export's own table only, never from what was stored.
        assert element.attrs.get("style", STYLES["root"]) in STYLES.values(), element.attrs["style"]


def test_hostile_stored_content_cannot_script_the_export():
    body = "".join(f"<p>{payload.html}</p>" for payload in PAYLOADS)
    line = " ".join(payload.as_line() for payload in PAYLOADS[:8])
    article = make_article(kicker=line[:200], headline=line[:300], subheadline=line[:300], dateline=line[:50])
    # Past the field's sanitizer, as a bulk update or a hand-written row would store it.
    Article.objects.filter(pk=article.pk).update(body=body)
    make_photo(article, caption=line[:300], alt_text=line[:300], credit=line[:100])
    make_byline(article, name=line[:50])
    html = export(article)
    assert_harmless(html)
    # The plain fields come out as text, exactly as typed.
    assert line[:200] in Tree(html).text


def test_hostile_stored_content_cannot_script_the_digest():
    page = make_page(number=1, name="要闻")
    stories = 10
    for position in range(stories):
        payloads = PAYLOADS[position::stories]
        story = make_article(page=page, page_position=position, headline=payloads[0].as_line()[:300])
        story.kicker = payloads[1].as_line()[:200]
        story.save()
        body = "".join(f"<p>{payload.html}</p>" for payload in payloads)
        Article.objects.filter(pk=story.pk).update(body=body, summary=payloads[2].html if position % 2 else "")
        if position < 2:
            make_photo(story, caption=payloads[3].as_line()[:300], alt_text=payloads[4].as_line()[:300])
    assert_harmless(wechat_digest.digest(page.issue).html)


def test_a_story_with_no_page_names_the_paper_and_its_day():
    article = make_article(body="<p>正文。</p>")
    tree = Tree(export(article))
    assert any(p.text.startswith("本文来源：乌海日报 ") and "年" in p.text for p in tree.all("p"))


# --- the edition's 今日要闻 -----------------------------------------------------------------------


def test_the_digest_lists_every_page_and_its_stories_in_order(demo_edition, django_assert_max_num_queries):
    issue = Issue.objects.get()
    with django_assert_max_num_queries(4):
        digest = wechat_digest.digest(issue)
    tree = assert_inline_styled_only(digest.html)
    assert tree.all("h1")[0].text == "《乌海日报》2023年2月15日 今日要闻"
    assert [h.text for h in tree.all("h2")] == ["第1版 要闻", "第2版 专题"]
    expected = [
        (page.number, article.headline_text, SITE + article.get_absolute_url())
        for page in issue.pages.order_by("number")
        for article in page.articles.order_by("-is_page_lead", "page_position")
    ]
    assert len(expected) == 5
    headlines = [a for a in tree.all("a") if a.text and a.text != SITE + issue.get_absolute_url()]
    assert [(a.text, a.attrs["href"]) for a in headlines] == [(headline, url) for _n, headline, url in expected]
    # The front page's stories come with their first picture; the other pages are headlines and teasers.
    (picture,) = tree.all("img")
    assert picture.attrs["src"].startswith(f"{SITE}/media/photos/")
    feature = Article.objects.get(subheadline__startswith="——")
    assert picture.parent.attrs["href"] == SITE + feature.get_absolute_url()
    for article in Article.objects.all():
        assert seedtext.squeeze(article.description[:40]) in seedtext.squeeze(tree.text)
    assert digest.left_out == []


def test_the_digest_leaves_out_what_does_not_go_out_with_the_edition():
    page = make_page(issue=make_issue(live=False), number=1, name="要闻")
    make_article(page=page, headline="审定稿", status=Article.Status.APPROVED, is_page_lead=True)
    make_article(page=page, headline="草稿", live=False, page_position=2)
    make_article(page=page, headline="撤下的稿", status=Article.Status.WITHDRAWN, page_position=3)
    make_page(issue=page.issue, number=2, name="专题")
    digest = wechat_digest.digest(page.issue)
    tree = Tree(digest.html)
    assert [a.text for a in tree.all("a")][:1] == ["审定稿"]
    assert "草稿" not in tree.text and "撤下的稿" not in tree.text
    assert "本版稿件尚未审定。" in tree.text
    assert [headline for _page, headline, _status in digest.left_out] == ["草稿", "撤下的稿"]


# --- the admin ------------------------------------------------------------------------------------


def export_url(article):
    return reverse("admin:articles_article_wechat", args=[article.pk])


def digest_url(issue):
    return reverse("admin:editions_issue_wechat", args=[issue.pk])


def test_the_export_page_shows_a_phone_preview_the_source_and_the_copy_button(demo_edition):
    editor = make_editor()
    article = Article.objects.get(dateline="本报讯")
    response = logged_in(editor).get(export_url(article))
    assert response.status_code == 200
    page = Tree(response.content.decode())
    assert [h1.text for h1 in page.all("h1")] == [f"导出公众号：{article.headline_text}"]
    (frame,) = page.all("iframe")
    assert frame.attrs["width"] == "375" and frame.attrs["sandbox"] == "allow-same-origin"
    preview = Tree(frame.attrs["srcdoc"])
    (textarea,) = page.all("textarea")
    assert "readonly" in textarea.attrs
    html = export(article)
    assert textarea.text == html
    assert html in frame.attrs["srcdoc"]
    assert preview.all("h1")[0].text == article.headline_text
    assert [b.text for b in page.all("button") if b.attrs.get("id") == "wechat-copy"] == ["复制到剪贴板"]
    # No inline script (the admin's CSP): the button's code is a static file.
    scripts = page.all("script")
    assert all(script.attrs.get("src") for script in scripts)
    assert any(script.attrs["src"].endswith("articles/admin/wechat_export.js") for script in scripts)
    assert "未发布" not in response.content.decode()


def test_an_unpublished_story_is_marked_on_the_page_but_not_in_the_html():
    reporter = make_reporter()
    draft = make_article(live=False, created_by=reporter)
    response = logged_in(reporter).get(export_url(draft))
    assert response.status_code == 200
    text = response.content.decode()
    assert "未发布" in text and "草稿" in text
    assert "未发布" not in export(draft)


def test_who_may_export_a_story():
    author, other = make_reporter(), make_reporter()
    draft = make_article(live=False, created_by=author)
    submitted = make_article(status=Article.Status.SUBMITTED, publish_at=None, created_by=author)
    assert logged_in(author).get(export_url(draft)).status_code == 200
    assert logged_in(author).get(export_url(submitted)).status_code == 200
    assert logged_in(other).get(export_url(draft)).status_code in (403, 404)
    assert logged_in(make_editor()).get(export_url(draft)).status_code == 200
    reader = get_user_model().objects.create_user(username="reader", password="pass-for-tests")
    for client in (logged_in(reader), Client()):
        response = client.get(export_url(draft))
        assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))


def test_only_editors_export_an_editions_digest():
    issue = make_page().issue
    assert logged_in(make_editor()).get(digest_url(issue)).status_code == 200
    assert logged_in(make_reporter()).get(digest_url(issue)).status_code == 403
    response = Client().get(digest_url(issue))
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
    assert logged_in(make_editor()).get(digest_url(Issue(pk=10**6))).status_code == 404


def test_the_story_form_and_the_edition_form_offer_the_export(demo_edition):
    editor = make_editor()
    article = Article.objects.get(dateline="本报讯")
    form = logged_in(editor).get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert f'href="{export_url(article)}">导出公众号</a>' in form
    issue = Issue.objects.get()
    form = logged_in(editor).get(reverse("admin:editions_issue_change", args=[issue.pk])).content.decode()
    assert f'href="{digest_url(issue)}">导出今日要闻</a>' in form
    form = logged_in(make_reporter()).get(reverse("admin:editions_issue_change", args=[issue.pk])).content.decode()
    assert "导出今日要闻" not in form


def test_the_list_actions_export_one_selected_story_or_edition(demo_edition):
    client = logged_in(make_editor())
    first, second = Article.objects.order_by("pk")[:2]
    changelist = reverse("admin:articles_article_changelist")
    response = client.post(changelist, {"action": "export_to_wechat", "_selected_action": [first.pk]})
    assert response.status_code == 302 and response["Location"] == export_url(first)
    response = client.post(
        changelist, {"action": "export_to_wechat", "_selected_action": [first.pk, second.pk]}, follow=True
    )
    assert "导出公众号一次只能选择一篇稿件。" in response.content.decode()
    issue = Issue.objects.get()
    response = client.post(
        reverse("admin:editions_issue_changelist"),
        {"action": "export_digest_to_wechat", "_selected_action": [issue.pk]},
    )
    assert response.status_code == 302 and response["Location"] == digest_url(issue)


def test_the_digest_page_names_the_stories_left_out():
    page = make_page(issue=make_issue(live=False), number=1, name="要闻")
    make_article(page=page, headline="审定稿", status=Article.Status.APPROVED, is_page_lead=True)
    make_article(page=page, headline="还在写的稿", live=False, page_position=2)
    text = logged_in(make_editor()).get(digest_url(page.issue)).content.decode()
    assert "未列入（未审定或已撤稿）：第1版《还在写的稿》（草稿）" in text
    assert "未发布" in text


def test_a_photo_without_its_file_is_left_out_not_a_500(demo_edition):
    feature = Article.objects.get(subheadline__startswith="——")
    Photo.objects.filter(article=feature).update(image="photos/missing.jpg", width=800, height=600)
    tree = assert_inline_styled_only(export(feature))
    assert tree.all("img") == []


def test_a_case_study_without_sections_still_exports():
    study = make_case_study(opening="导语。")
    tree = assert_inline_styled_only(export(study.article))
    assert body_paragraphs(tree)[0].text == "导语。"
    assert tree.all("h2") == []
