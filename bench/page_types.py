"""The public page types of the benchmark and their render-time targets (issue 6), without Django."""

from dataclasses import dataclass


@dataclass(frozen=True)
class PageType:
    key: str
    label: str
    url_names: tuple
    target_ms: float


PAGE_TYPES = [
    PageType("front", "首页", ("editions:front",), 15),
    PageType("issue", "期次", ("editions:issue",), 15),
    PageType("page", "版面", ("editions:page",), 15),
    PageType("article", "稿件", ("articles:detail",), 8),
    PageType("case_study", "典型案例", ("articles:detail",), 8),
    PageType("department", "部门", ("departments:detail",), 15),
    PageType("departments", "部门列表", ("departments:index",), 15),
    PageType("campaign", "专项活动", ("articles:campaign",), 15),
    PageType(
        "calendar",
        "往期日历",
        ("editions:back_issues_month", "editions:archive_month", "editions:calendar", "editions:archive"),
        15,
    ),
    PageType("search", "搜索", ("search:results",), 50),
    PageType("feed", "订阅源", ("articles:feed_rss", "articles:feed", "feeds:latest", "articles:feed_atom"), 15),
]
