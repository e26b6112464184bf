"""
From the print desk's page PDFs to a reviewable edition: page images, story regions, stories and photos.

The pages are made here (bench/paper: real stories laid out and printed to
PDF by Chromium, with the truth of each story's region and text), imported
through the admin as an editor would, and checked against that truth.
"""

import io
import json
import shutil

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfWriter

from articles.models import Article
from bench.page_import_bench import printed_text, unspaced
from bench.page_reading_bench import iou
from editions.models import Issue, Page, RegionProposal

from .factories import make_article, make_editor, make_reporter

pytestmark = [pytest.mark.django_db]

DATE = "2024-03-10"


@pytest.fixture(scope="session")
def paper_pages(tmp_path_factory):
    """Three generated pages (PDF and truth), made once per test run."""
    if not shutil.which("chromium"):
        pytest.skip("Debian's chromium is not installed (make browser-deps): it prints the test pages")
    from bench.paper import generate_pages

    folder = tmp_path_factory.mktemp("paper")
    pdfs = generate_pages(folder, count=3, seed=7)
    return [(pdf, json.loads(pdf.with_suffix(".json").read_text())) for pdf in pdfs]


def uploads(paper_pages):
    return [
        SimpleUploadedFile(f"第{n}版.pdf", pdf.read_bytes(), "application/pdf")
        for n, (pdf, _) in enumerate(paper_pages, 1)
    ]


def post_import(client, files, **extra):
    return client.post(reverse("page_import:import_pages"), {"date": DATE, "files": files, "by_name": "on", **extra})


def test_an_editor_imports_page_pdfs_and_gets_images_regions_and_draft_stories(client, paper_pages):
    client.force_login(make_editor())

    response = post_import(client, uploads(paper_pages))

    issue = Issue.objects.get(date=DATE)
    pages = list(issue.pages.order_by("number"))
    assert response.status_code == 302 and response["Location"] == reverse("page_import:review", args=[pages[0].pk])
    assert [page.number for page in pages] == [1, 2, 3]
    for page, (_, truth) in zip(pages, paper_pages, strict=True):
        assert page.pdf and page.image and page.image_width >= 2 * truth["page"]["width_pt"] - 2
        proposals = list(page.region_proposals.order_by("position"))
        assert len(proposals) == len(truth["stories"])
        for proposal, story in zip(proposals, sorted(truth["stories"], key=lambda s: s["position"]), strict=True):
            article = proposal.article
            assert proposal.made_draft and article.status == Article.Status.DRAFT
            assert "".join(article.headline_lines) == "".join(story["headline"])
            assert printed_text(article) == unspaced(story["paragraphs"]), "every sentence once, as printed"
            assert iou(article.area_points, story["polygon"]) >= 0.85
            assert article.page == page and article.page_position == story["position"]
            assert article.is_page_lead == story["is_lead"]
            assert len(article.photos.all()) == len(story["photos"])
    # Nothing of it reaches readers: every story is a draft.
    assert not Article.objects.published().exists()


def test_a_region_of_a_story_already_on_the_page_is_matched_not_made_again(client, paper_pages):
    editor = make_editor()
    client.force_login(editor)
    pdf, truth = paper_pages[0]
    lead = next(story for story in truth["stories"] if story["is_lead"])
    page = Page.objects.create(issue=Issue.objects.create(date=DATE, number=1, total_number=1), number=1, name="要闻")
    # Typed in the CMS before the page was laid out: one line, other spacing.
    existing = make_article(
        headline=" ".join(lead["headline"]), body="<p>" + "</p><p>".join(lead["paragraphs"]) + "</p>", page=page
    )

    post_import(client, [SimpleUploadedFile("第1版.pdf", pdf.read_bytes(), "application/pdf")])

    proposal = page.region_proposals.get(article=existing)
    assert not proposal.made_draft and proposal.match_score >= 0.9
    assert Article.objects.filter(page=page).count() == len(truth["stories"])
    existing.refresh_from_db()
    assert not existing.has_area, "a story's area changes only when an editor accepts"

    client.post(reverse("page_import:review", args=[page.pk]), {"action": f"accept:{proposal.pk}"})

    existing.refresh_from_db()
    assert iou(existing.area_points, lead["polygon"]) >= 0.85
    proposal.refresh_from_db()
    assert proposal.decision == RegionProposal.Decision.ACCEPTED and proposal.decided_by == editor


def test_the_review_page_shows_the_page_image_every_region_and_accepts_them_all(client, paper_pages):
    client.force_login(make_editor())
    post_import(client, uploads(paper_pages[:1]))
    page = Page.objects.get(issue__date=DATE, number=1)

    html = client.get(reverse("page_import:review", args=[page.pk])).content.decode()

    assert html.count('<polygon class="region region--proposed"') == page.region_proposals.count()
    assert "全部采用" in html and "版面上的新稿件，已建为草稿" in html
    client.post(reverse("page_import:review", args=[page.pk]), {"action": "accept_all"})
    assert not page.region_proposals.filter(decision=RegionProposal.Decision.PROPOSED).exists()


def test_reassigning_a_region_gives_its_outline_to_the_story_the_editor_chose(client, paper_pages):
    client.force_login(make_editor())
    post_import(client, uploads(paper_pages[:1]))
    page = Page.objects.get(issue__date=DATE, number=1)
    first, second = page.region_proposals.order_by("position")[:2]

    client.post(
        reverse("page_import:review", args=[page.pk]),
        {"action": f"accept:{first.pk}", f"article-{first.pk}": second.article_id},
    )

    assert iou(Article.objects.get(pk=second.article_id).area_points, first.polygon) > 0.999


@pytest.mark.parametrize("who", ["anonymous", "reporter"])
def test_only_editors_import_pages_or_decide_on_regions(client, who, paper_pages):
    if who == "reporter":
        client.force_login(make_reporter())
    response = post_import(client, uploads(paper_pages[:1]))
    assert response.status_code in (302, 403)
    assert not Page.objects.exists()
    if who == "reporter":
        assert response.status_code == 403


def encrypted_pdf():
    writer = PdfWriter()
    writer.add_blank_page(width=500, height=700)
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<html>not a pdf</html>", "这不是 PDF 文件"),
        (b"%PDF-1.7\n1 0 obj <<", "已损坏或不完整"),
        (None, "设置了密码或加密"),
    ],
)
def test_a_bad_file_is_refused_in_chinese_and_nothing_is_saved(client, paper_pages, content, message, settings):
    client.force_login(make_editor())
    bad = SimpleUploadedFile("第2版.pdf", content or encrypted_pdf(), "application/pdf")
    good = uploads(paper_pages[:1])

    response = post_import(client, [*good, bad])

    assert response.status_code == 200
    assert message in response.content.decode() and "第2版.pdf" in response.content.decode()
    assert not Issue.objects.exists() and not Article.objects.exists()


def test_an_oversized_file_is_refused_before_it_is_read(client, paper_pages, settings):
    settings.PAGE_PDF_MAX_BYTES = 1000
    client.force_login(make_editor())
    response = post_import(client, uploads(paper_pages[:1]))
    assert "不能超过" in response.content.decode()
    assert not Page.objects.exists()


def test_one_multi_page_pdf_is_the_whole_edition(client, paper_pages):
    writer = PdfWriter()
    for pdf, _ in paper_pages:
        writer.append(str(pdf))
    out = io.BytesIO()
    writer.write(out)
    client.force_login(make_editor())

    post_import(client, [SimpleUploadedFile("整期.pdf", out.getvalue(), "application/pdf")])

    assert list(Page.objects.order_by("number").values_list("number", flat=True)) == [1, 2, 3]


def test_the_command_imports_a_folder_with_a_progress_bar(paper_pages, tmp_path):
    editor = make_editor(username="夜班编辑")
    for n, (pdf, _) in enumerate(paper_pages, 1):
        shutil.copy(pdf, tmp_path / f"A{n:02d}.pdf")
    out = io.StringIO()

    call_command("import_pages", str(tmp_path), "--date", DATE, "--user", editor.username, "--no-progress", stdout=out)

    assert "已导入 2024-03-10 的 3 个版面" in out.getvalue()
    assert Page.objects.count() == 3
    assert all(article.has_area for article in Article.objects.all())


def test_the_command_refuses_a_reporter(paper_pages, tmp_path):
    from django.core.management import CommandError

    reporter = make_reporter()
    with pytest.raises(CommandError, match="只有编辑可以"):
        call_command("import_pages", str(tmp_path), "--date", DATE, "--user", reporter.username)
