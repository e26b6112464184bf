"""Finding many literal words in a text at once: words indexed by their first two characters, one dict look-up
per position (faster in CPython than a regex alternation of hundreds of words)."""


class WordIndex:
    def __init__(self, words):
        self.by_head = {}
        self.singles = set()
        for word in sorted(set(words), key=len, reverse=True):
            if len(word) == 1:
                self.singles.add(word)
            elif word:
                self.by_head.setdefault(word[:2], []).append(word)

    def __bool__(self):
        return bool(self.by_head or self.singles)

    def finditer(self, text):
        """(start, word) for each occurrence, longest word first at a position; matches do not overlap."""
        by_head, singles = self.by_head, self.singles
        at, end = 0, len(text)
        while at < end:
            for word in by_head.get(text[at : at + 2], ()):
                if text.startswith(word, at):
                    yield at, word
                    at += len(word)
                    break
            else:
                if text[at] in singles:
                    yield at, text[at]
                at += 1
