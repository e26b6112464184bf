"""Readers and the newsroom search the archive in Chinese: what they find, in what order, and what they never see."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.admin.article import ArticleAdmin
from articles.admin.full_text import full_text_filter
from articles.models import Article, Practice
from search import backends, results
from search.tokens import document_tokens, parse_query

from .factories import make_article, make_case_study, make_department, make_reporter, make_user

pytestmark = pytest.mark.django_db

SEARCH = reverse("search:results")


@pytest.fixture
def indexed_demo(demo_edition):
    """The demo edition with its search index built, as `make run` leaves it."""
    backends.rebuild()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what the code does after commit (re-indexing) when the block ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def found(client, query, **params):
    response = client.get(SEARCH, {"q": query, **params})
    assert response.status_code == 200
    return [hit.article for hit in response.context["hits"]]


def slugs(articles):
    return [article.slug for article in articles]


# --- the demo edition ------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "story"),
    [
        ("招商", "regional-cooperation-investment"),
        ("减排", "emission-reduction"),
        ("夜市", "wuda-street-vendors"),
        ("华苑社区", "hainan-convenience-circle"),
    ],
)
def test_a_two_or_four_character_word_finds_its_story_first(client, indexed_demo, query, story):
    assert slugs(found(client, query))[0] == story


def test_the_department_of_each_case_study_is_the_one_found(client, indexed_demo):
    assert found(client, "招商")[0].department.name == "市区域经济合作局"
    assert found(client, "夜市")[0].department.district == "乌达区"
    assert found(client, "华苑社区")[0].department.district == "海南区"
    assert slugs(found(client, "华苑社区")) == ["hainan-convenience-circle"]


def test_one_character_finds_every_story_holding_it(client, indexed_demo):
    assert set(slugs(found(client, "夜"))) == {"wuda-street-vendors", "hainan-convenience-circle"}


@pytest.mark.parametrize(
    ("query", "stories"),
    [
        ("“十四五”", {"emission-reduction", "ecology-review"}),
        ("BDO", {"ecology-review"}),
        ("bdo", {"ecology-review"}),
        ("ＢＤＯ", {"ecology-review"}),
        ("2660.81", {"regional-cooperation-investment"}),
        ("12345市民服务热线", {"hainan-convenience-circle"}),
        ("夜市 地摊", {"wuda-street-vendors"}),
        ("招商 夜市", set()),
        ('"转作风 提效能"', {"regional-cooperation-investment", "hainan-convenience-circle", "wuda-street-vendors"}),
        ('"华苑社区便民市场"', {"hainan-convenience-circle"}),
        ('"社区华苑"', set()),
        ("曹艺", {"emission-reduction"}),
    ],
)
def test_mixed_queries_words_and_phrases(client, indexed_demo, query, stories):
    assert set(slugs(found(client, query))) == stories


def test_the_page_says_how_many_stories_were_found(client, indexed_demo):
    html = client.get(SEARCH, {"q": "减排"}).content.decode()
    assert "找到 <strong>2</strong> 篇" in html


# --- what readers may see -------------------------------------------------------------


def test_a_draft_is_not_found_by_readers_but_is_by_staff_in_the_admin(client, committed):
    reporter, chief = make_reporter(), make_user(is_superuser=True)
    with committed():
        make_article(live=False, headline="草稿里的独家线索", created_by=reporter)
        make_article(live=False, headline="别人的独家线索")
    assert found(client, "独家线索") == []

    changelist = reverse("admin:articles_article_changelist")
    client.force_login(reporter)
    html = client.get(changelist, {"q": "独家线索"}).content.decode()
    assert "草稿里的独家线索" in html
    assert "别人的独家线索" not in html  # a reporter sees their own drafts, not a colleague's
    client.force_login(chief)
    html = client.get(changelist, {"q": "独家线索"}).content.decode()
    assert "草稿里的独家线索" in html and "别人的独家线索" in html


def test_the_admin_story_search_is_the_full_text_engine():
    assert full_text_filter() is backends.filter_queryset
    assert ArticleAdmin.get_search_results.__module__ == "articles.admin.full_text"


def test_the_admin_search_with_nothing_searchable_finds_nothing(committed):
    with committed():
        make_article(headline="任何稿件")
    assert list(backends.filter_queryset(Article.objects.all(), "+*)")) == []


def test_a_scheduled_story_is_found_once_its_time_comes_without_reindexing(committed):
    now = timezone.now()
    with committed():
        make_article(
            headline="定时发布的夜光跑", status=Article.Status.SCHEDULED, publish_at=now + datetime.timedelta(hours=1)
        )
    assert len(backends.search("夜光跑", now=now)) == 0
    assert len(backends.search("夜光跑", now=now + datetime.timedelta(hours=2))) == 1


def test_a_withdrawn_story_disappears_at_once(client, committed):
    with committed():
        story = make_article(headline="即将撤回的冰雪节")
    assert len(found(client, "冰雪节")) == 1
    Article.objects.filter(pk=story.pk).update(status=Article.Status.WITHDRAWN)  # no signal, no re-index
    assert found(client, "冰雪节") == []


def test_a_story_in_an_edition_not_yet_out_is_not_found(client, committed):
    from .factories import make_issue, make_page

    with committed():
        make_article(headline="明天见报的葡萄节", page=make_page(issue=make_issue(live=False)))
    assert found(client, "葡萄节") == []


def test_the_index_follows_edits_and_deletions_after_commit(client, committed):
    with committed():
        story = make_article(headline="旧标题里的沙湖")
    with committed():
        story.headline = "新标题里的书法城"
        story.save()
    assert found(client, "沙湖") == []
    assert found(client, "书法城") == [story]
    with committed():
        story.delete()
    assert found(client, "书法城") == []
    assert list(backends.filter_queryset(Article.objects.all(), "书法城")) == []


def test_case_study_parts_are_searchable_once_saved(client, committed):
    with committed():
        study = make_case_study()
    with committed():
        Practice.objects.create(case_study=study, lead="一是抓滨河湿地。", text="修复岸线。", position=1)
    assert found(client, "滨河湿地") == [study.article]


def test_nothing_is_indexed_when_the_transaction_rolls_back(client, committed):
    from django.db import transaction

    with committed():
        with pytest.raises(RuntimeError), transaction.atomic():
            make_article(headline="回滚的甘德尔山")
            raise RuntimeError
        make_article(headline="保存的甘德尔山")
    assert [a.headline for a in found(client, "甘德尔山")] == ["保存的甘德尔山"]


# --- ranking and snippets ---------------------------------------------------------------


def test_a_match_in_the_headline_or_kicker_ranks_above_one_in_the_body(client, committed):
    with committed():
        in_body = make_article(headline="一篇综述", body="<p>葡萄酒庄。葡萄酒庄。葡萄酒庄在乌海。</p>")
        in_kicker = make_article(headline="秋收", kicker="葡萄酒庄：")
        in_headline = make_article(headline="葡萄酒庄迎来游客")
    assert found(client, "葡萄酒庄")[-1] == in_body
    assert set(found(client, "葡萄酒庄")[:2]) == {in_headline, in_kicker}


def test_snippets_mark_the_words_and_escape_the_story_text(client, committed):
    with committed():
        make_article(
            headline="<b>招商</b>引资",
            body="<p>开头的话。全力打好“招商”组合拳，&lt;script&gt;alert(1)&lt;/script&gt;不会执行。</p>",
        )
    html = client.get(SEARCH, {"q": "招商"}).content.decode()
    assert "全力打好“<mark>招商</mark>”组合拳" in html
    assert "&lt;b&gt;<mark>招商</mark>&lt;/b&gt;引资" in html
    assert "&lt;script&gt;alert(1)" in html
    html = client.get(SEARCH, {"q": "<script>招商"}).content.decode()
    assert "&lt;<mark>script</mark>&gt;alert(1)" in html
    assert "<script>" not in html


def test_a_long_story_gives_a_short_snippet_around_the_word(client, committed):
    with committed():
        make_article(
            headline="长文", body="<p>" + "铺垫的文字。" * 100 + "这里提到了乌海湖。" + "收尾。" * 100 + "</p>"
        )
    hit = client.get(SEARCH, {"q": "乌海湖"}).context["hits"][0]
    assert "<mark>乌海湖</mark>" in hit.snippet
    assert hit.snippet.startswith("……") and hit.snippet.endswith("……")  # the Chinese ellipsis, both ends
    assert len(hit.snippet) < 200


# --- filters and pages ----------------------------------------------------------------------


def test_filters_by_department_kind_and_date(client, committed):
    ecology, water = make_department(), make_department()
    day = timezone.make_aware(datetime.datetime(2024, 3, 10, 6, 0))
    with committed():
        news = make_article(headline="湿地保护新闻", department=ecology, publish_at=day)
        feature = make_article(headline="湿地保护通讯", department=water, kind=Article.Kind.FEATURE, publish_at=day)
        later = make_article(headline="湿地保护后续", department=ecology, publish_at=day + datetime.timedelta(days=30))
    assert set(found(client, "湿地", department=ecology.slug)) == {news, later}
    assert found(client, "湿地", kind="feature") == [feature]
    assert set(found(client, "湿地", date_from="2024-03-10", date_to="2024-03-10")) == {news, feature}
    assert found(client, "湿地", date_from="2024-04-01") == [later]


def test_a_filter_the_reader_got_wrong_is_reported_and_left_out(client, committed):
    with committed():
        make_article(headline="湿地保护新闻")
    response = client.get(SEARCH, {"q": "湿地", "date_from": "不是日期", "department": "no-such", "kind": "x"})
    assert response.status_code == 200
    assert len(response.context["hits"]) == 1
    assert response.context["form"].errors
    response = client.get(SEARCH, {"q": "湿地", "date_from": "2024-05-01", "date_to": "2024-04-01"})
    assert "截止日期不能早于起始日期" in response.content.decode()


def test_results_come_a_page_at_a_time(client, committed):
    with committed():
        for n in range(25):
            make_article(headline=f"第{n}条黄河新闻")
    first = client.get(SEARCH, {"q": "黄河"})
    assert len(first.context["hits"]) == 20
    assert "找到 <strong>25</strong> 篇" in first.content.decode()
    assert "page=2" in first.content.decode()
    second = client.get(SEARCH, {"q": "黄河", "page": 2})
    assert len(second.context["hits"]) == 5
    assert not {a.pk for a in (h.article for h in first.context["hits"])} & {
        h.article.pk for h in second.context["hits"]
    }
    for page in ("abc", "999", "-1", "0"):
        assert client.get(SEARCH, {"q": "黄河", "page": page}).status_code == 200


def test_a_word_in_more_stories_than_the_window_lists_the_newest_and_says_so(client, committed, monkeypatch):
    monkeypatch.setattr(results, "RESULT_WINDOW", 3)
    with committed():
        stories = [make_article(headline=f"第{n}条防汛消息") for n in range(5)]
    response = client.get(SEARCH, {"q": "防汛"})
    assert {hit.article for hit in response.context["hits"]} == set(stories[-3:])
    assert "超过 <strong>3</strong> 篇" in response.content.decode()


def test_older_matches_are_found_behind_many_newer_ones_readers_may_not_see(client, committed, monkeypatch):
    monkeypatch.setattr(results, "RESULT_WINDOW", 3)
    with committed():
        older = [make_article(headline=f"第{n}条春耕消息") for n in range(3)]
        for n in range(20):
            make_article(headline=f"第{n}条撤下的春耕稿件", status=Article.Status.WITHDRAWN)
    response = client.get(SEARCH, {"q": "春耕"})
    assert {hit.article for hit in response.context["hits"]} == set(older)
    assert "找到 <strong>3</strong> 篇" in response.content.decode()


def test_the_search_page_costs_a_fixed_number_of_queries(client, committed):
    with committed():
        for n in range(15):
            study = make_case_study(article=make_article(headline=f"第{n}个口袋公园", department=make_department()))
            Practice.objects.create(case_study=study, lead="一是建公园。", text="口袋公园。")
    client.get(SEARCH, {"q": "公园"})  # a running server has looked up the index's partitions once already
    for filters in ({}, {"department": study.article.department.slug}):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(SEARCH, {"q": "口袋公园", **filters})
        assert response.status_code == 200 and response.context["hits"], filters
        # Savepoints are the test's own transaction around the search's.
        sent = [query["sql"] for query in queries if not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]
        assert len(sent) <= 10, sent


# --- hostile and odd input ----------------------------------------------------------------------

HOSTILE = [
    "",
    " ",
    "招" * 10_000,
    "a" * 10_000,
    '"',
    '""""',
    '"招商',
    "“招商",
    "AND OR NOT NEAR",
    "招商 AND",
    "NEAR(招商 夜市, 2)",
    "*",
    "招*",
    "^招商",
    "title:招商",
    "{title}: 招商",
    "(招商",
    "招商)",
    "-招商",
    "招商 -夜市",
    "'; DROP TABLE articles_article; --",
    "1' OR '1'='1",
    "招商' || '",
    "\\",
    "%_%",
    "😀🎉",
    "招商😀",
    "<script>alert(1)</script>",
    "&amp;",
    "：；，。！？",
    "'':*",
    "!!招商 & | <->",
]


@pytest.mark.parametrize("query", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_queries_give_a_normal_page(client, indexed_demo, query):
    response = client.get(SEARCH, {"q": query, "page": "2"})
    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.text(
        alphabet=st.sampled_from("招商夜市华苑社区\"“”*^:()-+{}[]'\\;%_ ANDORNEAR.0123456789aZ😀\u3000"), max_size=30
    )
)
def test_any_text_is_a_query_the_database_accepts(indexed_demo, text):
    assert backends.search(text).count() >= 0
    assert backends.filter_queryset(Article.objects.all(), text).count() >= 0


def test_a_nul_character_is_refused_or_ignored_never_an_error(client, indexed_demo):
    assert client.get(SEARCH, {"q": "招商\x00"}).status_code in (200, 400)


def test_operators_are_searched_as_words_not_obeyed(client, indexed_demo):
    assert slugs(found(client, "招商 OR 夜市")) == []  # "or" is a word no story holds
    assert slugs(found(client, "招商)")) == ["regional-cooperation-investment"]


def test_an_empty_query_asks_for_a_word(client, indexed_demo):
    response = client.get(SEARCH)
    assert response.status_code == 200
    assert "请输入要查找的词语" in response.content.decode()
    assert "请输入要查找的词语" not in client.get(SEARCH, {"q": "招商"}).content.decode()


def test_a_very_long_query_is_cut_not_refused(client, indexed_demo):
    response = client.get(SEARCH, {"q": "华苑社区" + "。" * 20_000})
    assert response.status_code == 200
    assert slugs(hit.article for hit in response.context["hits"]) == ["hainan-convenience-circle"]


# --- tokens and the rebuild command ----------------------------------------------------------------


def test_chinese_is_indexed_as_bigrams_and_latin_words_and_numbers_whole():
    assert document_tokens("华苑社区BDO 2660.81亿元") == ["华苑", "苑社", "社区", "区", "bdo", "2660.81", "亿元", "元"]


def test_queries_only_ever_hold_our_own_tokens():
    query = parse_query('"; DROP TABLE x; -- 招商*')
    assert [term.tokens for term in query.terms] == [("drop",), ("table",), ("x",), ("招商",)]


def test_rebuild_command_indexes_every_story(demo_edition, client):
    assert found(client, "招商") == []  # built inside this test's transaction: nothing committed yet
    call_command("rebuild_search_index", "--no-progress", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert slugs(found(client, "招商")) == ["regional-cooperation-investment"]
    assert backends.index_size() > 0
