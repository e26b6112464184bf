"""
Cutting Chinese text into searchable tokens, the way Lucene's CJK analyzer does.

Chinese has no spaces between words and the commonest query is a two-character
word, so every run of CJK characters is indexed as overlapping bigrams
(华苑社区 -> 华苑 苑社 社区) and the run's last character on its own, which lets
a one-character query match any character as a prefix. Latin words and numbers
stay whole (BDO, 2660.81, 12345). Both databases index these tokens as plain
space-separated words, so the text search of either never has to understand
Chinese.
"""

import re
import unicodedata
from dataclasses import dataclass

# Han ideographs (with extensions and compatibility forms), kana and hangul.
CJK_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af\U00020000-\U0003134f"
TOKEN = re.compile(rf"([{CJK_CHARS}]+)|([a-z0-9]+(?:\.[0-9]+)*)")
QUOTED = re.compile(r"[\"“”「」『』]([^\"“”「」『』]*)[\"“”「」『』]")

# Raised whenever the tokens cut from the same text change: a copy of an index
# cut by another version is not loaded (search.backends.copy_in), it is rebuilt.
TOKENS_VERSION = 1

MAX_QUERY_CHARS = 100
MAX_QUERY_TOKENS = 32


def normalise(text):
    """Full-width letters and digits become ASCII, and case is folded."""
    return unicodedata.normalize("NFKC", text).casefold()


def _runs(text):
    """(kind, text) for each CJK run and each Latin word or number, in order."""
    for cjk, word in TOKEN.findall(normalise(text)):
        yield ("cjk", cjk) if cjk else ("word", word)


def bigrams(run):
    return [run[i : i + 2] for i in range(len(run) - 1)]


def document_tokens(text):
    """The tokens to index for `text`, in order, so that phrases can match."""
    tokens = []
    # The hot loop of indexing an archive: findall and map keep it in C.
    for cjk, word in TOKEN.findall(normalise(text)):
        if cjk:
            tokens.extend(map(str.__add__, cjk[:-1], cjk[1:]))
            tokens.append(cjk[-1])
        else:
            tokens.append(word)
    return tokens


def document_text(*parts):
    """The tokens of several parts as one space-separated string for the index."""
    return " ".join(token for part in parts if part for token in document_tokens(part))


@dataclass(frozen=True)
class Term:
    """Tokens that must all occur; in order and next to each other when `phrase`.

    `prefix` marks the last token as a prefix: a lone CJK character matches
    every bigram that starts with it.
    """

    tokens: tuple
    phrase: bool = False
    prefix: bool = False


@dataclass(frozen=True)
class Query:
    terms: tuple
    needles: tuple  # what to highlight: the runs and words as the reader typed them
    fallback_needles: tuple  # the bigrams, for stories that hold the words apart

    def __bool__(self):
        return bool(self.terms)


def _unquoted_terms(text):
    terms = []
    for kind, run in _runs(text):
        if kind == "cjk" and len(run) == 1:
            terms.append(Term((run,), prefix=True))
        elif kind == "cjk":
            terms.extend(Term((bigram,)) for bigram in bigrams(run))
        else:
            terms.append(Term((run,)))
    return terms


def _phrase_term(text):
    runs = list(_runs(text))
    tokens = []
    for position, (kind, run) in enumerate(runs):
        last = position == len(runs) - 1
        if kind != "cjk" or len(run) == 1:
            tokens.append(run)
        else:
            # Inside the phrase the run's last character follows its bigrams in
            # the index too; at the end of the phrase the story's run may go on.
            tokens.extend(bigrams(run) if last else [*bigrams(run), run[-1]])
    if not tokens:
        return []
    prefix = runs[-1][0] == "cjk" and len(runs[-1][1]) == 1
    if len(tokens) == 1:
        return [Term(tuple(tokens), prefix=prefix)]
    return [Term(tuple(tokens), phrase=True, prefix=prefix)]


def parse_query(raw):
    """A reader's query -> a Query of terms that must all match (AND).

    Text in quotes is a phrase; other words only need to occur. Anything else
    the reader typed (operators, SQL, emoji) is not a token and is dropped, so
    the database only ever sees tokens we made.
    """
    text = (raw or "")[:MAX_QUERY_CHARS]
    terms = [term for phrase in QUOTED.findall(text) for term in _phrase_term(phrase)]
    terms += _unquoted_terms(QUOTED.sub(" ", text))
    unique = list(dict.fromkeys(terms))
    kept, count = [], 0
    for term in unique:
        if count + len(term.tokens) > MAX_QUERY_TOKENS:
            break
        kept.append(term)
        count += len(term.tokens)
    runs = list(_runs(text))
    needles = tuple(sorted({run for _kind, run in runs}, key=len, reverse=True))
    fallback = {bigram for kind, run in runs if kind == "cjk" for bigram in bigrams(run)}
    fallback = tuple(sorted(fallback - set(needles)))
    return Query(terms=tuple(kept), needles=needles, fallback_needles=fallback)
