"""
What a story prints: its head (kicker, headline lines, subheadline), its body as
blocks of styled runs, and its photos' captions.

A block is a paragraph or an in-body subhead. The printed text of a block is the
concatenation of its runs; offsets into a block are offsets into that text, the
unit in which the browser reports line breaks and in which the generator cuts a
story short (only after a sentence) or splits it between columns (only at a line).
"""

from dataclasses import dataclass, field, replace

# The credit a Chinese paper prints at the head of a story: the dateline, then
# the bylines in full-width parentheses, e.g. 本报讯（记者 张三 记者 李四）.
# Without bylines an ideographic space separates the dateline from the text.
IDEOGRAPHIC_SPACE = "\u3000"
SENTENCE_ENDS = "。！？"
CLOSERS = "”’）》」』】"


@dataclass(frozen=True)
class Block:
    """One paragraph (or subhead) as runs of (text, style): style "" plain, "b" bold lead, "d" credit."""

    runs: tuple
    heading: bool = False

    @property
    def text(self):
        return "".join(text for text, _style in self.runs)

    @property
    def floor(self):
        """Offsets a cut may not come before: the credit belongs with the story's first sentence."""
        return len(self.runs[0][0]) if self.runs and self.runs[0][1] == "d" else 0

    def runs_between(self, start, end):
        """The runs of text[start:end], styles kept."""
        out, position = [], 0
        for text, style in self.runs:
            lo, hi = max(start, position), min(end, position + len(text))
            if lo < hi:
                out.append((text[lo - position : hi - position], style))
            position += len(text)
        return tuple(out)

    def prefix(self, end):
        return replace(self, runs=self.runs_between(0, end))

    def sentence_ends(self):
        """Offsets just after each sentence (its closing quotes and brackets included) past the credit."""
        text, ends = self.text, []
        for index, char in enumerate(text):
            if char in SENTENCE_ENDS:
                end = index + 1
                while end < len(text) and text[end] in CLOSERS:
                    end += 1
                if end > self.floor and (not ends or ends[-1] != end):
                    ends.append(end)
        return ends


@dataclass
class PhotoItem:
    caption: str
    seed: int
    colors: tuple = ()  # (sky, ground) of the demo edition's stand-ins; drawn freely when empty


@dataclass
class Story:
    key: str
    kind: str
    kicker: str
    headline: list
    subheadline: str
    dateline: str
    bylines: list
    blocks: list
    photos: list = field(default_factory=list)
    # Drawn for the page, so it may be cut short to fit; the demo's stories are printed whole.
    cuttable: bool = True

    def all_text(self):
        parts = [self.kicker, *self.headline, self.subheadline]
        parts += [block.text for block in self.blocks]
        parts += [photo.caption for photo in self.photos]
        return "".join(parts)


def credit(dateline, bylines):
    """The credit that opens a story's first paragraph (see the package docstring)."""
    names = f"（{' '.join(bylines)}）" if bylines else ""
    if dateline and not names:
        return dateline + IDEOGRAPHIC_SPACE
    return dateline + names


def opening_block(dateline, bylines, runs):
    """The first paragraph: the credit as a run of its own, then the paragraph's runs."""
    head = credit(dateline, bylines)
    return Block(((head, "d"), *runs) if head else tuple(runs))


def em_width(text):
    """An upper bound of `text`'s width in ems: ideographs and full-width marks are 1, Latin narrower."""
    width = 0.0
    for char in text:
        if char == " ":
            width += 0.34
        elif char.isascii():
            width += 0.8 if char.isupper() or char in "%@&#W" else 0.62
        else:
            width += 1.0
    return width
