"""The demo edition built from the seed page, as SEED.md describes it."""

import io
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils.html import strip_tags

from articles.models import Article, CaseStudy
from editions.models import Issue
from seeds.demo import build_demo_edition

from . import seedtext

pytestmark = pytest.mark.django_db


def story(department, kind=None):
    articles = Article.objects.filter(department__name=department)
    if kind:
        articles = articles.filter(kind=kind)
    return articles.get()


def story_texts():
    """Every paragraph and heading a reader reads as story text, as stored."""
    for article in Article.objects.all():
        yield from (strip_tags(block) for block in re.findall(r"<(?:p|h3)>.*?</(?:p|h3)>", article.body))
    for case in CaseStudy.objects.prefetch_related("practices", "lessons"):
        yield case.opening
        yield case.lessons_opening
        for item in [*case.practices.all(), *case.lessons.all()]:
            yield item.lead + item.text


def test_the_case_studies_carry_kicker_headline_lines_department_and_campaign(demo_edition):
    expected = {
        "海南区商务局": ("海南区商务局：", ["打造便民消费圈", "共建高品质美好生活"]),
        "市区域经济合作局": ("市区域经济合作局：", ["紧扣“三个抓手”", "全力打好“招商”“稳商”组合拳"]),
        "乌达区城市管理综合执法局": (
            "乌达区城市管理综合执法局：",
            ["“三个精准”助推", "“地摊经济”“夜市经济”有序发展"],
        ),
    }
    for department, (kicker, lines) in expected.items():
        article = story(department)
        assert article.kind == Article.Kind.CASE_STUDY
        assert article.kicker == kicker
        assert article.headline_lines == lines
        assert article.case_study.campaign.banner_text == "全市“转作风 提效能 促发展”作风建设集中整顿"


def test_the_districts_of_the_district_offices(demo_edition):
    assert story("海南区商务局").department.district == "海南区"
    assert story("乌达区城市管理综合执法局").department.district == "乌达区"
    assert story("市区域经济合作局").department.level == "city"


def test_practices_open_with_their_lead_sentences_in_order(demo_edition):
    leads = {
        "海南区商务局": [
            "优化资源配置，强化便民利民。",
            "丰富网点建设，提升生活品质。",
            "创新管理模式，提高服务效能。",
        ],
        "市区域经济合作局": [
            "一是抓前置服务，加快签约项目落地进程。",
            "二是抓工作调度，帮助在建项目纾困解难。",
            "三是抓走访调研，助力落户企业做大做强。",
        ],
        "乌达区城市管理综合执法局": ["一是精准施策，促发展。", "二是精准管理，提效能。", "三是精准执法，转作风。"],
    }
    for department, expected in leads.items():
        practices = story(department).case_study.practices.all()
        assert [p.lead for p in practices] == expected


def test_the_hainan_lessons_in_order(demo_edition):
    lessons = story("海南区商务局").case_study.lessons.all()
    assert [lesson.lead for lesson in lessons] == [
        "坚持从实际出发的工作原则。",
        "坚持全区一盘棋的工作思路。",
        "坚持为人民服务的初心宗旨。",
    ]


def test_key_figures_a_reader_looks_for(demo_edition):
    figures = {f.label: f for f in story("市区域经济合作局").case_study.figures.all()}
    assert figures["新签约项目"].value == Decimal("102")
    assert (figures["协议金额"].display_value, figures["协议金额"].unit) == ("2660.81", "亿元")
    assert figures["协议金额"].change == "同比增长68%"
    assert figures["到位资金"].value == Decimal("168.24")
    assert figures["到位资金"].change == "同比增长104%"
    assert story("海南区商务局").case_study.figures.filter(value=132, unit="个").exists()


def test_the_ecology_news_has_its_dateline_and_two_reporters(demo_edition):
    news = story("市生态环境局", Article.Kind.NEWS)
    assert news.headline_lines == ["我市持续压实“十四五”主要污染物减排责任"]
    assert news.dateline == "本报讯"
    assert strip_tags(news.body).startswith("2022年5月，《内蒙古自治区“十四五”节能减排综合工作实施方案》")
    bylines = news.bylines.select_related("person")
    assert [(b.person.name, b.role) for b in bylines] == [("曹艺", "reporter"), ("赵晓坤", "reporter")]
    assert "曹艺" not in news.body
    for lead in ["紧盯目标任务，深挖减排潜力。", "实施清单管理，落实减排项目。", "抓好污染防治，提升环境治理。"]:
        assert f"<strong>{lead}</strong>" in news.body


def test_the_feature_has_subheadline_five_sections_and_three_captioned_stand_in_photos(demo_edition):
    feature = story("市生态环境局", Article.Kind.FEATURE)
    assert feature.headline_lines == ["描绘天蓝地绿水清的宜居画卷"]
    assert feature.subheadline == "——我市生态环境建设综述"
    assert re.findall(r"<h3>(.*?)</h3>", feature.body) == [
        "强化大气污染综合治理",
        "推进水生态持续向好",
        "加强土壤和地下水污染防治",
        "深入推进绿色低碳发展",
        "提高环境执法效能",
    ]
    photos = feature.photos.all()
    assert [p.caption for p in photos] == ["生态宜居。", "水清岸绿。", "绿色满园。"]
    for photo in photos:
        assert "替代图片" in photo.credit
        assert photo.alt_text
        assert (photo.width, photo.height) == (1200, 800)
        assert photo.image.storage.exists(photo.image.name)


def test_the_stories_are_placed_on_two_pages_of_one_published_issue(demo_edition):
    issue = Issue.objects.get()
    assert issue.is_live()
    placement = [
        (a.page.number, a.page.name, a.page_position, a.is_page_lead)
        for a in Article.objects.select_related("page").order_by("page__number", "page_position")
    ]
    assert placement == [
        (1, "要闻", 1, True),
        (1, "要闻", 2, False),
        (2, "专题", 1, True),
        (2, "专题", 2, False),
        (2, "专题", 3, False),
    ]
    assert Article.objects.published().count() == 5


def test_every_seed_sentence_appears_exactly_once_wording_unchanged(demo_edition):
    text = "".join(seedtext.squeeze(t) for t in story_texts())
    sentences = seedtext.body_sentences(seedtext.load_raw(), seedtext.load_edition())
    assert len(sentences) > 100
    assert [s for s in sentences if text.count(s) != 1] == []
    assert len(text) == sum(len(s) for s in sentences)


def test_extraction_artefacts_are_repaired(demo_edition):
    text = "\n".join(story_texts())
    assert "华苑社区" in text
    assert "华 苑" not in text
    assert "2022年1至11月均未排水。" in text
    assert not re.search(r"[\u4e00-\u9fff][ \t\u3000]+[\u4e00-\u9fff]", text)


def test_the_wuda_headline_keeps_what_was_printed(demo_edition):
    wuda = story("乌达区城市管理综合执法局")
    assert "夜市经济" in wuda.headline
    assert "夜间经济" in wuda.case_study.practices.first().text


def snapshot():
    rows = {}
    for model in apps.get_models():
        if model._meta.app_label in {"articles", "departments", "editions"}:
            rows[model._meta.label] = list(model.objects.order_by("pk").values())
    return rows


def test_loading_twice_changes_no_row(demo_edition):
    before = snapshot()
    assert build_demo_edition() == 0
    call_command("load_demo_edition", stdout=io.StringIO())
    assert snapshot() == before
