"""
Where the printed stories come from: the generated archive's vocabulary
(bench.archive.words, drawn with a seeded random generator and no database),
and the demo edition (seeds/demo_edition.json), whose stories are printed whole
on the seed pages and may be cut to fit on generated ones.
"""

import json
from pathlib import Path
from types import SimpleNamespace

from bench.archive import words

from .content import Block, PhotoItem, Story, opening_block

DEMO_EDITION = Path(__file__).resolve().parents[2] / "seeds" / "demo_edition.json"
ROLES = {"reporter": "记者", "correspondent": "通讯员", "photographer": "摄影"}
NEWS_SUBHEADLINES = ["{district}{topic}取得阶段性成效", "今年以来累计服务群众{num}人次", "{place}试点经验将在全市推广"]
KICKERS = ["聚焦{topic}", "{district}：", "{dept_short}：", "奋进新征程 建功新时代"]
CASE_SECTIONS = ("一、主要做法", "二、经验启示")


def load_demo_edition(path=DEMO_EDITION):
    return json.loads(Path(path).read_text(encoding="utf-8"))


class Newsroom:
    """The archive's departments and reporters, shaped as words.StoryWriter wants them."""

    def __init__(self):
        self.departments = [
            SimpleNamespace(name=name, display_name=short, district=district, topics=topics)
            for name, short, _slug, _level, district, topics in words.department_rows()
        ]
        self.reporters = words.make_roster()

    def story(self, rng, *, key, day, kind, chars, photos=0, campaign=None, narrow=False):
        """A story of `kind` (news, feature, photo, case_study) with about `chars` characters of body."""
        department = rng.choice(self.departments)
        writer = words.StoryWriter(rng, day=day, department=department, people=self.reporters)
        if kind == "case_study":
            story = self._case_study(rng, writer, key, department, campaign, chars, narrow)
            story.photos = [PhotoItem(writer.caption(), rng.randrange(1 << 30)) for _ in range(photos)]
            return story
        two_lines = rng.random() < (0.2 if kind == "feature" else 0.12)
        headline = writer.headline(two_lines=two_lines).split("\n")
        kicker = subheadline = ""
        if not narrow:
            if rng.random() < (0.4 if kind == "feature" else 0.22):
                kicker = writer.fill(rng.choice(KICKERS))
            if kind == "feature":
                subheadline = writer.subheadline()
            elif rng.random() < 0.12:
                subheadline = writer.fill(rng.choice(NEWS_SUBHEADLINES))
        dateline = "" if kind == "feature" else "本报讯"
        bylines = self._bylines(rng, kind)
        paragraphs = writer.paragraphs(chars)
        blocks = [opening_block(dateline, bylines, [(paragraphs[0], "")])]
        leads = rng.sample(words.PARAGRAPH_LEADS, len(words.PARAGRAPH_LEADS))
        for index, text in enumerate(paragraphs[1:], 1):
            if kind == "feature" and index % 3 == 1 and leads:
                blocks.append(Block(((subhead(leads.pop()), ""),), heading=True))
            elif rng.random() < 0.3 and leads:
                blocks.append(Block(((leads.pop(), "b"), (text, ""))))
                continue
            blocks.append(Block(((text, ""),)))
        captions = [PhotoItem(writer.caption(), rng.randrange(1 << 30)) for _ in range(photos)]
        return Story(key, kind, kicker, headline, subheadline, dateline, bylines, blocks, captions)

    def _bylines(self, rng, kind):
        first = ROLES["photographer" if kind == "photo" else "reporter"]
        people = rng.sample(self.reporters, 2)
        bylines = [f"{first} {people[0]}"]
        roll = rng.random()
        if roll < 0.3:
            bylines.append(f"{ROLES['reporter']} {people[1]}")
        elif roll < 0.45:
            bylines.append(f"{ROLES['correspondent']} {people[1]}")
        return bylines

    def _case_study(self, rng, writer, key, department, campaign, chars, narrow):
        opening, practices, lessons_opening, lessons, _figures = writer.case_study_parts(campaign)
        # The vocabulary's case studies are short; a big slot gets longer practices.
        practices = [[lead, text] for lead, text in practices]
        total = len(opening + lessons_opening) + sum(len(a + b) for a, b in practices + lessons)
        turn = 0
        while total < chars:
            fact = writer.fact()
            practices[turn % len(practices)][1] += fact
            total += len(fact)
            turn += 1
        headline = writer.headline(two_lines=True).split("\n")
        blocks = case_study_blocks(opening, practices, lessons_opening, lessons)
        kicker = "" if narrow else f"{department.name}："
        return Story(key, "case_study", kicker, headline, "", "", [], blocks, [])


def subhead(lead):
    """A paragraph lead (紧盯目标任务，深挖发展潜力。) as an in-body subhead (紧盯目标任务 深挖发展潜力)."""
    return lead.rstrip("。").replace("，", " ")


def case_study_blocks(opening, practices, lessons_opening, lessons):
    """A case study as printed: opening, 一、主要做法 and its practices, 二、经验启示 and its lessons."""
    blocks = [Block(((opening, ""),)), Block(((CASE_SECTIONS[0], ""),), heading=True)]
    blocks += [Block(((lead, "b"), (text, ""))) for lead, text in practices]
    blocks.append(Block(((CASE_SECTIONS[1], ""),), heading=True))
    if lessons_opening:
        blocks.append(Block(((lessons_opening, ""),)))
    blocks += [Block(((lead, "b"), (text, ""))) for lead, text in lessons]
    return blocks


def demo_story(article):
    """One article of demo_edition.json as printed, keyed by its own key."""
    bylines = [f"{ROLES[byline['role']]} {byline['name']}" for byline in article["bylines"]]
    case = article.get("case_study")
    if case:
        practices = [(item["lead"], item["text"]) for item in case["practices"]]
        lessons = [(item["lead"], item["text"]) for item in case["lessons"]]
        blocks = case_study_blocks(case["opening"], practices, case["lessons_opening"], lessons)
    else:
        blocks = []
        for item in article["body"]:
            if item["type"] == "heading":
                blocks.append(Block(((item["text"], ""),), heading=True))
            else:
                lead = ((item["lead"], "b"),) if item.get("lead") else ()
                blocks.append(Block((*lead, (item["text"], ""))))
    first = next(i for i, block in enumerate(blocks) if not block.heading)
    blocks[first] = opening_block(article["dateline"], bylines, blocks[first].runs)
    photos = [
        PhotoItem(photo["caption"], index, tuple(photo.get("colors", ())))
        for index, photo in enumerate(article["photos"])
    ]
    return Story(
        key=article["key"],
        kind=article["kind"],
        kicker=article["kicker"],
        headline=list(article["headline"]),
        subheadline=article["subheadline"],
        dateline=article["dateline"],
        bylines=bylines,
        blocks=blocks,
        photos=photos,
        cuttable=False,
    )


def vocabulary_text(demo=None):
    """Every character the vocabulary and the demo edition can print: the fonts are cut to this."""
    parts = [json.dumps(demo or load_demo_edition(), ensure_ascii=False)]

    def walk(value):
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    for name, value in vars(words).items():
        if name.isupper():
            walk(value)
    walk([NEWS_SUBHEADLINES, KICKERS, CASE_SECTIONS, list(ROLES.values())])
    return "".join(parts)
