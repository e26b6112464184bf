"""
Lists too long to count, a page at a time: 较新 / 较早 links instead of "第 3 / 412 页".

Counting a department's ten years of stories reads every one of them, on every
visit. Fetching one row beyond the page tells whether there is an older page
for the price of the page itself, so a page costs the same on the first day of
the paper and in its tenth year. The URLs stay `?page=N`.
"""

from dataclasses import dataclass

from django.http import Http404

# An offset the database cannot even hold is past the end of any list.
MAX_OFFSET = 2**62


@dataclass(frozen=True)
class ListPage:
    """One page of a long list (not a newspaper page: that is editions.models.Page)."""

    number: int
    object_list: list
    has_next: bool
    base: str  # the list's own address, its first page

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def has_other_pages(self):
        return self.has_previous or self.has_next

    @property
    def url(self):
        """This page's address: the canonical link."""
        return self._url(self.number)

    @property
    def previous_url(self):
        return self._url(self.number - 1)

    @property
    def next_url(self):
        return self._url(self.number + 1)

    def _url(self, number):
        return self.base if number == 1 else f"{self.base}?page={number}"


def page_number(value, *, per_page):
    """The ?page= value as a page number (1 when there is none); Http404 for junk, as Django's paginator does."""
    if value is None:
        return 1
    try:
        number = int(value)
    except ValueError:
        raise Http404("页码无效。") from None
    if number < 1 or (number - 1) * per_page > MAX_OFFSET:
        raise Http404("没有这一页。")
    return number


def list_page(queryset, value, *, per_page, base):
    """Page `value` (the ?page= parameter) of an ordered queryset listed at `base`, in one query.

    Http404 past the end.
    """
    number = page_number(value, per_page=per_page)
    offset = (number - 1) * per_page
    rows = list(queryset[offset : offset + per_page + 1])
    # An empty first page is an empty list; an empty later page is a link nobody should have followed.
    if not rows and number > 1:
        raise Http404("没有这一页。")
    return ListPage(number=number, object_list=rows[:per_page], has_next=len(rows) > per_page, base=base)
