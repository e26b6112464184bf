"""
Which requests come from robots, by their user agent: their beacons are not counted.

Search engines that run scripts (Googlebot, bingbot, Baiduspider's renderer)
would send the beacon like any reader. The list names the crawlers that
matter to a Chinese site, then the words every other crawler puts in its
name, then the command-line tools people script against a site. It does
NOT name HeadlessChrome: the browser tests read the site in headless
Chromium and expect their views counted, and a crawler that calls itself
only HeadlessChrome is indistinguishable from a reader anyway. An empty
user agent is a script, not a browser.
"""

import re

NAMED_CRAWLERS = (
    "Baiduspider",
    "Sogou",  # Sogou web spider, Sogou inst spider
    "360Spider",
    "HaosouSpider",
    "YisouSpider",  # Shenma (UC)
    "Bytespider",  # ByteDance / Toutiao
    "Googlebot",
    "bingbot",
    "YandexBot",
    "DuckDuckBot",
    "Applebot",
    "PetalBot",  # Huawei
)
GENERIC_WORDS = ("bot", "spider", "crawl", "slurp", "scraper", "fetcher", "facebookexternalhit")
TOOLS = ("curl/", "wget/", "python-requests", "python-urllib", "go-http-client", "okhttp", "libwww-perl", "scrapy")

_ROBOT = re.compile("|".join(re.escape(word) for word in (*NAMED_CRAWLERS, *GENERIC_WORDS, *TOOLS)), re.IGNORECASE)


def is_robot(user_agent):
    return not user_agent or _ROBOT.search(user_agent) is not None
