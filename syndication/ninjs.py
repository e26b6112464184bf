"""
Stories, editions, pages, departments and campaigns as IPTC ninjs 3.1 items (JSON, camelCase).

ninjs 3.1 allows no property of its own at the top of an item (`unevaluatedProperties: false`),
so everything the paper prints that ninjs has no field for is put where the schema allows, with
roles and relations documented in the README (新闻接口 → 字段对照):

- kicker (引题), headline and subheadline (副题): `headlines` with roles "kicker", "main", "sub";
- dateline (电头): `located`; bylines: `by` as printed and `people` with the role as `rel`;
- department: `organisations` (rel "department"); kind (体裁): `genres`;
- photos: `associations` of type "picture" with their sized `renditions`;
- the campaign: an association (rel "campaign"); the case study: an association (rel "caseStudy")
  whose `bodies` hold its opening texts and whose own associations are its practices, lessons
  and key figures (rels "practice", "lesson", "keyFigure");
- the story's place on the printed page: an association (rel "printPage") whose `bodies` hold
  the story's outline on the page image (role "pageRegion", JSON [[x, y], ...] in fractions of the
  image's width and height).

Every item is checked against IPTC's published schema in tests/test_api_ninjs.py.
"""

import functools
import json
import mimetypes

from django.conf import settings
from django.core.signals import setting_changed
from django.utils import timezone, translation

from articles.models import Article, Byline
from articles.renditions import absolute_media_url, page_rendition_set, photo_rendition_set
from core.reversing import reverse_ids

from .visibility import appears_at, embargoed_until

STANDARD = {"name": "ninjs", "version": "3.1", "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#"}
LANGUAGE = "zh-CN"


def absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def iso(moment):
    """RFC 3339 in Beijing time, to the second."""
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def story_uri(story_id):
    """A story's identifier: its canonical address on the site, the same for its item and its tombstone."""
    return absolute(reverse_ids("articles:detail", pk=story_id))


@functools.lru_cache(maxsize=8)
def _labels(language):
    """{value: label} of a story's kinds and a byline's roles, in `language`: a page of 50 items asks 300 times."""
    with translation.override(language):
        return {str(value): str(label) for value, label in [*Article.Kind.choices, *Byline.Role.choices]}


def _label(value):
    return _labels(translation.get_language())[value]


_ADDRESSES = {}


def _address(obj, name):
    """`obj.get_absolute_url()` on SITE_URL, remembered by what names it (`name`, its slug or page number):
    a page of 50 items asks for the same departments and pages dozens of times, and reverse() is not free."""
    key = (obj._meta.label, name)
    try:
        return _ADDRESSES[key]
    except KeyError:
        if len(_ADDRESSES) > 10_000:
            _ADDRESSES.clear()
        address = _ADDRESSES[key] = absolute(obj.get_absolute_url())
        return address


def _page_address(page):
    return _address(page, (page.issue.date, page.number))


def _forget(*, setting, **kwargs):
    if setting in ("SITE_URL", "ROOT_URLCONF", "LANGUAGE_CODE"):
        _ADDRESSES.clear()
        _labels.cache_clear()


setting_changed.connect(_forget, dispatch_uid="syndication.ninjs.forget")


def _text(role, value, content_type="text/plain"):
    return {"role": role, "contentType": content_type, "value": value}


def _without_empty(item):
    return {name: value for name, value in item.items() if value not in (None, "", [], {})}


# --- Stories ---------------------------------------------------------------------


def story_item(story, *, now):
    """The full ninjs item of `story` (read with syndication.queries.for_items)."""
    uri = story_uri(story.pk)
    due = appears_at(story)
    study = _case_study(story)
    bylines = list(story.bylines.all())
    item = {
        "standard": STANDARD,
        "uri": uri,
        "type": "text",
        "representationType": "full",
        "profile": "bulletin-case-study" if study else "bulletin-story",
        "version": str(story.version),
        # The item was first created when it went out; the newsroom's own first draft is contentCreated.
        "firstCreated": iso(due),
        # A story scheduled before its time was last changed when it was saved; once out, when it went out.
        "versionCreated": iso(max(story.updated_at, due) if due and due <= now else story.updated_at),
        "contentCreated": iso(story.created_at),
        "embargoedUntil": iso(embargoed_until(due, now)),
        "pubStatus": "usable",
        "language": LANGUAGE,
        "copyrightHolder": settings.SITE_NAME,
        "altIds": [{"role": "id", "value": str(story.pk)}]
        + ([{"role": "slug", "value": story.slug}] if story.slug else []),
        "genres": [{"name": _label(story.kind), "literal": story.kind}],
        "headlines": _story_headlines(story),
        "located": story.dateline,
        "by": " ".join(f"{_label(byline.role)} {byline.person.name}" for byline in bylines),
        "people": [
            _without_empty({"name": byline.person.name, "rel": byline.role, "literal": f"person-{byline.person_id}"})
            for byline in bylines
        ],
        "descriptions": [_text("teaser", story.description)] if story.description else [],
        "bodies": [_text("main", story.body, "text/html")] if story.body else [],
        "organisations": [_department_organisation(story.department)] if story.department_id else [],
        "associations": [
            *(_photo(photo, uri, number) for number, photo in enumerate(story.photos.all(), start=1)),
            *([_campaign_association(study.campaign)] if study else []),
            *([_case_study_association(study, uri)] if study else []),
            *([_print_page_association(story)] if story.page_id else []),
        ],
    }
    return _without_empty(item)


def tombstone(story_id, changed_at):
    """What a partner gets for a story it may hold and must now remove: withdrawn, deleted, no longer visible."""
    return {
        "standard": STANDARD,
        "uri": story_uri(story_id),
        "type": "text",
        "pubStatus": "canceled",
        "versionCreated": iso(changed_at),
        "altIds": [{"role": "id", "value": str(story_id)}],
    }


def _story_headlines(story):
    headlines = []
    if story.kicker:
        headlines.append(_text("kicker", story.kicker))
    headlines.append(_text("main", story.headline_text))
    if story.subheadline:
        headlines.append(_text("sub", story.subheadline))
    return headlines


def _case_study(story):
    try:
        return story.case_study
    except story._meta.get_field("case_study").related_model.DoesNotExist:
        return None


def _department_organisation(department):
    return _without_empty(
        {
            "name": department.name,
            "rel": "department",
            "uri": _address(department, department.slug),
            "literal": department.slug,
        }
    )


def _rendition(name, url, width=None, height=None, content_type=None):
    href = absolute_media_url(url)
    return _without_empty(
        {
            "name": name,
            "href": href,
            "contentType": content_type or mimetypes.guess_type(href.split("#")[0])[0],
            "width": width,
            "height": height,
        }
    )


def _picture_renditions(renditions, prefix):
    if renditions is None:
        return []
    return [_rendition(f"{prefix}-{r.width}w", r.url, r.width, r.height) for r in renditions.renditions]


def _photo(photo, uri, number):
    return _without_empty(
        {
            "name": f"photo-{number}",
            "rel": "photo",
            "uri": f"{uri}#photo-{photo.pk}",
            "type": "picture",
            "by": photo.credit,
            "descriptions": [
                *([_text("caption", photo.caption)] if photo.caption else []),
                *([_text("alt", photo.alt_text)] if photo.alt_text else []),
            ],
            "renditions": _picture_renditions(photo_rendition_set(photo), "photo"),
        }
    )


def _campaign_association(campaign):
    return _without_empty(
        {
            "name": "campaign",
            "rel": "campaign",
            "uri": _address(campaign, campaign.slug),
            "type": "composite",
            "title": campaign.name,
            "headlines": [
                _text("main", campaign.name),
                *([_text("banner", campaign.banner_text)] if campaign.banner_text else []),
                *([_text("slogan", campaign.slogan)] if campaign.slogan else []),
            ],
        }
    )


def _sections(study):
    """(figures, practices, lessons): from the prefetched rows when a page of stories was read, else in one query."""
    prefetched = getattr(study, "_prefetched_objects_cache", {})
    if {"practices", "lessons", "figures"} <= prefetched.keys():
        return list(study.figures.all()), list(study.practices.all()), list(study.lessons.all())
    sections = study.sections
    return sections.figures, sections.practices, sections.lessons


def _case_study_association(study, uri):
    figures, practices, lessons = _sections(study)
    parts = []
    for number, practice in enumerate(practices, start=1):
        parts.append(_case_study_part("practice", number, practice, uri, practice.lead, practice.text))
    for number, lesson in enumerate(lessons, start=1):
        parts.append(_case_study_part("lesson", number, lesson, uri, lesson.lead, lesson.text))
    for number, figure in enumerate(figures, start=1):
        parts.append(
            _without_empty(
                {
                    "name": f"keyFigure-{number}",
                    "rel": "keyFigure",
                    "uri": f"{uri}#keyFigure-{figure.pk}",
                    "type": "text",
                    "title": figure.label,
                    "headlines": [_text("main", f"{figure.label} {figure.display_value}{figure.unit}")],
                    "bodies": [
                        _text("value", figure.display_value),
                        *([_text("unit", figure.unit)] if figure.unit else []),
                        *([_text("change", figure.change)] if figure.change else []),
                    ],
                }
            )
        )
    return _without_empty(
        {
            "name": "caseStudy",
            "rel": "caseStudy",
            "uri": f"{uri}#caseStudy",
            "type": "composite",
            "title": study.campaign.name,
            "bodies": [
                *([_text("opening", study.opening)] if study.opening else []),
                *([_text("lessonsOpening", study.lessons_opening)] if study.lessons_opening else []),
            ],
            "associations": parts,
        }
    )


def _case_study_part(rel, number, part, uri, lead, text):
    return _without_empty(
        {
            "name": f"{rel}-{number}",
            "rel": rel,
            "uri": f"{uri}#{rel}-{part.pk}",
            "type": "text",
            "headlines": [_text("main", lead)] if lead else [],
            "bodies": [_text("main", text)] if text else [],
        }
    )


def _print_page_association(story):
    page = story.page
    return _without_empty(
        {
            "name": "printPage",
            "rel": "printPage",
            "uri": _page_address(page),
            "type": "composite",
            "title": f"{page.issue.chinese_date} {page.label}",
            "altIds": [
                {"role": "pageNumber", "value": str(page.number)},
                {"role": "pagePosition", "value": str(story.page_position)},
            ]
            + ([{"role": "pageLead", "value": "true"}] if story.is_page_lead else []),
            "bodies": _region(story),
        }
    )


def _region(story):
    points = story.area_points
    return [_text("pageRegion", json.dumps(points), "application/json")] if points else []


# --- Editions and pages ----------------------------------------------------------


def edition_item(issue, pages, *, now):
    """An edition with its pages, each page with its image, PDF and the regions of the stories `pages` hold.

    `pages` is [(page, [story, ...])], the stories the key may see on each page; None for a list of
    editions, whose items leave the pages out (representationType "partial").
    """
    due = issue.publish_at
    return _without_empty(
        {
            "standard": STANDARD,
            "uri": absolute(issue.get_absolute_url()),
            "type": "composite",
            "representationType": "partial" if pages is None else "full",
            "profile": "bulletin-edition",
            "version": str(issue.version),
            "firstCreated": iso(due),
            "embargoedUntil": iso(embargoed_until(due, now)),
            "pubStatus": "usable",
            "language": LANGUAGE,
            "copyrightHolder": settings.SITE_NAME,
            "title": f"{settings.SITE_NAME} {issue}",
            "headlines": [_text("main", f"{settings.SITE_NAME} {issue.chinese_date}")],
            "altIds": [
                {"role": "date", "value": issue.date.isoformat()},
                {"role": "number", "value": str(issue.number)},
                *([{"role": "totalNumber", "value": str(issue.total_number)}] if issue.total_number else []),
            ],
            "associations": [_page(page, stories, name=f"page-{page.number}") for page, stories in pages or ()],
        }
    )


def page_item(page, stories, *, now):
    """One page of an edition as an item of its own."""
    return _without_empty(
        {
            "standard": STANDARD,
            **_page(page, stories),
            "representationType": "full",
            "version": str(page.version),
            "firstCreated": iso(page.issue.publish_at),
            "embargoedUntil": iso(embargoed_until(page.issue.publish_at, now)),
            "pubStatus": "usable",
            "language": LANGUAGE,
        }
    )


def _page(page, stories, name=None):
    image = [
        *_picture_renditions(page_rendition_set(page), "page"),
        *_picture_renditions(page_rendition_set(page, "webp"), "page-webp"),
    ]
    pdf = [_rendition("pdf", page.pdf.url, content_type="application/pdf")] if page.pdf else []
    return _without_empty(
        {
            "name": name,
            "rel": "page" if name else None,
            "uri": _page_address(page),
            "type": "composite",
            "profile": "bulletin-page",
            "title": page.label,
            "headlines": [_text("main", page.label)],
            "altIds": [{"role": "pageNumber", "value": str(page.number)}],
            "renditions": image + pdf,
            "associations": [_story_on_page(story, number) for number, story in enumerate(stories, start=1)],
        }
    )


def _story_on_page(story, number):
    return _without_empty(
        {
            "name": f"story-{number}",
            "rel": "story",
            "uri": story_uri(story.pk),
            "type": "text",
            "headlines": _story_headlines(story),
            "altIds": [
                {"role": "id", "value": str(story.pk)},
                {"role": "pagePosition", "value": str(story.page_position)},
            ]
            + ([{"role": "pageLead", "value": "true"}] if story.is_page_lead else []),
            "bodies": _region(story),
        }
    )


# --- Departments and campaigns ---------------------------------------------------


def department_item(department):
    return _without_empty(
        {
            "standard": STANDARD,
            "uri": _address(department, department.slug),
            "type": "composite",
            "profile": "bulletin-department",
            "version": str(department.version),
            "language": LANGUAGE,
            "title": department.name,
            "headlines": [_text("main", department.name)]
            + ([_text("short", department.short_name)] if department.short_name else []),
            "descriptions": [_text("about", department.description)] if department.description else [],
            "altIds": [{"role": "slug", "value": department.slug}, {"role": "level", "value": department.level}],
            "organisations": [_department_organisation(department)],
            "places": [{"name": department.district, "rel": "district"}] if department.district else [],
        }
    )


def campaign_item(campaign):
    dates = _without_empty(
        {
            "expectedStartDate": campaign.starts_on.isoformat() if campaign.starts_on else None,
            "expectedEndDate": campaign.ends_on.isoformat() if campaign.ends_on else None,
        }
    )
    return _without_empty(
        {
            "standard": STANDARD,
            "uri": _address(campaign, campaign.slug),
            "type": "composite",
            "profile": "bulletin-campaign",
            "version": str(campaign.version),
            "language": LANGUAGE,
            "title": campaign.name,
            "headlines": [
                _text("main", campaign.name),
                *([_text("banner", campaign.banner_text)] if campaign.banner_text else []),
                *([_text("slogan", campaign.slogan)] if campaign.slogan else []),
            ],
            "descriptions": [_text("about", campaign.description)] if campaign.description else [],
            "altIds": [{"role": "slug", "value": campaign.slug}],
            "eventDetails": {"dates": dates} if dates else None,
        }
    )
