"""The public newspaper as a reader meets it: editions, pages, back issues, stories, departments, feeds."""

import datetime
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from departments.models import Department
from editions.models import Issue, Page

from .factories import (
    image_upload,
    make_article,
    make_byline,
    make_campaign,
    make_case_study,
    make_department,
    make_issue,
    make_page,
    make_photo,
)

pytestmark = pytest.mark.django_db

SITE_URL = "https://ribao.example.cn"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE_URL


def html_of(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def main_of(html):
    """What sits in <main>: the page's own content, without masthead and footer."""
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def photos_of(html):
    """The story's pictures: every <img> of the page's main part but the share panel's QR code."""
    return [img for img in re.findall(r"<img [^>]+>", main_of(html)) if "/qr.svg" not in img]


def headings(html):
    return [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]


def assert_headings_in_order(html):
    levels = headings(html)
    assert levels.count(1) == 1, levels
    assert levels[0] == 1, levels
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, levels


# The view count's script (readership/), its beacon's address in a data attribute: still no script in the page.
VIEW_COUNT_SCRIPT = r'<script src="/static/readership/count_view\.js" data-beacon="/readership/seen/\d+/" defer>'


def assert_only_the_sites_own_scripts(html, url=""):
    """No inline script: JSON-LD data, and the reader's controls (长辈版, 字号, 听新闻) from the site's own files."""
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert (
            tag == '<script type="application/ld+json">'
            or re.fullmatch(r'<script src="/static/js/[\w.-]+\.js"( defer)?>', tag)
            or re.fullmatch(VIEW_COUNT_SCRIPT, tag)
        ), (url, tag)


def issue_url(date):
    return reverse("editions:issue", kwargs={"year": date.year, "month": date.month, "day": date.day})


def page_url(date, number):
    return reverse("editions:page", kwargs={"year": date.year, "month": date.month, "day": date.day, "number": number})


def month_url(year, month):
    return reverse("editions:back_issues_month", kwargs={"year": year, "month": month})


def story(kicker):
    return Article.objects.select_related("department", "page__issue", "case_study__campaign").get(kicker=kicker)


# --- Front page, edition, page ---------------------------------------------------------


def test_the_front_page_has_masthead_lead_story_and_every_page_with_its_headlines(client, demo_edition):
    html = html_of(client, "/")
    assert '<a class="masthead__name" href="/">乌海日报</a>' in html
    assert '<time datetime="2023-02-15">2023年2月15日 星期三</time> · 第27期（总第9312期）' in html
    lead = html.split('<article class="lead-story">', 1)[1].split("</article>", 1)[0]
    assert "我市持续压实“十四五”主要污染物减排责任" in lead
    assert 'class="teaser"' in lead
    for page_title in ["第1版：要闻", "第2版：专题"]:
        assert page_title in html
    for headline in ["描绘天蓝地绿水清的宜居画卷", "紧扣“三个抓手” 全力打好“招商”“稳商”组合拳", "打造便民消费圈"]:
        assert headline in html
    assert_headings_in_order(html)


def test_the_masthead_has_a_search_box(client, demo_edition):
    html = html_of(client, "/")
    form = html.split('<form class="search-form" role="search" method="get"', 1)[1].split("</form>", 1)[0]
    assert f'action="{reverse("search:results")}"' in form
    assert 'type="search" name="q"' in form and '<label class="visually-hidden" for="site-search">' in form


def test_the_edition_lists_its_pages_and_links_to_the_nearest_editions(client, demo_edition):
    earlier = make_issue(date=datetime.date(2023, 2, 10))
    make_issue(date=datetime.date(2023, 2, 12), live=False)
    html = html_of(client, "/2023/02/15/")
    page_nav = html.split('<nav class="page-nav"', 1)[1].split("</nav>", 1)[0]
    assert "版面导航" in page_nav and '<a href="/2023/02/15/2/">第2版：专题</a>' in page_nav
    assert '<a href="/2023/02/15/1/">第1版：要闻</a>' in html
    assert '<a href="/2023/02/15/2/">第2版：专题</a>' in html
    assert f'<a rel="prev" href="{earlier.get_absolute_url()}">上一期：2023年2月10日</a>' in html
    assert "2023年2月12日" not in html
    assert_headings_in_order(html)


def test_a_page_has_page_navigation_its_headlines_and_the_next_and_previous_page(client, demo_edition):
    html = html_of(client, "/2023/02/15/1/")
    assert "版面导航" in html and "本版标题导航" in html
    assert '<a href="/2023/02/15/1/" aria-current="page">第1版：要闻</a>' in html
    assert '<a rel="next" href="/2023/02/15/2/">下一版：专题</a>' in html
    assert 'rel="prev"' not in main_of(html)
    html = html_of(client, "/2023/02/15/2/")
    assert '<a rel="prev" href="/2023/02/15/1/">上一版：要闻</a>' in html
    assert_headings_in_order(html)


def test_a_page_offers_its_pdf_when_there_is_one(client):
    page = make_page()
    assert "下载本版 PDF" not in html_of(client, page.get_absolute_url())
    page.pdf.save("page.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    html = html_of(client, page.get_absolute_url())
    assert f'<a href="{page.pdf.url}" download>下载本版 PDF</a>' in html


def test_the_page_image_links_each_placed_story_by_its_area(client, demo_edition):
    page = Page.objects.get(number=2)
    html = html_of(client, page.get_absolute_url())
    figure = html.split('<figure class="page-image"', 1)[1].split("</figure>", 1)[0]
    # A resized rendition, never the uploaded file itself.
    src = re.search(r'<img src="([^"]+)"', figure).group(1)
    assert src != page.image.url and src.startswith(page.image.url) and src.endswith(".jpg")
    assert 'srcset="' in figure and re.search(r'alt="第2版：专题版面图[^"]+"', figure)
    # WebP first for the browsers that read it, at the same widths.
    webp = re.search(r'<source type="image/webp" srcset="([^"]+)"', figure).group(1)
    assert [w.split()[1] for w in webp.split(", ")] == [
        w.split()[1] for w in re.search(r'<img[^>]* srcset="([^"]+)"', figure).group(1).split(", ")
    ]
    assert all(w.split()[0].endswith(".webp") for w in webp.split(", "))
    # Percent geometry in an SVG stretched over the picture: no inline style (the CSP forbids it), no script.
    assert '<svg class="page-image__areas" viewBox="0 0 100 100" preserveAspectRatio="none"' in figure
    # The demo's page 2 is read off its printed PDF (seeds/pages): an outline, or a rectangle when it is one.
    areas = re.findall(
        r'<a class="page-image__area" href="([^"]+)" aria-label="([^"]+)"><title>[^<]+</title>'
        r'(?:<polygon points="([\d., ]+)"/>|<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/>)</a>',
        figure,
    )
    placed = list(page.articles.order_by("page_position"))
    assert [(href, name) for href, name, *_shape in areas] == [(a.get_absolute_url(), a.headline_text) for a in placed]
    for (*_link, points, left, top, width, height), article in zip(areas, placed, strict=True):
        if not points:
            points = f"{left},{top} {float(left) + float(width)},{float(top) + float(height)}"
        xs, ys = zip(*((float(x), float(y)) for x, y in (point.split(",") for point in points.split())), strict=True)
        assert min(xs) == pytest.approx(article.area_left * 100, abs=0.001)
        assert min(xs) >= 0 and max(xs) <= 100.01 and min(ys) >= 0 and max(ys) <= 100.01
    assert " style=" not in main_of(html)
    assert_only_the_sites_own_scripts(html)


def test_a_page_without_image_or_areas_reads_as_a_list(client):
    page = make_page()
    make_article(page=page, headline="没有热区的稿件", area_left=0.1, area_top=0.1, area_width=0.5, area_height=0.5)
    html = html_of(client, page.get_absolute_url())
    assert "page-image" not in main_of(html)
    assert "没有热区的稿件" in html
    page.image.save("page.png", ContentFile(image_upload(size=(100, 140)).read()))
    story_without_area = make_article(page=page, headline="未画热区的稿件", page_position=2)
    html = html_of(client, page.get_absolute_url())
    assert html.count('class="page-image__area"') == 1
    assert f'href="{story_without_area.get_absolute_url()}"' in html


# --- Back issues --------------------------------------------------------------------------


def test_the_archive_shows_the_month_of_the_latest_edition_as_a_calendar(client, demo_edition):
    html = html_of(client, "/archive/")
    assert '<h2 id="month-title" class="back-issues__title">2023年2月</h2>' in html
    assert '<a href="/2023/02/15/" aria-label="2023年2月15日 星期三，第27期">15</a>' in html
    assert f'<link rel="canonical" href="{SITE_URL}/archive/2023/02/">' in html
    assert_headings_in_order(html)


def test_the_calendar_reaches_every_published_date_and_no_other(client, demo_edition):
    published = {datetime.date(2023, 2, 15)}
    for day in [datetime.date(2021, 12, 31), datetime.date(2022, 6, 1), datetime.date(2022, 6, 30)]:
        make_issue(date=day)
        published.add(day)
    make_issue(date=datetime.date(2022, 9, 9), live=False)
    make_issue(date=datetime.date(2019, 5, 5), live=False)
    make_issue(
        date=datetime.date(2023, 3, 1),
        status=Issue.Status.SCHEDULED,
        publish_at=timezone.now() + datetime.timedelta(days=1),
    )
    reached, url = set(), "/archive/"
    while url:
        html = html_of(client, url)
        reached |= {
            datetime.date.fromisoformat(d.replace("/", "-"))
            for d in re.findall(r'<td class="calendar__issue"><a href="/(\d{4}/\d\d/\d\d)/"', html)
        }
        previous = re.search(r'<a rel="prev" href="(/archive/\d{4}/\d\d/)">上一个有报纸的月份', html)
        url = previous and previous.group(1)
    assert reached == published
    assert "下一个有报纸的月份" not in html_of(client, "/archive/2023/02/")
    assert '<a rel="next" href="/archive/2022/06/">' in html_of(client, "/archive/2021/12/")
    # The year jump spans the published archive, from its first edition to its last.
    assert re.findall(r'<option value="(\d{4})"', html_of(client, "/archive/")) == ["2023", "2022", "2021"]


def test_the_year_and_month_jump_goes_to_that_month(client, demo_edition):
    response = client.get("/archive/", {"year": "2022", "month": "7"})
    assert response.status_code == 302 and response["Location"] == "/archive/2022/07/"
    html = html_of(client, "/archive/2022/07/")
    assert "本月没有出版的报纸" in html and '<meta name="robots" content="noindex, nofollow">' in html
    assert '<a rel="next" href="/archive/2023/02/">' in html


def test_a_date_without_an_edition_is_a_404_that_offers_the_nearest_editions(client, demo_edition):
    make_issue(date=datetime.date(2023, 2, 1))
    make_issue(date=datetime.date(2023, 2, 10), live=False)
    html = html_of(client, "/2023/02/12/", status=404)
    assert "2023年2月12日 星期日没有出版的报纸" in html
    assert '<a rel="prev" href="/2023/02/01/">前一期：2023年2月1日</a>' in html
    assert '<a rel="next" href="/2023/02/15/">后一期：2023年2月15日</a>' in html
    assert "2023/02/10" not in html


# --- Articles ------------------------------------------------------------------------------


def test_the_article_page_has_meta_page_link_and_its_neighbours_in_the_edition(client, demo_edition):
    hainan = story("海南区商务局：")
    html = html_of(client, hainan.get_absolute_url())
    assert f'<a class="article-meta__department" href="{hainan.department.get_absolute_url()}">海南区商务局</a>' in html
    assert '<a class="article-meta__page" href="/2023/02/15/2/">见报：第2版：专题</a>' in html
    assert '<time datetime="2023-02-15T06:00:00+08:00">2023年2月15日</time>' in html
    previous, following = story("市区域经济合作局："), story("乌达区城市管理综合执法局：")
    assert f'<a rel="prev" href="{previous.get_absolute_url()}">上一篇：' in html
    assert f'<a rel="next" href="{following.get_absolute_url()}">下一篇：' in html
    mates = html.split("本版其他稿件", 1)[1].split("</ul>", 1)[0]
    assert previous.headline_text in mates and following.headline_text in mates and hainan.headline_text not in mates
    assert_headings_in_order(html)


def test_the_edition_runs_from_page_one_to_the_last_story_across_pages(client, demo_edition):
    feature = Article.objects.get(subheadline="——我市生态环境建设综述")
    html = html_of(client, feature.get_absolute_url())
    assert f'<a rel="next" href="{story("市区域经济合作局：").get_absolute_url()}">' in html
    first = Article.objects.get(dateline="本报讯")
    assert 'rel="prev"' not in main_of(html_of(client, first.get_absolute_url()))


def test_a_case_study_shows_banner_figures_practices_and_lessons(client, demo_edition):
    html = html_of(client, story("市区域经济合作局：").get_absolute_url())
    assert '<p class="campaign-banner"><a href="/articles/campaigns/' in html
    assert (
        '<span class="key-figure__value">2660.81</span>亿元<span class="key-figure__change">同比增长68%</span>' in html
    )
    assert "一、主要做法" in html and "一是抓前置服务，加快签约项目落地进程。" in html


def test_a_case_study_sets_out_its_sections_in_their_printed_order(client, django_assert_max_num_queries):
    from articles.models import KeyFigure, Lesson, Practice

    case_study = make_case_study(opening="导语。", lessons_opening="启示导语。")
    # Entered out of order, as an editor might: the page follows the numbering, not the typing.
    for position, lead in ((3, "三是第三条。"), (1, "一是第一条。"), (2, "二是第二条。")):
        Practice.objects.create(case_study=case_study, position=position, lead=lead, text=f"{lead}正文")
    for position, lead in ((2, "必须坚持第二条。"), (1, "必须坚持第一条。")):
        Lesson.objects.create(case_study=case_study, position=position, lead=lead)
    KeyFigure.objects.create(case_study=case_study, position=2, label="新增就业", value="1712.00", unit="人")
    KeyFigure.objects.create(case_study=case_study, position=1, label="协议金额", value="2660.81", unit="亿元")

    main = main_of(html_of(client, case_study.get_absolute_url()))
    printed = [
        "协议金额", "新增就业", "一、主要做法", "一是第一条。", "二是第二条。", "三是第三条。",
        "二、经验启示", "启示导语。", "必须坚持第一条。", "必须坚持第二条。",
    ]  # fmt: skip
    assert [main.index(text) for text in printed] == sorted(main.index(text) for text in printed)
    assert '<span class="key-figure__value">1712</span>人' in main
    # The three sections are one query, whatever their length.
    case_study.refresh_from_db()
    with django_assert_max_num_queries(1):
        sections = case_study.sections
    assert [practice.lead for practice in sections.practices] == ["一是第一条。", "二是第二条。", "三是第三条。"]
    assert all(not item._state.adding for item in (*sections.figures, *sections.practices, *sections.lessons))


def test_photos_are_resized_renditions_with_srcset_and_alt_text(client, demo_edition):
    feature = Article.objects.get(subheadline="——我市生态环境建设综述")
    html = html_of(client, feature.get_absolute_url())
    images = photos_of(html)
    assert len(images) == 3
    for photo, img in zip(feature.photos.all(), images, strict=True):
        src = re.search(r'src="([^"]+)"', img).group(1)
        assert src != photo.image.url and src.startswith(photo.image.url)
        assert f"{photo.image.url} " not in img
        srcset = re.search(r'srcset="([^"]+)"', img).group(1)
        assert [width for _url, width in (c.split() for c in srcset.split(", "))] == ["480w", "800w", "1200w"]
        assert f'alt="{photo.alt_text}"' in img
        assert 'width="800" height="533"' in img


def test_a_photo_whose_file_is_gone_leaves_the_caption_and_no_broken_image(client):
    article = make_article()
    photo = make_photo(article, caption="说明还在。")
    photo.image.storage.delete(photo.image.name)
    html = html_of(client, article.get_absolute_url())
    assert "说明还在。" in html and not photos_of(html)


def test_the_article_has_canonical_open_graph_and_news_article_data(client, demo_edition):
    feature = Article.objects.get(subheadline="——我市生态环境建设综述")
    html = html_of(client, feature.get_absolute_url())
    url = f"{SITE_URL}{feature.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="描绘天蓝地绿水清的宜居画卷">' in html
    assert re.search(rf'<meta property="og:image" content="{SITE_URL}/media/photos/[^"]+\.jpg">', html)
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "描绘天蓝地绿水清的宜居画卷"
    assert data["datePublished"] == "2023-02-15T06:00:00+08:00"
    assert data["mainEntityOfPage"]["@id"] == url
    assert len(data["image"]) == 3
    news = Article.objects.get(dateline="本报讯")
    data = json.loads(
        re.search(
            r'<script type="application/ld\+json">(.*?)</script>', html_of(client, news.get_absolute_url()), re.S
        ).group(1)
    )
    assert [author["name"] for author in data["author"]] == ["曹艺", "赵晓坤"]


def test_a_headline_cannot_break_out_of_the_structured_data(client):
    article = make_article(headline='</script><script>alert("x")</script><!--', kicker="A & B")
    html = html_of(client, article.get_absolute_url())
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block and ">" not in block
    assert json.loads(block)["headline"] == article.headline_text
    assert "<script>alert" not in html


def test_a_story_outside_any_edition_has_no_page_links(client):
    article = make_article(headline="网络稿件")
    make_byline(article, name="记者丙")
    html = html_of(client, article.get_absolute_url())
    assert "见报" not in html and "本版其他稿件" not in html and "（记者丙）" in html


def test_the_print_stylesheet_is_linked_for_print(client, demo_edition):
    html = html_of(client, "/")
    assert '<link rel="stylesheet" href="/static/css/print.css" media="print">' in html
    css = Path(finders.find("css/print.css")).read_text(encoding="utf-8")
    assert ".site-nav" in css and "@page" in css


# --- Departments and the campaign ---------------------------------------------------------


def test_the_department_index_is_grouped_by_level_and_district_with_each_ones_latest_date(client, demo_edition):
    other = make_department(name="乌海市工商业联合会", level=Department.Level.OTHER)
    make_article(department=other, live=False)
    ecology = Department.objects.get(name="市生态环境局")
    make_article(department=ecology, live=False)
    later = timezone.now() + datetime.timedelta(hours=3)
    make_article(department=ecology, status=Article.Status.SCHEDULED, publish_at=later)
    html = main_of(html_of(client, "/departments/"))
    city, district, others = (html.split(f">{title}</h2>")[1] for title in ["市直部门", "区属部门", "其他"])
    # The demo edition came out on 2023-02-15; a draft or a story still to come is no update.
    assert (
        '市生态环境局</a> <span class="muted">最近更新 '
        '<time datetime="2023-02-15T06:00:00+08:00">2023年2月15日</time></span>' in city
    )
    assert district.index("<h3") < district.index("海南区商务局")
    assert '<h3 class="department-group__district">乌达区</h3>' in district
    assert '乌海市工商业联合会</a> <span class="muted">暂无稿件</span>' in others
    assert "篇" not in html  # no whole-archive count: it grows with the paper and tells a reader little


def test_a_department_page_lists_its_stories_newest_first_a_page_at_a_time(client):
    department = make_department()
    now = timezone.now()
    for n in range(25):
        make_article(
            department=department, headline=f"部门稿件{n:02d}", publish_at=now - datetime.timedelta(days=n + 1)
        )
    make_article(department=department, headline="部门草稿", live=False)
    later = now + datetime.timedelta(hours=1)
    make_article(department=department, headline="部门明日稿", status=Article.Status.SCHEDULED, publish_at=later)
    case = make_case_study(article=make_article(department=department, headline="部门案例", kind="case_study"))
    url = department.get_absolute_url()
    first = main_of(html_of(client, url))
    titles = re.findall(r"(部门稿件\d\d|部门案例)", first)
    assert titles[:3] == ["部门案例", "部门稿件00", "部门稿件01"] and len(titles) == 20
    assert f"典型案例·{case.campaign.name}" in first
    assert f'<a rel="next" href="{url}?page=2">较早 →</a>' in first and 'rel="prev"' not in first
    second = html_of(client, url + "?page=2")
    assert re.findall(r"部门稿件\d\d", main_of(second)) == [f"部门稿件{n}" for n in range(19, 25)]
    assert f'<link rel="canonical" href="{SITE_URL}{url}?page=2">' in second
    assert "（第2页）" in second
    # Back to the first page is the department's own address, not ?page=1; the last page leads no further.
    assert f'<a rel="prev" href="{url}">← 较新</a>' in second and 'rel="next"' not in main_of(second)
    assert "部门草稿" not in first + second and "部门明日稿" not in first + second


def test_a_department_page_that_fills_exactly_one_page_offers_no_second(client):
    department = make_department()
    for _ in range(20):
        make_article(department=department)
    html = main_of(html_of(client, department.get_absolute_url()))
    assert html.count('class="story-list__item"') == 20
    assert 'class="pager"' not in html
    assert client.get(department.get_absolute_url(), {"page": 2}).status_code == 404


@pytest.mark.parametrize("page", ["abc", "0", "-1", "3", "1.5", "99999999999999999999", "%00"])
def test_a_department_page_number_that_is_junk_or_out_of_range_is_404(client, page):
    department = make_department()
    for _ in range(21):
        make_article(department=department)
    assert client.get(department.get_absolute_url(), {"page": page}).status_code == 404


def test_the_campaign_shows_its_case_studies_department_by_department_with_key_figures(client, demo_edition):
    campaign = story("海南区商务局：").case_study.campaign
    make_case_study(campaign=campaign, article=make_article(headline="未发布的案例", live=False, kind="case_study"))
    html = main_of(html_of(client, campaign.get_absolute_url()))
    order = [html.index(name) for name in ["市区域经济合作局", "海南区商务局", "乌达区城市管理综合执法局"]]
    assert order == sorted(order)
    assert html.count('class="campaign-department"') == 3
    assert '<span class="key-figure__value">132</span>个' in html
    assert "未发布的案例" not in html


def test_a_long_campaign_shows_its_newest_case_studies_a_page_at_a_time_under_its_banner(client):
    campaign = make_campaign(name="作风建设年", banner_text="全市机关作风建设年", description="各部门的做法与经验。")
    departments = [make_department(name=f"第{n}部门", position=n) for n in range(3)]
    now = timezone.now()
    # Filed as they ran, the oldest first.
    for n in reversed(range(25)):
        article = make_article(
            headline=f"案例{n:02d}",
            kind="case_study",
            department=departments[n % 3],
            publish_at=now - datetime.timedelta(days=n + 1),
        )
        make_case_study(campaign=campaign, article=article)
    make_case_study(campaign=campaign, article=make_article(headline="案例草稿", live=False, kind="case_study"))
    url = campaign.get_absolute_url()
    first = main_of(html_of(client, url))
    assert "全市机关作风建设年" in first and "各部门的做法与经验。" in first
    assert sorted(re.findall(r"案例\d\d", first)) == [f"案例{n:02d}" for n in range(20)]
    # On a page, department by department, each department's newest first.
    assert re.findall(r"第\d部门", first) == ["第0部门", "第1部门", "第2部门"]
    assert re.findall(r"案例\d\d", first)[:3] == ["案例00", "案例03", "案例06"]
    assert f'<a rel="next" href="{url}?page=2">较早 →</a>' in first
    second = html_of(client, url + "?page=2")
    assert sorted(re.findall(r"案例\d\d", main_of(second))) == [f"案例{n}" for n in range(20, 25)]
    assert f'<link rel="canonical" href="{SITE_URL}{url}?page=2">' in second
    assert f'<a rel="prev" href="{url}">← 较新</a>' in second and 'rel="next"' not in main_of(second)
    assert "全市机关作风建设年" in second
    assert "案例草稿" not in first + second
    for page in ["3", "0", "abc"]:
        assert client.get(url, {"page": page}).status_code == 404


# --- Feeds, sitemap, robots ----------------------------------------------------------------


def feed_items(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    root = ET.fromstring(response.content)
    if root.tag == "rss":
        return response, [item.findtext("title") for item in root.iter("item")]
    atom = "{http://www.w3.org/2005/Atom}"
    return response, [entry.findtext(f"{atom}title") for entry in root.iter(f"{atom}entry")]


def test_the_feeds_carry_published_stories_with_dates_and_absolute_links(client, demo_edition):
    response, titles = feed_items(client, "/articles/feed/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    assert "Last-Modified" in response
    assert "海南区商务局：打造便民消费圈 共建高品质美好生活" in titles
    assert len(titles) == 5
    xml = response.content.decode()
    assert f"<link>{SITE_URL}/articles/" in xml and "<pubDate>" in xml and "<language>zh-CN</language>" in xml
    response, titles = feed_items(client, "/articles/feed/atom/")
    assert response["Content-Type"].startswith("application/atom+xml") and len(titles) == 5


def test_department_and_campaign_feeds_carry_only_their_stories(client, demo_edition):
    hainan = story("海南区商务局：")
    _response, titles = feed_items(client, reverse("departments:feed_rss", kwargs={"slug": hainan.department.slug}))
    assert titles == ["海南区商务局：打造便民消费圈 共建高品质美好生活"]
    slug = hainan.case_study.campaign.slug
    _response, titles = feed_items(client, reverse("articles:campaign_feed_atom", kwargs={"slug": slug}))
    assert len(titles) == 3
    assert client.get("/departments/no-such-department/feed/rss/").status_code == 404
    assert client.get("/articles/campaigns/no-such-campaign/feed/atom/").status_code == 404


def sitemap_locations(client):
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locations = []
    for section in ET.fromstring(index.content).iter(f"{ns}loc"):
        assert section.text.startswith(f"{SITE_URL}/sitemap-")
        response = client.get(section.text.removeprefix(SITE_URL))
        assert response.status_code == 200
        locations += [loc.text for loc in ET.fromstring(response.content).iter(f"{ns}loc")]
    return locations


def test_the_sitemap_lists_what_readers_may_see_on_the_canonical_host(client, demo_edition):
    locations = sitemap_locations(client)
    for path in ["/", "/archive/", "/departments/", "/2023/02/15/", "/2023/02/15/2/"]:
        assert f"{SITE_URL}{path}" in locations
    for article in Article.objects.all():
        assert f"{SITE_URL}{article.get_absolute_url()}" in locations
    assert f"{SITE_URL}{story('海南区商务局：').case_study.campaign.get_absolute_url()}" in locations


def test_robots_txt_points_at_the_sitemap_and_keeps_out_of_admin_and_previews(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "Disallow: /admin/" in text and "Disallow: /preview/" in text
    assert f"Sitemap: {SITE_URL}/sitemap.xml" in text


# --- Only published and due content, anywhere public -----------------------------------------


@pytest.fixture
def hidden_stories(demo_edition):
    """A draft, a story scheduled for later, a withdrawn one, and one in an edition not out yet."""
    page = Page.objects.get(number=2)
    hainan = story("海南区商务局：")
    later = timezone.now() + datetime.timedelta(hours=3)
    future_issue = make_issue(date=datetime.date(2023, 2, 16), status=Issue.Status.SCHEDULED, publish_at=later)
    future_page = make_page(issue=future_issue, name="明日要闻")
    hidden = [
        make_article(headline="隐藏草稿", page=page, department=hainan.department, page_position=9),
        make_article(
            headline="隐藏排期",
            page=page,
            status=Article.Status.SCHEDULED,
            publish_at=later,
            department=hainan.department,
            area_left=0.1,
            area_top=0.1,
            area_width=0.2,
            area_height=0.2,
        ),
        make_article(headline="隐藏撤稿", status=Article.Status.WITHDRAWN, department=hainan.department),
        make_article(headline="隐藏明日", page=future_page, department=hainan.department),
    ]
    hidden[0].status = Article.Status.DRAFT
    hidden[0].save()
    for article in hidden[:3]:
        make_case_study(article=article, campaign=hainan.case_study.campaign)
    return hidden


def test_drafts_scheduled_and_withdrawn_stories_are_on_no_public_page_feed_or_sitemap(client, hidden_stories):
    hainan = story("海南区商务局：")
    campaign = hainan.case_study.campaign
    urls = [
        "/",
        "/2023/02/15/",
        "/2023/02/15/2/",
        hainan.get_absolute_url(),
        "/archive/",
        "/archive/2023/02/",
        "/departments/",
        hainan.department.get_absolute_url(),
        campaign.get_absolute_url(),
        "/articles/feed/rss/",
        "/articles/feed/atom/",
        reverse("departments:feed_rss", kwargs={"slug": hainan.department.slug}),
        reverse("articles:campaign_feed_rss", kwargs={"slug": campaign.slug}),
        "/sitemap-articles.xml",
        "/sitemap-pages.xml",
        "/sitemap-issues.xml",
        "/sitemap-navigation.xml",
    ]
    for url in urls:
        text = html_of(client, url)
        for article in hidden_stories:
            assert article.headline not in text, (url, article.headline)
            assert f"/articles/{article.pk}/" not in text, (url, article.headline)
        assert "2023/02/16" not in text and "明日要闻" not in text, url
    # A withdrawn story, a newer draft and a story still to come do not make a department look freshly updated.
    assert '海南区商务局</a> <span class="muted">最近更新 <time datetime="2023-02-15T06:00:00+08:00">' in html_of(
        client, "/departments/"
    )
    for article in hidden_stories:
        assert client.get(article.get_absolute_url()).status_code == 404
    assert client.get("/2023/02/16/").status_code == 404
    assert client.get("/2023/02/16/1/").status_code == 404


def test_a_scheduled_story_appears_everywhere_once_its_time_has_come(client, hidden_stories, monkeypatch):
    later = timezone.now() + datetime.timedelta(hours=4)
    monkeypatch.setattr("core.clock.now", lambda: later)
    assert "隐藏排期" in html_of(client, "/2023/02/15/2/")
    assert "隐藏排期" in html_of(client, "/articles/feed/rss/")
    assert "隐藏明日" in html_of(client, "/")
    assert "隐藏草稿" not in html_of(client, "/2023/02/15/2/")


# --- Junk input: 404 or 400, never 500 --------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/2023/02/30/",
        "/9999/12/31/",
        "/0001/01/01/",
        "/archive/9999/12/",
        "/archive/0001/01/",
        "/2023/13/01/",
        "/0000/01/01/",
        "/2023/2/15/",
        "/2023/02/15/0/",
        "/2023/02/15/9/",
        "/2023/02/15/99999999999999999999999/",
        "/2023/02/15/abc/",
        "/2023/02/16/1/",
        "/archive/2023/13/",
        "/archive/2023/00/",
        "/archive/0000/01/",
        "/archive/abcd/01/",
        "/articles/999999/",
        "/articles/abc/",
        "/articles/campaigns/no-such-campaign/",
        "/departments/no-such-department/",
        "/departments/%E4%B8%8D%E5%AD%98%E5%9C%A8/",
        "/sitemap-nothing.xml",
        "/sitemap-articles.xml?p=abc",
        "/sitemap-articles.xml?p=99",
    ],
)
def test_malformed_dates_page_numbers_and_unknown_names_are_404(client, demo_edition, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "query", [{"year": "abc", "month": "2"}, {"year": "2023", "month": "13"}, {"year": "2023"}, {"month": "0"}]
)
def test_a_junk_month_jump_is_a_400(client, demo_edition, query):
    response = client.get("/archive/", query)
    assert response.status_code == 400
    assert "请选择有效的年份和月份" in response.content.decode()


@pytest.mark.parametrize("url", ["/", "/2023/02/15/", "/2023/02/15/2/", "/archive/2023/02/", "/departments/"])
def test_unknown_query_parameters_are_ignored_not_reflected(client, demo_edition, url):
    html = html_of(client, url + '?utm_source=<script>x</script>&page=%FF&q="')
    assert "<script>x</script>" not in html


# --- Look and behaviour ---------------------------------------------------------------------


def test_every_public_page_has_one_h1_headings_in_order_and_alt_text(client, demo_edition):
    hainan = story("海南区商务局：")
    feature = Article.objects.get(subheadline="——我市生态环境建设综述")
    for url in [
        "/",
        "/2023/02/15/",
        "/2023/02/15/1/",
        "/2023/02/15/2/",
        hainan.get_absolute_url(),
        feature.get_absolute_url(),
        "/archive/",
        "/departments/",
        hainan.department.get_absolute_url(),
        hainan.case_study.campaign.get_absolute_url(),
    ]:
        html = html_of(client, url)
        assert '<html lang="zh-CN">' in html, url
        assert_headings_in_order(html)
        for img in re.findall(r"<img [^>]+>", html):
            assert re.search(r'alt="[^"]+"', img), (url, img)
        assert_only_the_sites_own_scripts(html, url)
        assert " style=" not in html, url  # the reader's CSP allows no inline style
        assert not re.search(r'(src|href)="(https?:)?//', html.replace(SITE_URL, "")), url


# --- Editors draw the areas in the Page admin -------------------------------------------------


def page_form_data(page, areas):
    """What the Page change form posts: the page's fields and one inline row per placed story, as opened now."""
    stories = list(page.articles.order_by("page_position", "id"))
    data = {
        "base_version": Page.objects.get(pk=page.pk).version,
        "issue": page.issue_id,
        "number": page.number,
        "name": page.name,
        "editor": "",
        "articles-TOTAL_FORMS": len(stories),
        "articles-INITIAL_FORMS": len(stories),
        "articles-MIN_NUM_FORMS": 0,
        "articles-MAX_NUM_FORMS": 1000,
        "_continue": "1",
    }
    for n, article in enumerate(stories):
        area = areas.get(article.pk, (article.area_left, article.area_top, article.area_width, article.area_height))
        data.update({f"articles-{n}-id": article.pk, f"articles-{n}-page": page.pk})
        data[f"articles-{n}-base_version"] = article.version
        data[f"articles-{n}-page_position"] = article.page_position
        if article.is_page_lead:
            data[f"articles-{n}-is_page_lead"] = "on"
        for side, value in zip(["left", "top", "width", "height"], area, strict=True):
            data[f"articles-{n}-area_{side}"] = "" if value is None else value
    return data


def test_the_page_admin_shows_the_page_image_to_draw_areas_on(admin_client, demo_edition):
    page = Page.objects.get(number=2)
    html = html_of(admin_client, reverse("admin:editions_page_change", args=[page.pk]))
    assert "editions/admin/page_areas.js" in html and "editions/admin/page_areas.css" in html
    editor = html.split('<div class="page-area-editor"', 1)[1].split("</div></div>", 1)[0]
    assert re.search(r'<img src="/media/pages/2023/02/15/[^"]+\.jpg"', editor)
    assert 'name="articles-0-area_left"' in html


def test_the_page_admin_saves_a_drawn_area_and_refuses_a_half_one(admin_client, demo_edition):
    page = Page.objects.get(number=2)
    hainan = page.articles.get(kicker="海南区商务局：")
    url = reverse("admin:editions_page_change", args=[page.pk])
    response = admin_client.post(url, page_form_data(page, {hainan.pk: (0.1, 0.2, 0.3, 0.4)}))
    assert response.status_code == 302
    hainan.refresh_from_db()
    assert (hainan.area_left, hainan.area_top, hainan.area_width, hainan.area_height) == (0.1, 0.2, 0.3, 0.4)
    response = admin_client.post(url, page_form_data(page, {hainan.pk: (0.1, None, None, None)}))
    assert response.status_code == 200
    assert "版面热区需同时填写左、上、宽、高，或全部留空。" in response.content.decode()
    response = admin_client.post(url, page_form_data(page, {hainan.pk: (0.8, 0.2, 0.3, 0.4)}))
    assert "版面热区超出了版面图的范围。" in response.content.decode()
    hainan.refresh_from_db()
    assert hainan.area_left == 0.1
