"""What a check reports (Finding) and what it reads besides the text (ProofingContext)."""

from dataclasses import dataclass, field

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"


@dataclass(frozen=True)
class Finding:
    rule: str
    family: str
    message: str
    start: int
    end: int
    found: str
    suggestion: str | None = None
    blocking: bool = False


@dataclass(frozen=True)
class ProofingContext:
    """What the checks read besides the text: the newsroom's lists and house-style settings.

    preferred: (wrong, right, note) triples; protected: names to be written exactly; banned: (word, replacement,
    note) triples; range_mark: the house mark between the two numbers of a range (GB/T 15834 一字线 "—" by default;
    "～" is the other mark the norm allows; a range written out with 至/到 is prose and never flagged).
    """

    preferred: tuple = ()
    protected: tuple = ()
    banned: tuple = ()
    range_mark: str = "—"
    _indexes: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    def index(self, name, build):
        """An index built once per context (the lists are cached, so once per change of the lists)."""
        if name not in self._indexes:
            self._indexes[name] = build(self)
        return self._indexes[name]


EMPTY = ProofingContext()
