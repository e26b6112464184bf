"""
The proofreading checks (proofing): each family on sentences written from the norms and from newsroom errors
(tests/proofing_corpus.py), the seed page, the newsroom's lists, and suggestions that fix what they flag.
"""

import re
from pathlib import Path

import pytest

from proofing import Finding, ProofingContext, check_html, check_text, lists_for_checking, plain_text
from proofing.checks import CJK

from .proofing_corpus import FAMILY_OF_PREFIX, corpus_context, labelled

LISTS = ProofingContext(
    preferred=(("十四五", "“十四五”", "五年规划的简称加引号"),),
    protected=("市人力资源和社会保障局", "市生态环境局", "海南区商务局"),
    banned=(("屌丝", "", "粗俗用语"),),
)


def rules(text, **kwargs):
    return [(f.rule, f.found) for f in check_text(text, **kwargs)]


def test_a_finding_is_a_frozen_dataclass_with_the_span_it_found():
    text = "我市的的经济"
    (finding,) = check_text(text)
    assert isinstance(finding, Finding)
    assert (finding.rule, finding.family, finding.start, finding.end) == ("rep.char", "repeats", 2, 4)
    assert finding.found == text[finding.start : finding.end] == "的的"
    assert finding.suggestion == "的" and not finding.blocking and finding.message
    with pytest.raises(AttributeError):
        finding.rule = "x"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("会议指出,要进一步做好工作。", [("punct.halfwidth", ",")]),
        ("圆周率约为3.14，全市有12,000多户。", []),
        ("详见www.wuhai.gov.cn网站。", []),
        ("他说：“要把‘放管服’改革落到实处。”", []),
        ("他说：“要把“放管服”改革落到实处。”", [("punct.nesting", "“")]),
        ("印发了《方案》和《意见。", [("punct.unbalanced", "《")]),
        ("工作推进有力，，成效明显。", [("punct.doubled", "，，")]),
        ("太好了！！", []),
        ("还有很多……", []),
        ("还有很多。。。", [("punct.ellipsis", "。。。")]),
        ("还有很多…", [("punct.ellipsis", "…")]),
        ("一刻钟生活圈——便民利民", []),
        ("一刻钟生活圈—便民利民", [("punct.dash", "—")]),
        ("今年1—11月", []),
        ("全市 经济运行平稳", [("punct.space", " ")]),
    ],
)
def test_punctuation(text, expected):
    assert rules(text) == expected


def test_a_headline_may_separate_two_phrases_with_a_space():
    assert rules("转作风 提效能", kind="headline") == []
    assert rules("转作风 提效能", kind="body") == [("punct.space", " ")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("２０２２年", [("num.fullwidth", "２０２２")]),
        ("2022年和二〇二三年", [("num.mixed_year", "二〇二三年")]),
        ("今年1-11月，全市", [("num.range", "-")]),
        ("今年1至11月，全市", []),
        ("增长百分之五，占比5%", [("num.percent", "百分之五")]),
        ("共计1,200人", [("num.separator", "1,200")]),
        ("共计12,000人", []),
    ],
)
def test_numbers(text, expected):
    assert rules(text) == expected


LEGITIMATE = (
    "看看 试试 常常 天天 人人 渐渐 谢谢 星星 妈妈 爸爸 宝宝 哥哥 姐姐 弟弟 妹妹 刚刚 仅仅 稍稍 默默 纷纷 往往 "
    "偏偏 处处 年年 家家户户 一一 明明 轻轻 慢慢 好好 大大 多多 久久 紧紧 深深 高高 "
    "的的确确 不了了之 实事求是是 为了了解 "
    "研究研究 一个一个 市市长"
)


@pytest.mark.parametrize("word", LEGITIMATE.split())
def test_legitimate_reduplication_is_not_flagged(word):
    assert rules(f"我们{word}工作") == []


@pytest.mark.parametrize(("text", "found"), [("我的的书", "的的"), ("来了了。", "了了"), ("这是是我市", "是是")])
def test_repeated_function_words(text, found):
    assert rules(text) == [("rep.char", found)]


def test_repeated_words():
    assert rules("我市我市经济") == [("rep.word", "我市我市")]


def test_traditional_characters_are_flagged_one_by_one_with_the_simplified_one():
    findings = check_text("這個發展")
    assert [(f.found, f.suggestion) for f in findings] == [("這", "这"), ("個", "个"), ("發", "发")]
    assert {f.family for f in findings} == {"traditional"}


def test_confusables():
    (finding,) = check_text("要再接再励。")
    assert (finding.rule, finding.found, finding.suggestion) == ("conf.word", "再接再励", "再接再厉")
    assert rules("既使用了新设备，又") == []


def test_a_banned_word_is_blocking():
    (finding,) = check_text("不要自称屌丝。", context=LISTS)
    assert finding.blocking and finding.family == "banned"
    assert all(not f.blocking for f in check_text("的的，，這再接再励", context=LISTS))


def test_a_preferred_form_gives_its_suggestion_and_is_not_flagged_inside_itself():
    (finding,) = check_text("落实十四五规划", context=LISTS)
    assert (finding.family, finding.suggestion) == ("house_style", "“十四五”")
    assert check_text("落实“十四五”规划", context=LISTS) == []


def test_a_department_name_with_one_character_wrong_is_flagged():
    (finding,) = check_text("市人力资源与社会保障局表示", context=LISTS)
    assert (finding.family, finding.found, finding.suggestion) == (
        "names",
        "市人力资源与社会保障局",
        "市人力资源和社会保障局",
    )
    assert check_text("市人力资源和社会保障局表示", context=LISTS) == []
    # A district's office of the same name is no near miss: names under six characters are not compared.
    assert check_text("海南区商务局和乌达区商务局", context=LISTS) == []


def test_check_html_reports_offsets_into_the_plain_text():
    html = "<p>要再接再励。</p><p>這&amp;那</p>"
    text = plain_text(html)
    assert text == "要再接再励。\n這&那"
    assert [text[f.start : f.end] for f in check_html(html)] == ["再接再励", "這"]


@pytest.fixture
def lists_reloaded_after():
    """The rows this test writes are rolled back, which sends no signal: forget the lists it loaded."""
    from proofing.lists import lists_changed

    lists_changed()
    yield
    lists_changed()


@pytest.mark.django_db
def test_the_newsrooms_lists_are_seeded_cached_and_reloaded_when_they_change(lists_reloaded_after):
    from departments.models import Department
    from proofing.models import BannedWord

    lists = lists_for_checking()
    assert lists is lists_for_checking()
    assert ("十四五", "“十四五”", "五年规划的简称加引号") in lists.preferred
    assert any(word == "屌丝" for word, _, _ in lists.banned)
    BannedWord.objects.create(word="某禁用词")
    assert [f.rule for f in check_text("出现某禁用词", context=lists_for_checking())] == ["banned.word"]
    Department.objects.create(name="市人力资源和社会保障局", slug="rsj")
    (finding,) = check_text("市人力资源与社会保障局", context=lists_for_checking())
    assert finding.rule == "name.near_miss"


# The corpus, family by family ------------------------------------------------------------------------------------

CORPUS = labelled()
CONTEXT = corpus_context()
FAMILIES = sorted(FAMILY_OF_PREFIX.values())


def test_the_corpus_is_large_and_has_errors_of_every_family_and_many_correct_sentences():
    assert len(CORPUS) >= 300
    assert sum(not labels for _, labels in CORPUS) >= 150
    assert {family for _, labels in CORPUS for _, family, _, _ in labels} == set(FAMILIES)


@pytest.mark.parametrize("family", FAMILIES)
def test_every_labelled_error_of_a_family_is_found_and_nothing_else(family):
    missed, wrong = [], []
    for text, labels in CORPUS:
        expected = {(rule, start, end) for rule, fam, start, end in labels if fam == family}
        found = {(f.rule, f.start, f.end) for f in check_text(text, context=CONTEXT) if f.family == family}
        missed += [(text, text[s:e], rule) for rule, s, e in expected - found]
        wrong += [(text, text[s:e], rule) for rule, s, e in found - expected]
    assert not missed, f"not found: {missed}"
    assert not wrong, f"found where there is no error: {wrong}"


def test_suggestions_applied_to_the_text_fix_what_they_flag():
    fixed = 0
    for text, _ in CORPUS:
        for finding in check_text(text, context=CONTEXT):
            if finding.suggestion is None:
                continue
            corrected = text[: finding.start] + finding.suggestion + text[finding.end :]
            again = check_text(corrected, context=CONTEXT)
            end = finding.start + len(finding.suggestion)
            same = [
                f
                for f in again
                if f.rule == finding.rule and f.start < max(end, finding.start + 1) and f.end > finding.start
            ]
            assert not same, (text, finding, corrected, same)
            fixed += 1
    assert fixed >= 120


def test_errors_without_a_safe_suggestion_have_none():
    (finding,) = check_text("他说：“我们要把好事办好。")
    assert finding.rule == "punct.unbalanced" and finding.suggestion is None


# The seed page ---------------------------------------------------------------------------------------------------

SEED = (Path(__file__).resolve().parent.parent / "seeds" / "000_871d32ec14f82eb6.txt").read_text(encoding="utf-8")
LETTER_SPACED = re.compile(f"[{CJK}“”、，。]( [{CJK}“”、，。]){{2,}}")


def seed_sentences():
    """The seed page's text, lines joined (the PDF's line breaks fall inside words), cut after 。！？ outside quotes."""
    text, sentences, start, depth = SEED.replace("\n", ""), [], 0, 0
    for at, char in enumerate(text):
        depth += {"“": 1, "”": -1}.get(char, 0)
        if char in "。！？" and depth <= 0:
            sentences.append(text[start : at + 1].strip())
            start = at + 1
    sentences.append(text[start:].strip())
    return [s for s in sentences if s]


def documented(sentence, finding):
    """Why a finding on the seed page is a real issue, or None."""
    if finding.rule == "house.preferred" and sentence[finding.start - 4 : finding.start] == "《乌海市":
        return "the plan's title writes 十四五 without the quotes house style gives it: 《乌海市“十四五”……规划》"
    if finding.rule == "punct.space":
        if any(m.start() - 4 < finding.start < m.end() + 4 for m in LETTER_SPACED.finditer(sentence)):
            return "a line justified by letter-spacing in the PDF (1 至 11 月 均 未 排 水): spaces in body text"
        if "“" in sentence[finding.start - 1 : finding.end + 1] or "”" in sentence[finding.start - 1 : finding.end + 1]:
            return "spaces inside quotation marks (“ 散乱污 ”, “ 动态清零”)"
        if sentence[finding.start - 3 : finding.end + 6] in ("转作风 提效能 促发", "提效能 促发展”作 "):
            return "the headline “转作风 提效能 促发展” run into the text (as a headline it raises nothing, below)"
        if sentence[finding.start - 2 : finding.end + 2] == "综述 生态":
            return "two headings run together when the page's lines are joined (……建设综述 生态宜居), as one headline"
    return None


def test_the_seed_page_raises_nothing_but_its_real_issues():
    sentences = seed_sentences()
    assert len(sentences) > 80
    undocumented, reasons = [], set()
    for sentence in sentences:
        for finding in check_text(sentence, context=CONTEXT):
            reason = documented(sentence, finding)
            if reason:
                reasons.add(reason)
            else:
                undocumented.append((finding.rule, finding.found, sentence))
    assert not undocumented
    assert len(reasons) == 5
    for headline in ("全市“转作风 提效能 促发展”作风建设集中整顿", "——我市生态环境建设综述 生态宜居"):
        assert check_text(headline, context=CONTEXT, kind="headline") == []


# The lists in the admin ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_editors_keep_the_lists_in_the_admin_and_reporters_may_only_view_them(client, lists_reloaded_after):
    from django.contrib.auth.models import Group, User
    from reversion.models import Version

    from proofing.models import BannedWord

    editor = User.objects.create_user("bianji", password="x", is_staff=True)
    editor.groups.add(Group.objects.get(name="编辑"))
    reporter = User.objects.create_user("jizhe", password="x", is_staff=True)
    reporter.groups.add(Group.objects.get(name="记者"))

    client.force_login(editor)
    for model in ("preferredform", "protectedname", "bannedword"):
        assert client.get(f"/admin/proofing/{model}/").status_code == 200
    assert "屌丝" in client.get("/admin/proofing/bannedword/?q=屌").content.decode()
    response = client.post("/admin/proofing/bannedword/add/", {"word": "新禁用词", "replacement": "", "note": ""})
    assert response.status_code == 302
    added = BannedWord.objects.get(word="新禁用词")
    assert Version.objects.get_for_object(added).count() == 1  # django-reversion keeps every change

    client.force_login(reporter)
    assert client.get("/admin/proofing/bannedword/").status_code == 200
    assert client.get("/admin/proofing/bannedword/add/").status_code == 403
