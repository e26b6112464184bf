"""What an item is drawn from, fetched up front: a fixed number of queries for one story or a page of them."""


def for_item(stories):
    """One story: its case study's sections come in one query of their own (CaseStudy.sections)."""
    return stories.for_reading()


def for_items(stories):
    """A page of stories: each case-study section in one query for the whole page."""
    return stories.for_reading().prefetch_related("case_study__practices", "case_study__lessons", "case_study__figures")


def on_pages(pages, stories):
    """{page id: [story, ...]} of `stories` placed on `pages`, in the page's reading order, in one query."""
    placed = {page.pk: [] for page in pages}
    rows = (
        stories.filter(page__in=list(placed))
        .order_by("page_id", "page_position", "id")
        .only(
            "id",
            "page_id",
            "page_position",
            "is_page_lead",
            "kicker",
            "headline",
            "subheadline",
            "area_left",
            "area_top",
            "area_width",
            "area_height",
            "area_polygon",
        )
    )
    for story in rows:
        placed[story.page_id].append(story)
    return placed
