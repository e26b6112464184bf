"""
An edition from the print desk's page PDFs: page images, story regions, stories and photos, for review.

The layout system exports one PDF per page (or one PDF of the whole edition).
Each page is imported in one transaction: its PDF stored for readers to
download, its image rendered from the PDF (editions/page_reading), the regions
of its stories read, each matched to a story already placed on the page
(editions/page_matching.py) or made into a draft through the text importer,
with its photos. Every region becomes a RegionProposal: nothing is published,
and no live story's area changes, until an editor accepts on the review page.
A file that is not a whole, unencrypted PDF within the size limit is refused
before anything is stored, with a Chinese message; a page that fails halfway
leaves nothing of itself behind, not even files.
"""

import dataclasses
import io
import re
from dataclasses import dataclass

import reversion
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from pypdf import PdfReader, PdfWriter

from articles import areas, policy
from articles.importing import datelines
from articles.importing.saving import save_draft
from articles.importing.structure import parse_story
from articles.models import Article, Photo
from articles.renditions import make_renditions

from . import page_matching
from .models import Issue, Page, RegionProposal
from .page_reading import PageReadingError, read_page, render_page
from .pdfs import check_page_pdf

PAGE_IMAGE_SCALE = 2.0  # twice the PDF's size in points: sharp on retina screens and when zoomed
PAGE_IMAGE_QUALITY = 85
ACCEPT_COMMENT = "采用版面PDF识别的区域"


class PageImportError(Exception):
    """A page could not be imported; the message says why, in Chinese."""


@dataclass(frozen=True)
class PagePdf:
    """One page's PDF, with the number of the page (第N版) it is for."""

    number: int
    data: bytes
    source: str  # the file it came from, for messages


def number_in_name(name):
    """第3版.pdf, A03.pdf, page-3.pdf, 20240310_05.pdf -> the page number in a file's name, or None."""
    stem = re.sub(r"\.pdf$", "", name, flags=re.IGNORECASE)
    found = re.search(r"第\s*(\d{1,2})\s*版", stem) or re.search(r"(?:^|[^0-9])(\d{1,2})$", stem)
    return int(found.group(1)) if found else None


def split_uploads(files, *, by_name=True):
    """The pages of the uploaded PDFs, numbered by file name (else in order); ValidationError for a bad file.

    Every file is checked before any is read further, so one bad file refuses
    the whole upload with its name in the message.
    """
    for upload in files:
        try:
            check_page_pdf(upload)
        except ValidationError as error:
            raise ValidationError(f"{upload.name}：{error.messages[0]}", code=error.code) from None
    pages = []
    for upload in files:
        upload.seek(0)
        reader = PdfReader(io.BytesIO(upload.read()))
        named = number_in_name(upload.name) if by_name and len(reader.pages) == 1 else None
        for index, page in enumerate(reader.pages):
            writer = PdfWriter()
            writer.add_page(page)
            out = io.BytesIO()
            writer.write(out)
            label = upload.name if len(reader.pages) == 1 else f"{upload.name} 第{index + 1}页"
            pages.append((named, out.getvalue(), label))
    numbers = [named for named, _, _ in pages]
    if None in numbers or len(set(numbers)) != len(numbers):
        # Names that do not number every page once: the order of the files (and their pages) decides.
        numbers = range(1, len(pages) + 1)
    numbered = (PagePdf(number, data, label) for number, (_, data, label) in zip(numbers, pages, strict=True))
    return sorted(numbered, key=_number)


def _number(page_pdf):
    return page_pdf.number


def issue_for(date):
    """The issue of `date`, made (as a draft, numbered after the last one) when there is none."""
    issue = Issue.objects.filter(date=date).first()
    if issue is not None:
        return issue
    last = Issue.objects.filter(date__lt=date).order_by("-date").first()
    same_year = last is not None and last.date.year == date.year
    total = Issue.objects.aggregate(top=Max("total_number"))["top"] or 0
    return Issue.objects.create(
        date=date,
        number=last.number + 1 if same_year else 1,
        total_number=(last.total_number if last else total) + 1,
        status=Issue.Status.DRAFT,
    )


def import_edition(*, date, pages, user, progress=None):
    """Import `pages` (PagePdf) into the issue of `date`. Returns the pages, each with its proposals."""
    issue = issue_for(date)
    imported = []
    for page_pdf in pages:
        imported.append(import_page(issue, page_pdf, user=user))
        if progress:
            progress(page_pdf)
    return imported


def import_page(issue, page_pdf, *, user):
    stored = []
    try:
        with transaction.atomic():
            return _import_page(issue, page_pdf, user=user, stored=stored)
    except ValidationError as error:
        _remove(stored)
        # What the page's text could not become (a story the model's checks refuse) is the file's problem.
        raise PageImportError(f"{page_pdf.source}：{'；'.join(error.messages)}") from error
    except BaseException:
        _remove(stored)
        raise


def _remove(stored):
    for fieldfile, name in stored:
        fieldfile.storage.delete(name)


def _import_page(issue, page_pdf, *, user, stored):
    page = Page.objects.filter(issue=issue, number=page_pdf.number).first() or Page(
        issue=issue, number=page_pdf.number, name=f"第{page_pdf.number}版"
    )
    try:
        matches = index_page(page, page_pdf.data, stored=stored)
    except PageReadingError as error:
        raise PageImportError(f"{page_pdf.source}：{error}") from error
    # A new import of the page replaces what was waiting for review; decisions already taken stay on record.
    page.region_proposals.filter(decision=RegionProposal.Decision.PROPOSED).delete()
    for region, article, match_score in matches:
        made_draft = article is None
        if made_draft:
            article = draft_from_region(region, page=page, user=user, stored=stored)
        RegionProposal.objects.create(
            page=page,
            position=region.position,
            is_lead=region.is_lead,
            polygon=areas.clean_polygon([list(point) for point in region.polygon]),
            kicker=region.kicker[:200],
            headline="\n".join(region.headline)[:300],
            subheadline=region.subheadline[:300],
            excerpt="\n".join(region.paragraphs)[:500],
            confidence=region.confidence,
            match_score=match_score,
            article=article,
            made_draft=made_draft,
        )
    return page


def index_page(page, data, *, stored):
    """Store `data` as the page's PDF and its image rendered from it; read its regions and match each to a
    story already on the page. Returns [(region, article or None, score)]. PageReadingError for a bad PDF.

    The files stored are added to `stored`, for the caller to remove if its transaction fails.
    """
    reading = read_page(data)  # a bad PDF is refused before anything is stored
    picture = render_page(data, scale=PAGE_IMAGE_SCALE)
    number = page.number
    page.pdf.save(f"page-{number:02d}.pdf", ContentFile(data), save=False)
    stored.append((page.pdf, page.pdf.name))
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=PAGE_IMAGE_QUALITY, optimize=True, progressive=True)
    page.image.save(f"page-{number:02d}.jpg", ContentFile(buffer.getvalue()), save=False)
    stored.append((page.image, page.image.name))
    page.save()
    make_renditions(page.image, "page", width=page.image_width, height=page.image_height)
    return page_matching.match(reading.regions, list(page.articles.all()))


def matched_regions(page, data):
    """The regions read off the page PDF `data`, each with the story already on `page` it is, or None, and a score."""
    return page_matching.match(read_page(data).regions, list(page.articles.all()))


# The reader has told kicker, headline and subheadline apart by their type; the importer is given
# a stand-in title in their place, so that it reads only the text (datelines, bylines, sections,
# practices) and never takes a long headline with a colon for the first paragraph.
STAND_IN_TITLE = "标题"


def region_text(region):
    """The region's text for the text importer: a stand-in title, then each paragraph its own block
    (the reader has already joined each paragraph's lines)."""
    body = list(region.paragraphs)
    if region.dateline and body and not body[0].startswith(region.dateline):
        body[0] = region.dateline + body[0]
    return STAND_IN_TITLE + "\n\n" + "\n\n".join(body)


def headline_lines(region):
    """At most two lines (主题 is one or two): a headline a narrow slot broke into more runs on in the second."""
    lines = list(region.headline)
    return lines if len(lines) <= 2 else [lines[0], "".join(lines[1:])]


def bracketed_reporters(region):
    """（记者 汪娜）opening the text with no dateline before it: the importer reads reporters only after a
    dateline, so they are taken here -> (bylines, the paragraphs without them), or None."""
    first = region.paragraphs[0] if region.paragraphs else ""
    found = datelines.BRACKETED.match(first)
    bylines = found and datelines.parse_bylines(found.group(1), role_required=True)
    if region.dateline or not bylines:
        return None
    return bylines, [first[found.end() :], *region.paragraphs[1:]]


def draft_from_region(region, *, page, user, stored):
    """A draft of a story the CMS does not have yet, placed on `page` with the region's outline and photos."""
    reporters = bracketed_reporters(region)
    if reporters:
        region = dataclasses.replace(region, paragraphs=reporters[1])
    story = parse_story(region_text(region))
    if reporters:
        story.bylines = reporters[0] + story.bylines
    article = save_draft(
        story=story,
        by=user,
        headline="\n".join(headline_lines(region)) or "（版面识别：无标题）",
        kicker=region.kicker,
        subheadline=region.subheadline,
    )
    article.page = page
    article.page_position = region.position
    article.is_page_lead = region.is_lead
    areas.set_area(article, [list(point) for point in region.polygon])
    article.save(update_fields=["page", "page_position", "is_page_lead", *areas.FIELDS])
    for position, found in enumerate(region.photos, start=1):
        photo = Photo(article=article, position=position, caption=found.caption[:300], alt_text=found.caption[:200])
        photo.image.save(f"{article.pk}-{position}.jpg", ContentFile(found.image), save=False)
        stored.append((photo.image, photo.image.name))
        photo.save()
    return article


def may_review(user):
    """Editors import pages and decide on regions: it changes what readers see of live stories."""
    return policy.is_editor(user) and user.has_perm("editions.change_page")


@transaction.atomic
def accept(proposal, *, user, article=None):
    """Give the region's outline to its story (or to `article`, a story on the same page the editor chose)."""
    article = article or proposal.article
    if article is None or article.page_id != proposal.page_id:
        raise PageImportError("只能把区域交给本版上的稿件。")
    if not policy.can_edit(user, article):
        raise PageImportError(f"你不能修改稿件“{article.headline_text}”。")
    areas.set_area(article, proposal.polygon)
    article.updated_by = user
    with reversion.create_revision():
        article.save()
        reversion.set_user(user)
        reversion.set_comment(ACCEPT_COMMENT)
    # Another region given the same story before is undone: a story has one area.
    proposal.page.region_proposals.filter(article=article, decision=RegionProposal.Decision.ACCEPTED).exclude(
        pk=proposal.pk
    ).update(decision=RegionProposal.Decision.PROPOSED, decided_by=None, decided_at=None)
    _decide(proposal, RegionProposal.Decision.ACCEPTED, user=user, article=article)


def reject(proposal, *, user):
    _decide(proposal, RegionProposal.Decision.REJECTED, user=user, article=proposal.article)


def _decide(proposal, decision, *, user, article):
    proposal.article = article
    proposal.decision = decision
    proposal.decided_by = user
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["article", "decision", "decided_by", "decided_at"])


def stories_on(page):
    return Article.objects.filter(page=page).order_by("page_position", "pk")
