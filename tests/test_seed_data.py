import hashlib
import re
from decimal import Decimal

import pytest

from . import seedtext
from .seedtext import (
    BANNER,
    RAW_PATH,
    SHARED_RAW_PATH,
    SLOGAN,
    SPACE_NEXT_TO_CJK,
    all_strings,
    squeeze,
    story_pieces,
)


@pytest.fixture(scope="module")
def raw():
    return seedtext.load_raw()


@pytest.fixture(scope="module")
def raw_compact(raw):
    return squeeze(raw)


@pytest.fixture(scope="module")
def edition():
    return seedtext.load_edition()


@pytest.fixture(scope="module")
def articles(edition):
    return {article["key"]: article for article in edition["articles"]}


@pytest.fixture(scope="module")
def by_department(edition):
    return {article["department"]: article for article in edition["articles"]}


@pytest.fixture(scope="module")
def story_compact(edition):
    return "".join(squeeze(piece) for article in edition["articles"] for piece in story_pieces(article))


@pytest.fixture(scope="module")
def body_sentences(raw, edition):
    return seedtext.body_sentences(raw, edition)


# The shared seed's SHA-256, so the project's copy is checked even where the
# shared folder is not beside the checkout.
SEED_SHA256 = "9cb34f3c1a263e6d3abaec7d762c215ef22c7e49225079fba0cf32158c45b93e"


def test_raw_seed_is_the_seed_page_byte_for_byte():
    assert hashlib.sha256(RAW_PATH.read_bytes()).hexdigest() == SEED_SHA256


def test_raw_seed_is_a_byte_for_byte_copy_of_the_shared_seed():
    assert SHARED_RAW_PATH.exists(), f"{SHARED_RAW_PATH} is missing: CI checks the project out beside shared/"
    assert RAW_PATH.read_bytes() == SHARED_RAW_PATH.read_bytes()


def test_edition_has_the_expected_top_level_shape(edition):
    assert set(edition) == {
        "assumptions",
        "issue",
        "pages",
        "campaign",
        "departments",
        "articles",
    }
    assert "假定" in edition["assumptions"]
    assert edition["pages"] == [
        {"number": 1, "name": "要闻"},
        {"number": 2, "name": "专题"},
    ]
    assert edition["issue"]["publish_at"].startswith(edition["issue"]["date"])


def test_every_body_sentence_appears_exactly_once_in_the_story_texts(body_sentences, story_compact):
    assert len(body_sentences) > 100
    missing_or_repeated = [s for s in body_sentences if story_compact.count(s) != 1]
    assert missing_or_repeated == []


def test_story_texts_hold_nothing_but_the_body_sentences(body_sentences, story_compact):
    assert len(story_compact) == sum(len(sentence) for sentence in body_sentences)


def test_every_story_piece_is_printed_text(edition, raw_compact):
    for article in edition["articles"]:
        for piece in story_pieces(article):
            assert squeeze(piece) in raw_compact, piece[:30]
        for line in article["headline"]:
            assert line in raw_compact


def test_story_pieces_contain_no_whitespace(edition):
    for article in edition["articles"]:
        for piece in story_pieces(article):
            assert not re.search(r"\s", piece), piece[:30]


def test_no_text_has_whitespace_next_to_cjk_except_the_banner_slogan(edition):
    for text in all_strings(edition):
        assert "\n" not in text, text[:30]
        text = text.replace(SLOGAN, squeeze(SLOGAN))
        assert not SPACE_NEXT_TO_CJK.search(text), text[:30]


def test_campaign_banner_keeps_the_slogan_spaces(edition, raw):
    campaign = edition["campaign"]
    assert campaign["banner_text"] == BANNER
    assert campaign["name"] == BANNER
    assert campaign["slogan"] == SLOGAN
    assert squeeze(raw).count(squeeze(BANNER)) == 1


def test_articles_are_in_the_expected_order_and_place(edition):
    placement = [
        (
            article["kind"],
            article["department"],
            article["page"],
            article["page_position"],
            article["is_page_lead"],
        )
        for article in edition["articles"]
    ]
    assert placement == [
        ("news", "市生态环境局", 1, 1, True),
        ("feature", "市生态环境局", 1, 2, False),
        ("case_study", "市区域经济合作局", 2, 1, True),
        ("case_study", "海南区商务局", 2, 2, False),
        ("case_study", "乌达区城市管理综合执法局", 2, 3, False),
    ]
    keys = [article["key"] for article in edition["articles"]]
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", key) for key in keys)
    assert len(set(keys)) == len(keys)


def test_departments_match_the_articles(edition):
    departments = {department["name"]: department for department in edition["departments"]}
    assert list(departments) == [
        "市生态环境局",
        "市区域经济合作局",
        "海南区商务局",
        "乌达区城市管理综合执法局",
    ]
    assert departments["海南区商务局"]["district"] == "海南区"
    assert departments["乌达区城市管理综合执法局"]["district"] == "乌达区"
    assert [d["level"] for d in departments.values()] == [
        "city",
        "city",
        "district",
        "district",
    ]
    for department in departments.values():
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", department["slug"])
    assert {article["department"] for article in edition["articles"]} == set(departments)


def test_kickers_headlines_and_subheadlines_are_as_printed(by_department, articles):
    case_studies = {
        "市区域经济合作局": ["紧扣“三个抓手”", "全力打好“招商”“稳商”组合拳"],
        "海南区商务局": ["打造便民消费圈", "共建高品质美好生活"],
        "乌达区城市管理综合执法局": ["“三个精准”助推", "“地摊经济”“夜市经济”有序发展"],
    }
    for department, headline in case_studies.items():
        article = by_department[department]
        assert article["kicker"] == department + "："
        assert article["headline"] == headline
        assert article["subheadline"] == ""
    news = next(a for a in articles.values() if a["kind"] == "news")
    feature = next(a for a in articles.values() if a["kind"] == "feature")
    assert (news["kicker"], news["headline"], news["subheadline"]) == (
        "",
        ["我市持续压实“十四五”主要污染物减排责任"],
        "",
    )
    assert (feature["kicker"], feature["headline"], feature["subheadline"]) == (
        "",
        ["描绘天蓝地绿水清的宜居画卷"],
        "——我市生态环境建设综述",
    )


def test_news_has_dateline_bylines_and_three_lead_sentences(articles):
    news = next(a for a in articles.values() if a["kind"] == "news")
    assert news["dateline"] == "本报讯"
    assert news["bylines"] == [
        {"name": "曹艺", "role": "reporter"},
        {"name": "赵晓坤", "role": "reporter"},
    ]
    assert news["body"][0]["text"].startswith("2022年5月，《内蒙古自治区“十四五”节能减排综合工作实施方案》")
    assert [block["lead"] for block in news["body"] if block["lead"]] == [
        "紧盯目标任务，深挖减排潜力。",
        "实施清单管理，落实减排项目。",
        "抓好污染防治，提升环境治理。",
    ]
    body = "".join(story_pieces(news))
    assert "曹艺" not in body and "本报讯" not in body
    assert "2022年1至11月均未排水。" in body
    assert "在全市109条道路" in "".join(story_pieces(articles["ecology-review"]))


def test_feature_has_five_headings_and_three_stand_in_photos(articles):
    feature = next(a for a in articles.values() if a["kind"] == "feature")
    assert [block["text"] for block in feature["body"] if block["type"] == "heading"] == [
        "强化大气污染综合治理",
        "推进水生态持续向好",
        "加强土壤和地下水污染防治",
        "深入推进绿色低碳发展",
        "提高环境执法效能",
    ]
    assert feature["body"][0]["type"] == "paragraph"
    assert all(block["type"] == "paragraph" for block in feature["body"][-3:])
    assert [photo["caption"] for photo in feature["photos"]] == [
        "生态宜居。",
        "水清岸绿。",
        "绿色满园。",
    ]
    for photo in feature["photos"]:
        assert "替代图片" in photo["credit"]
        assert photo["alt_text"]
        assert all(re.fullmatch(r"#[0-9A-Fa-f]{6}", color) for color in photo["colors"])
    text = "".join(story_pieces(feature))
    for person in ("市民刘华", "刘环孝", "张海生"):
        assert person in text
    assert "实现“散乱污”企业“动态清零”。" in text


def test_only_the_feature_has_photos_and_only_the_news_has_bylines(edition):
    for article in edition["articles"]:
        assert bool(article["photos"]) == (article["kind"] == "feature")
        assert bool(article["bylines"]) == (article["kind"] == "news")
        assert (article["case_study"] is None) == (article["kind"] != "case_study")
        if article["kind"] == "case_study":
            assert article["body"] == []


def test_practice_leads_are_in_printed_order(by_department):
    expected = {
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
        "乌达区城市管理综合执法局": [
            "一是精准施策，促发展。",
            "二是精准管理，提效能。",
            "三是精准执法，转作风。",
        ],
    }
    for department, leads in expected.items():
        practices = by_department[department]["case_study"]["practices"]
        assert [practice["lead"] for practice in practices] == leads


def test_hainan_lessons_have_three_printed_leads(by_department):
    study = by_department["海南区商务局"]["case_study"]
    assert study["lessons_opening"] == ""
    assert [lesson["lead"] for lesson in study["lessons"]] == [
        "坚持从实际出发的工作原则。",
        "坚持全区一盘棋的工作思路。",
        "坚持为人民服务的初心宗旨。",
    ]
    assert study["practices"][0]["text"].startswith("对华苑社区便民市场")


def test_single_paragraph_lessons_split_at_yifangmian(by_department, raw_compact):
    for department in ("市区域经济合作局", "乌达区城市管理综合执法局"):
        study = by_department[department]["case_study"]
        lessons = study["lessons"]
        assert study["lessons_opening"].startswith("通过开展“转作风、提效能、促发展”")
        assert study["lessons_opening"].endswith("。")
        assert [lesson["lead"][:3] for lesson in lessons] == ["一方面", "另一方"]
        assert lessons[1]["lead"].startswith("另一方面")
        printed = study["lessons_opening"] + "".join(lesson["lead"] + lesson["text"] for lesson in lessons)
        assert printed in raw_compact
        assert printed.endswith("。")


def test_wuda_headline_says_night_market_but_body_says_night_economy(by_department):
    article = by_department["乌达区城市管理综合执法局"]
    body = "".join(story_pieces(article))
    assert "夜市经济" in "".join(article["headline"])
    assert "夜间经济" in body
    assert "夜市经济" not in body


def test_case_study_figures_are_printed_numbers(edition, by_department):
    expected = {
        "市区域经济合作局": [
            ("102", "个", ""),
            ("2660.81", "亿元", "同比增长68%"),
            ("168.24", "亿元", "同比增长104%"),
            ("74", "个", ""),
        ],
        "海南区商务局": [
            ("132", "个", ""),
            ("5", "个", ""),
            ("14", "个", ""),
            ("8", "个", ""),
        ],
        "乌达区城市管理综合执法局": [
            ("17", "处", ""),
            ("800", "余个", ""),
            ("9", "处", ""),
            ("350", "余个", ""),
            ("1000", "余人", ""),
        ],
    }
    for department, figures in expected.items():
        article = by_department[department]
        study = article["case_study"]
        assert study["campaign"] == edition["campaign"]["slug"]
        got = [(figure["value"], figure["unit"], figure["change"]) for figure in study["figures"]]
        assert got == figures
        text = "".join(story_pieces(article))
        for figure in study["figures"]:
            Decimal(figure["value"])
            assert figure["label"]
            assert figure["value"] + figure["unit"] in text
            assert figure["change"] in text
