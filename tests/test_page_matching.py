"""Which story a region read off a page PDF is: by its text, whatever the print layout did to spaces and lines."""

from dataclasses import dataclass, field

import pytest

from articles.models import Article
from editions import page_matching

from .factories import make_article

pytestmark = pytest.mark.django_db


@dataclass
class Region:
    kicker: str = ""
    headline: list = field(default_factory=list)
    subheadline: str = ""
    paragraphs: list = field(default_factory=list)


def test_a_headline_broken_across_lines_and_spaced_by_the_layout_is_the_same_story():
    story = make_article(
        kicker="转作风 提效能", headline="市人社局：把服务\n送到群众家门口", body="<p>本报讯 近日，市人社局……</p>"
    )
    region = Region(
        kicker="转 作 风  提 效 能", headline=["市人社局:把服务送", "到群众家门口"], paragraphs=["本报讯近日,市人社局"]
    )

    [(found, article, score)] = page_matching.match([region], [story])

    assert article == story and score == 1.0


def test_a_changed_headline_is_still_matched_by_the_opening_of_the_text():
    body = "<p>今年以来，我市围绕优化营商环境，推出一系列便民举措，企业开办时间压缩至一个工作日以内。</p>"
    story = make_article(headline="营商环境持续优化", body=body)
    other = make_article(headline="黄河湿地迎来候鸟", body="<p>候鸟成群，湿地热闹非凡，观鸟爱好者纷纷前来。</p>")
    region = Region(
        headline=["营商环境持续优化 企业开办再提速"],
        paragraphs=["今年以来，我市围绕优化营商环境，推出一系列便民举措，", "企业开办时间压缩至一个工作日以内。"],
    )

    [(_, article, score)] = page_matching.match([region], [other, story])

    assert article == story and page_matching.MATCH_THRESHOLD <= score < 1


def test_a_region_nothing_in_the_cms_resembles_is_a_new_story():
    make_article(headline="黄河湿地迎来候鸟")
    region = Region(headline=["乌海书法节开幕"], paragraphs=["书法爱好者齐聚一堂。"])

    [(_, article, score)] = page_matching.match([region], list(Article.objects.all()))

    assert article is None and score == 0


def test_each_story_goes_to_the_region_that_reads_most_like_it():
    story = make_article(headline="全市春耕生产有序推进", body="<p>眼下正值春耕时节。</p>")
    jump = Region(headline=["春耕生产有序推进"], paragraphs=["（上接第一版）"])
    whole = Region(headline=["全市春耕生产有序推进"], paragraphs=["眼下正值春耕时节。"])

    matches = page_matching.match([jump, whole], [story])

    assert [article for _, article, _ in matches] == [None, story]


def test_two_stories_headed_alike_are_told_apart_by_their_text():
    school = make_article(headline="全力以赴抓好校园安全", body="<p>4月6日，海南区教育局召开校园安全工作推进会。</p>")
    city = make_article(headline="全力以赴抓好校园安全", body="<p>2021年以来，市教育局坚持以人民为中心的发展思想。</p>")
    first = Region(headline=["全力以赴抓好校园安全"], paragraphs=["2021年以来，市教育局坚持以人民为中心的发展思想。"])
    second = Region(headline=["全力以赴抓好校园安全"], paragraphs=["4月6日，海南区教育局召开校园安全工作推进会。"])

    matches = page_matching.match([first, second], [school, city])

    assert [article for _, article, _ in matches] == [city, school]
