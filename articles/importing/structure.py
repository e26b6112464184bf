"""
Recognising a story in repaired print text: headline, dateline, paragraphs,
headings, bylines, and the shape of a case study (opening, practices, lessons).

    story = parse_story(raw_text)
    story.blocks        # [{"type": "paragraph", "lead": ..., "text": ...}, {"type": "heading", ...}]
    story.case_study    # CaseStudyParts or None

Blocks have the shape of seeds/demo_edition.json, so an imported story and the
demo edition are built into HTML by the same function.
"""

import re
from dataclasses import dataclass, field

from .datelines import byline_line, opening, opens_with_dateline, parse_bylines
from .repair import (
    column_width,
    ends_sentence,
    has_clause_punctuation,
    join_lines,
    line_width,
    normalise_newlines,
    remove_stray_spaces,
)

NUMERAL = "一二三四五六七八九十"
SECTION = re.compile(rf"^[{NUMERAL}]{{1,3}}、[^，。；：,;:]{{1,20}}$")  # 一、主要做法
ITEM = re.compile(rf"^[{NUMERAL}]{{1,3}}是")  # 一是……
ASPECT = re.compile(rf"(?:^|(?<=[。！？”]))(另一方面|一方面|[{NUMERAL}]{{1,3}}是)")  # within a paragraph
KICKER = re.compile(r"^[^，。；]{1,30}[：:]$")
SUBHEADLINE = re.compile(r"^(——|—|--)")
# "……做保障。（记者 曹艺）": a byline set at the end of the last paragraph.
BYLINE_AFTER_TEXT = re.compile(r"(?<=[。！？”’」』])\s*[（(【]([^（）()【】]{2,80})[）)】]\s*$")
LEAD_PAIR = re.compile(r"^([\u4e00-\u9fff]{2,8}，[\u4e00-\u9fff]{2,8}。)(?=.)")
FIRST_SENTENCE = re.compile(r"^.*?[。！？]+[”’」』）)》]*")
SHORT_BY = 2  # ems a line must fall short of the column to count as short
MAX_HEADING_CHARS = 30


@dataclass
class CaseStudyParts:
    opening: str = ""
    practices: list = field(default_factory=list)  # [{"lead": ..., "text": ...}]
    lessons_opening: str = ""
    lessons: list = field(default_factory=list)
    section_titles: tuple = ("一、主要做法", "二、经验启示")


@dataclass
class ImportedStory:
    kicker: str = ""
    headline: list = field(default_factory=list)  # one or two lines
    subheadline: str = ""
    dateline: str = ""
    blocks: list = field(default_factory=list)
    case_study: CaseStudyParts | None = None
    bylines: list = field(default_factory=list)  # [{"name": ..., "role": ...}]

    @property
    def headline_text(self):
        return "\n".join(self.headline)

    def body_blocks(self):
        """The story as blocks; a case study is laid out with its two section headings."""
        if self.case_study is None:
            return self.blocks
        study = self.case_study
        blocks = [paragraph(text) for text in study.opening.split("\n") if text]
        if study.practices:
            blocks.append(heading(study.section_titles[0]))
            blocks += [paragraph(item["text"], item["lead"]) for item in study.practices]
        if study.lessons or study.lessons_opening:
            blocks.append(heading(study.section_titles[1]))
            blocks += [paragraph(text) for text in study.lessons_opening.split("\n") if text]
            blocks += [paragraph(item["text"], item["lead"]) for item in study.lessons]
        return blocks


def paragraph(text, lead=""):
    return {"type": "paragraph", "lead": lead, "text": text}


def heading(text):
    return {"type": "heading", "text": text}


@dataclass
class _Unit:
    kind: str  # "paragraph", "heading" (a sub-heading) or "section" (一、……)
    lines: list

    @property
    def text(self):
        return join_lines(self.lines)


# --- from lines to units ---------------------------------------------------------------


def _groups(text):
    """Runs of non-blank lines, as the copy separates them with blank lines."""
    groups, current = [], []
    for line in normalise_newlines(text).split("\n"):
        if line.strip():
            current.append(line.rstrip())
        elif current:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def _is_title_line(line):
    line = line.strip()
    return (
        0 < len(line) <= 40
        and not re.search(r"[，、；。：,;:]$", line)
        and "。" not in line
        and not SECTION.match(line)
        and not ITEM.match(line)
        and not opens_with_dateline(line)
    )


def _is_header_line(line, width):
    """A headline line, or a subheadline; a line with a comma must be short, or it is the body's."""
    if SUBHEADLINE.match(line):
        return True
    return _is_title_line(line) and (not has_clause_punctuation(line) or line_width(line) < width - SHORT_BY)


def _take_header(groups, width):
    """Kicker, headline and subheadline at the top, before the first paragraph."""
    story = ImportedStory()
    while groups:
        lines = [line.strip() for line in groups[0]]
        if not story.headline and not story.kicker and len(lines) == 1 and KICKER.match(lines[0]):
            story.kicker = remove_stray_spaces(lines[0])
            groups.pop(0)
            continue
        if story.headline:
            if all(SUBHEADLINE.match(line) for line in lines):
                story.subheadline = remove_stray_spaces("".join(lines))
                groups.pop(0)
            break
        if len(lines) <= 4 and all(_is_header_line(line, width) for line in lines):
            title, rest = lines, []
        else:
            # The copy lost the blank line after the headline: its lines are
            # clearly shorter than the column (or the dateline follows them)
            # and hold no clause punctuation.
            title, rest = [], list(groups[0])
            while (
                rest[1:]
                and len(title) < 2
                and _is_title_line(rest[0])
                and not has_clause_punctuation(rest[0])
                and (
                    line_width(rest[0]) < width - SHORT_BY
                    or any(opens_with_dateline(line.strip()) for line in rest[1:3])
                )
            ):
                title.append(rest.pop(0).strip())
        if not title:
            break
        story.headline = [remove_stray_spaces(line) for line in title if not SUBHEADLINE.match(line)]
        story.subheadline = remove_stray_spaces("".join(line for line in title if SUBHEADLINE.match(line)))
        groups.pop(0)
        if rest:
            groups.insert(0, rest)
            break
    return story, groups


def _one_paragraph_per_line(groups):
    """Text copied from a word processor or the web: nearly every line ends a sentence."""
    lines = [line for group in groups for line in group]
    return len(lines) > 1 and sum(ends_sentence(line) for line in lines) > 0.6 * len(lines)


def _segments(groups, width):
    """Split each group where a new paragraph or a section heading clearly starts.

    Yields (lines, opens_group, closes_group, is_section).
    """
    unwrapped = _one_paragraph_per_line(groups)
    for group in groups:
        pieces, current = [], []
        for index, raw in enumerate(group):
            line = raw.strip()
            if SECTION.match(remove_stray_spaces(line)):
                if current:
                    pieces.append((current, False))
                pieces.append(([line], True))
                current = []
                continue
            indented = raw.startswith(("  ", "\u3000"))
            if current and (ITEM.match(line) or opens_with_dateline(line) or indented):
                pieces.append((current, False))
                current = []
            current.append(line)
            # A short last line ending a sentence closes its paragraph even
            # when the next one follows without a blank line.
            short = unwrapped or line_width(line) <= width - SHORT_BY
            if index < len(group) - 1 and ends_sentence(line) and short:
                pieces.append((current, False))
                current = []
        if current:
            pieces.append((current, False))
        for position, (lines, is_section) in enumerate(pieces):
            yield lines, position == 0, position == len(pieces) - 1, is_section


def _is_subheading(lines, opens_group, closes_group, width, previous):
    text = join_lines(lines)
    return (
        opens_group
        and closes_group
        and len(lines) <= 2
        and len(text) <= MAX_HEADING_CHARS
        and not has_clause_punctuation(text)
        and all(line_width(line) <= width - SHORT_BY for line in lines)
        and (previous is None or previous.kind != "paragraph" or ends_sentence(previous.text))
    )


def _units(groups, width):
    """Paragraphs with column breaks healed, sub-headings and section headings."""
    units = []
    for lines, opens_group, closes_group, is_section in _segments(groups, width):
        previous = units[-1] if units else None
        if is_section:
            units.append(_Unit("section", lines))
            continue
        dateline = opens_with_dateline(lines[0])
        starts_item = ITEM.match(remove_stray_spaces(lines[0])) or dateline
        if previous and previous.kind == "paragraph" and not ends_sentence(previous.text) and not starts_item:
            previous.lines += lines  # a column break in mid-sentence
        elif not dateline and _is_subheading(lines, opens_group, closes_group, width, previous):
            units.append(_Unit("heading", lines))
        else:
            units.append(_Unit("paragraph", lines))
    return units


# --- from units to a story ---------------------------------------------------------------------


def _bylines(groups):
    """A trailing （曹艺 赵晓坤）, （文/图 曹艺） or "……。（记者 曹艺）" names the people; it leaves the text."""
    if not groups:
        return []
    last = groups[-1][-1]
    bylines = byline_line(last)
    if bylines:
        groups[-1].pop()
    else:
        glued = BYLINE_AFTER_TEXT.search(last)
        bylines = parse_bylines(glued.group(1), role_required=True) if glued else None
        if not bylines:
            return []
        groups[-1][-1] = last[: glued.start()]
    if not groups[-1]:
        groups.pop()
    return bylines


def first_sentence(text):
    match = FIRST_SENTENCE.match(text)
    return match.group() if match and match.end() < len(text) else ""


def _item(text):
    """A practice or lesson: its lead sentence in bold, then the rest."""
    marker = ASPECT.match(text)
    if marker and text[marker.end() : marker.end() + 1] == "，":
        # 一方面，制度机制更加健全，…: the lead is the aspect named after the comma.
        clause = re.match(r"[^，。]*[，。]", text[marker.end() + 1 :])
        lead = text[: marker.end() + 1 + clause.end()] if clause else ""
    else:
        lead = first_sentence(text)
    return {"lead": lead, "text": text[len(lead) :]}


def _news_paragraph(text):
    pair = LEAD_PAIR.match(text)
    lead = pair.group(1) if pair else first_sentence(text) if ITEM.match(text) else ""
    return paragraph(text[len(lead) :], lead)


def _split_at_markers(paragraphs):
    """Paragraphs -> (words before the first marker, one text per 一方面 / 一是 … item).

    Without markers every paragraph is an item. A paragraph without a marker
    after one that had it continues that item.
    """
    if not any(ASPECT.search(text) for text in paragraphs):
        return "", list(paragraphs)
    opening, items = [], []
    for text in paragraphs:
        starts = [match.start() for match in ASPECT.finditer(text)]
        head = text[: starts[0]] if starts else text
        if head and items:
            items[-1] += "\n" + head
        elif head:
            opening.append(head)
        items += [text[start:end] for start, end in zip(starts, [*starts[1:], len(text)], strict=True)]
    return "\n".join(opening), items


def _case_study(units):
    sections = [unit for unit in units if unit.kind == "section"]
    numbers = [unit.text[: unit.text.index("、")] for unit in sections]
    if numbers != ["一", "二"]:
        return None
    first, second = units.index(sections[0]), units.index(sections[1])
    opening, practices, lessons = (
        [unit.text for unit in part if unit.kind != "section"]
        for part in (units[:first], units[first:second], units[second:])
    )
    practices_opening, practices = _split_at_markers(practices)
    lessons_opening, lessons = _split_at_markers(lessons)
    return CaseStudyParts(
        opening="\n".join(part for part in (*opening, practices_opening) if part),
        practices=[_item(text) for text in practices],
        lessons_opening=lessons_opening,
        lessons=[_item(text) for text in lessons],
        section_titles=(sections[0].text, sections[1].text),
    )


def parse_story(text):
    """Raw text copied from the print layout -> an ImportedStory."""
    groups = _groups(text)
    width = column_width([line for group in groups for line in group])
    trailing = _bylines(groups)
    story, groups = _take_header(groups, width)
    units = _units(groups, width)
    # The dateline opens the first paragraph, below any line taken for a heading.
    first = next((index for index, unit in enumerate(units) if unit.kind != "heading"), None)
    opened = None
    if first is not None and units[first].kind == "paragraph":
        raw = "\n".join(units[first].lines)
        opened = opening(raw)
    if opened:
        story.dateline = opened.dateline
        # The spaces that told the names apart are still there: the rest is repaired as any paragraph.
        units[first] = _Unit("paragraph", raw[opened.end :].split("\n"))
        if not units[first].text:
            units.pop(first)
    bylines = [*(opened.bylines if opened else []), *trailing]
    story.bylines = list({(byline["name"], byline["role"]): byline for byline in bylines}.values())
    story.case_study = _case_study(units)
    if story.case_study is None:
        story.blocks = [
            heading(unit.text) if unit.kind != "paragraph" else _news_paragraph(unit.text)
            for unit in units
            if unit.text
        ]
    return story
