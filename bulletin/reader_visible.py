"""
Every model readers can see, and what a change to each must do.

This is the table core/changes.py works from: `install()` (called from
bulletin/apps.py) connects single saves and deletes, and each model's
ReaderVisibleQuerySet sends bulk writes the same way, so the admin, the
services, imports, restores, fixtures and management commands all reach it.
Every model of the project's apps is either here or in NOT_SEEN_BY_READERS
with the reason (tests/test_side_effects.py fails on a model in neither).
"""

from articles.models import (
    Article,
    Byline,
    Campaign,
    CaseStudy,
    EditingSession,
    KeyFigure,
    Lesson,
    Person,
    Photo,
    Practice,
    PreviewLink,
    ProofAcknowledgement,
    RefusedEdit,
    StatusChange,
)
from core.caching import FORGET_CACHED_PAGES
from core.changes import Visible
from departments.models import Department
from edge.purging import PURGE_AT_THE_EDGE
from editions.models import Issue, Page, RegionProposal
from partners.models import PartnerKey, PartnerRequest
from proofing.models import BannedWord, PreferredForm, ProtectedName
from readership.models import AppliedBatch, StoryViews
from search import effects as search
from syndication.effects import RECORD_STORY_CHANGES as CHANGES_FEED
from syndication.models import StoryChange

READER_VISIBLE = (
    Visible(Department, (FORGET_CACHED_PAGES, PURGE_AT_THE_EDGE, search.DEPARTMENT_RENAMED, CHANGES_FEED)),
    Visible(Person, (FORGET_CACHED_PAGES, PURGE_AT_THE_EDGE, search.PERSON_RENAMED, CHANGES_FEED)),
    Visible(Article, (FORGET_CACHED_PAGES, PURGE_AT_THE_EDGE, search.STORY, CHANGES_FEED), scheduled=True),
    Visible(Byline, (FORGET_CACHED_PAGES, PURGE_AT_THE_EDGE, search.STORY_OF_PART, CHANGES_FEED)),
    Visible(Photo, (FORGET_CACHED_PAGES, PURGE_AT_THE_EDGE, search.STORY_OF_PART, CHANGES_FEED)),
    Visible(Campaign, (FORGET_CACHED_PAGES, PURGE_AT_THE_EDGE, CHANGES_FEED)),
    Visible(CaseStudy, (FORGET_CACHED_PAGES, PURGE_AT_THE_EDGE, search.STORY_OF_PART, CHANGES_FEED)),
    Visible(Practice, (FORGET_CACHED_PAGES, PURGE_AT_THE_EDGE, search.STORY_OF_CASE_STUDY_ITEM, CHANGES_FEED)),
    Visible(Lesson, (FORGET_CACHED_PAGES, PURGE_AT_THE_EDGE, search.STORY_OF_CASE_STUDY_ITEM, CHANGES_FEED)),
    Visible(KeyFigure, (FORGET_CACHED_PAGES, PURGE_AT_THE_EDGE, CHANGES_FEED)),
    Visible(Issue, (FORGET_CACHED_PAGES, PURGE_AT_THE_EDGE, CHANGES_FEED), scheduled=True),
    Visible(Page, (FORGET_CACHED_PAGES, PURGE_AT_THE_EDGE, CHANGES_FEED)),
)

NOT_SEEN_BY_READERS = {
    StatusChange: "the review trail (审稿记录), shown to staff only",
    EditingSession: "who has a story open in the admin",
    RefusedEdit: "text kept from a save that was refused, for its author",
    PreviewLink: "links to unpublished stories; a preview is never cached",
    ProofAcknowledgement: "an editor's 已核 on a 校对 finding, for the review workflow only",
    RegionProposal: "regions found on page PDFs, for an editor to accept; accepting writes the story, which is listed",
    PreferredForm: "the newsroom's 规范表述 list for proofreading, read by the checks in the admin only",
    ProtectedName: "names the proofreading checks protect from near misses, shown to staff only",
    StoryChange: "the API changes feed (syndication/feed.py): ids of stories to fetch again, no text",
    BannedWord: "禁用词 for proofreading; they block a story in the admin, readers never see the list",
    # Readers do see the 热门 lists drawn from these counts, but every minute's flush would empty the whole
    # reader cache; the lists are as fresh as the page they are drawn in (READER_CACHE_SECONDS at most).
    StoryViews: "view counts, flushed every minute: the 热门 lists refresh with their page's cache lifetime",
    AppliedBatch: "which batches of view counts the flush has added, so none is added twice",
    PartnerKey: "partners' API keys (a prefix and a hash), managed by superusers in the admin; the API is never cached",
    PartnerRequest: "the log of partners' API requests, counted per day on a key's admin page",
}
