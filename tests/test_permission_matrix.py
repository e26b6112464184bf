"""
Every model in the admin × add/change/delete/view × every role, generated from the admin registry.

The rule book below says, for each model the admin offers (and each inline
inside a model's form), who may do what. The tests are generated from the
registry itself: a model or inline added to the admin later fails
`test_the_rule_book_covers_every_admin_model` until someone writes down its
rules, and then every action of every role is tried on it. Each action is
performed as a browser would — the form is read as the admin draws it, sent
back with one change, by the role — and the outcome is read back from the
database, never from a hidden button.

Parts of a story (its case study, bylines, photos, practices, lessons, key
figures, its place on a page) are tried on the author's story in each state
that matters: a draft, a story submitted for review, and a published one.
"""

import datetime
import itertools

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from articles.models import Article, Byline, KeyFigure, Lesson, Person, Practice, StatusChange
from editions.models import Page
from partners.services import issue_key
from proofing.models import BannedWord, PreferredForm, ProtectedName
from readership.models import StoryViews

from .admin_forms import form_data
from .factories import (
    image_upload,
    make_article,
    make_campaign,
    make_case_study,
    make_department,
    make_editor,
    make_issue,
    make_page,
    make_photo,
    make_reporter,
    make_user,
)

pytestmark = pytest.mark.django_db

Status = Article.Status
ROLES = ["author", "other_reporter", "editor"]
ACTIONS = ["view", "add", "change", "delete"]
STORY_STATES = [Status.DRAFT, Status.SUBMITTED, Status.PUBLISHED]
_unique = itertools.count(1)


# --- the rule book ---------------------------------------------------------------------


def story_part(*, reporter_may):
    """Editors do everything; the author does `reporter_may` while the story is a draft (and may always look)."""

    def rule(role, action, status):
        if role == "editor":
            return True
        if role == "other_reporter":
            return False
        if action == "view":
            return "view" in reporter_may
        return action in reporter_may and status == Status.DRAFT

    rule.per_story = True
    return rule


def newsroom(*, reporter_may):
    """Editors do everything; reporters only `reporter_may`."""

    def rule(role, action, status=None):
        return role == "editor" or action in reporter_may

    rule.per_story = False
    return rule


def nobody(role, action, status=None):
    """Accounts and login records: superusers only."""
    return False


nobody.per_story = False


def new_story(role, action, status=None):
    """Anyone in the newsroom writes a new story (it starts as their own draft)."""
    return True


new_story.per_story = False


def editors_read(role, action, status=None):
    """Read only, for editors: what no form may change."""
    return role == "editor" and action == "view"


editors_read.per_story = False

RULES = {
    "articles.Article": story_part(reporter_may={"view", "change"}),
    "articles.CaseStudy": story_part(reporter_may={"view", "add", "change"}),
    "articles.Campaign": newsroom(reporter_may={"view"}),
    "articles.Person": newsroom(reporter_may={"view"}),
    "departments.Department": newsroom(reporter_may={"view"}),
    "editions.Issue": newsroom(reporter_may={"view"}),
    "editions.Page": newsroom(reporter_may={"view"}),
    # 校对 lists: editors keep them, reporters read them (to know why a story is held back).
    "proofing.PreferredForm": newsroom(reporter_may={"view"}),
    "proofing.ProtectedName": newsroom(reporter_may={"view"}),
    "proofing.BannedWord": newsroom(reporter_may={"view"}),
    # 阅读量: counted from readers' browsers; editors read them, reporters do not see them.
    "readership.StoryViews": editors_read,
    # Partners' API keys read stories before readers do: superusers only (or a permission granted by name).
    "partners.PartnerKey": nobody,
    "auth.User": nobody,
    "auth.Group": nobody,
    "axes.AccessAttempt": nobody,
    "axes.AccessLog": nobody,
    "axes.AccessFailureLog": nobody,
}
# Adding a story is not adding to a story: its own rule.
ADD_RULES = {"articles.Article": new_story}

# (model whose form it is, model of the inline rows) -> rule for adding, changing and deleting rows.
INLINE_RULES = {
    ("articles.Article", "articles.Byline"): story_part(reporter_may={"add", "change", "delete"}),
    ("articles.Article", "articles.Photo"): story_part(reporter_may={"add", "change", "delete"}),
    ("articles.Article", "articles.CaseStudy"): story_part(reporter_may={"add", "change"}),
    ("articles.Article", "articles.StatusChange"): nobody,  # the review trail is written by transitions only
    ("articles.CaseStudy", "articles.Practice"): story_part(reporter_may={"add", "change", "delete"}),
    ("articles.CaseStudy", "articles.Lesson"): story_part(reporter_may={"add", "change", "delete"}),
    ("articles.CaseStudy", "articles.KeyFigure"): story_part(reporter_may={"add", "change", "delete"}),
    ("editions.Issue", "editions.Page"): newsroom(reporter_may=set()),
    # A story's order and area on its page: only editors, and never added or removed here.
    ("editions.Page", "articles.Article"): lambda role, action, status=None: role == "editor" and action == "change",
}
INLINE_RULES[("editions.Page", "articles.Article")].per_story = True


def registered():
    return {model._meta.label: (model, model_admin) for model, model_admin in admin.site._registry.items()}


def registered_inlines():
    return {
        (model._meta.label, inline.model._meta.label): (model, inline)
        for model, model_admin in admin.site._registry.items()
        for inline in model_admin.inlines
    }


def test_the_rule_book_covers_every_admin_model():
    assert set(RULES) == set(registered()), "every model in the admin needs a row in RULES"
    assert set(INLINE_RULES) == set(registered_inlines()), "every inline in the admin needs a row in INLINE_RULES"
    assert set(MAKERS) >= set(RULES) | {inline for _, inline in INLINE_RULES}


# --- the objects the actions are tried on -------------------------------------------


def story_by(author, status):
    live = status in (Status.SCHEDULED, Status.PUBLISHED)
    return make_article(live=live, status=status, created_by=author, department=make_department())


def case_study_of(author, status):
    study = make_case_study(article=story_by(author, status))
    Practice.objects.create(case_study=study, position=1, lead="一是抓前置服务。", text="正文。")
    Lesson.objects.create(case_study=study, position=1, lead="启示一。", text="正文。")
    KeyFigure.objects.create(case_study=study, position=1, label="协议金额", value=10, unit="亿元")
    return study


def _n():
    return next(_unique)


MAKERS = {
    "articles.Article": story_by,
    "articles.CaseStudy": case_study_of,
    "articles.Campaign": lambda author, status: make_campaign(),
    "articles.Person": lambda author, status: Person.objects.create(name=f"人员{_n()}"),
    "departments.Department": lambda author, status: make_department(),
    "editions.Issue": lambda author, status: make_issue(),
    "editions.Page": lambda author, status: make_page(number=1 + _n() % 50),
    "proofing.PreferredForm": lambda author, status: PreferredForm.objects.create(wrong=f"错写{_n()}", right="正写"),
    "proofing.ProtectedName": lambda author, status: ProtectedName.objects.create(name=f"固定名称{_n()}"),
    "proofing.BannedWord": lambda author, status: BannedWord.objects.create(word=f"禁用{_n()}"),
    "readership.StoryViews": lambda author, status: StoryViews.objects.create(
        story=story_by(author, Status.PUBLISHED), day=datetime.date(2026, 1, 1), views=3
    ),
    "partners.PartnerKey": lambda author, status: issue_key(name=f"合作方{_n()}", by=make_user(is_superuser=True))[0],
    "auth.User": lambda author, status: make_user(),
    "auth.Group": lambda author, status: Group.objects.create(name=f"小组{_n()}"),
    "axes.AccessAttempt": lambda author, status: AccessAttempt.objects.create(
        username="editor", ip_address="203.0.113.9", user_agent="x", failures_since_start=1
    ),
    "axes.AccessLog": lambda author, status: AccessLog.objects.create(
        username="editor", ip_address="203.0.113.9", user_agent="x"
    ),
    "axes.AccessFailureLog": lambda author, status: AccessFailureLog.objects.create(
        username="editor", ip_address="203.0.113.9", user_agent="x"
    ),
    "articles.Byline": None,
    "articles.Photo": None,
    "articles.StatusChange": None,
    "articles.Practice": None,
    "articles.Lesson": None,
    "articles.KeyFigure": None,
}

# The field each action writes a recognisable value into.
MARKED_FIELD = {
    "articles.Article": "headline",
    "articles.CaseStudy": "opening",
    "articles.Campaign": "slogan",
    "articles.Person": "organisation",
    "departments.Department": "short_name",
    "editions.Issue": "total_number",
    "editions.Page": "name",
    "proofing.PreferredForm": "note",
    "proofing.ProtectedName": "note",
    "proofing.BannedWord": "note",
    "readership.StoryViews": "views",
    "partners.PartnerKey": "contact",
    "auth.User": "first_name",
    "auth.Group": "name",
    "axes.AccessAttempt": "user_agent",
    "axes.AccessLog": "user_agent",
    "axes.AccessFailureLog": "user_agent",
    "articles.Byline": "position",
    "articles.Photo": "caption",
    "articles.Practice": "lead",
    "articles.Lesson": "lead",
    "articles.KeyFigure": "label",
}


def marker_for(label):
    field = MARKED_FIELD[label]
    return str(9000 + _n()) if field in ("total_number", "position", "page_position", "views") else f"标记{_n()}"


@pytest.fixture
def people():
    return {
        "author": make_reporter(),
        "other_reporter": make_reporter(),
        "editor": make_editor(),
        "chief": make_user(is_superuser=True),
    }


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def change_form(people, model, obj):
    """The change form as the chief editor sees it: every field and inline row, filled in."""
    html = client_for(people["chief"]).get(admin_url(model, "change", obj.pk)).content.decode()
    return form_data(html, form_id=f"{model._meta.model_name}_form")


def story_status(obj):
    story = obj if isinstance(obj, Article) else getattr(obj, "article", None)
    return story.status if story is not None else None


# --- the actions, as a browser performs them ------------------------------------------


def try_view(client, people, model, obj, status):
    return client.get(admin_url(model, "change", obj.pk)).status_code == 200


def try_change(client, people, model, obj, status):
    label = model._meta.label
    data = change_form(people, model, obj)
    marker = marker_for(label)
    data[MARKED_FIELD[label]] = marker
    client.post(admin_url(model, "change", obj.pk), data)
    stored = model._base_manager.filter(pk=obj.pk).values_list(MARKED_FIELD[label], flat=True).first()
    return str(stored) == marker


def try_delete(client, people, model, obj, status):
    client.post(admin_url(model, "delete", obj.pk), {"post": "yes"})
    return not model._base_manager.filter(pk=obj.pk).exists()


def without_inline_rows(data):
    """The form as a new object's: no inline rows."""
    prefixes = {key[: -len("-TOTAL_FORMS")] for key in data if key.endswith("-TOTAL_FORMS")}
    kept = {key: value for key, value in data.items() if not any(key.startswith(f"{p}-") for p in prefixes)}
    for prefix in prefixes:
        kept.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    kept.pop("base_version", None)
    return kept


def try_add(client, people, model, obj, status):
    """A new object like `obj`; a part is attached to a fresh story of the author's in the same state."""
    label = model._meta.label
    data = without_inline_rows(change_form(people, model, obj))
    marker = marker_for(label)
    data[MARKED_FIELD[label]] = marker
    n = _n()
    unique_values = {
        "articles.CaseStudy": {"article": str(story_by(people["author"], status).pk)},
        "articles.Campaign": {"name": f"活动{n}", "slug": f"campaign-new-{n}"},
        "departments.Department": {"name": f"部门{n}", "slug": f"dept-new-{n}"},
        "editions.Issue": {"date": str(datetime.date(2031, 1, 1) + datetime.timedelta(days=n)), "number": "1"},
        "editions.Page": {"number": str(60 + n % 40)},
        "proofing.PreferredForm": {"wrong": f"新错写{n}", "right": "正写"},
        "proofing.ProtectedName": {"name": f"新固定名称{n}"},
        "proofing.BannedWord": {"word": f"新禁用{n}"},
        "auth.Group": {"name": marker},
    }
    data.update(unique_values.get(label, {}))
    client.post(admin_url(model, "add"), data)
    return model._base_manager.filter(**{MARKED_FIELD[label]: marker}).exists()


TRIES = {"view": try_view, "add": try_add, "change": try_change, "delete": try_delete}


def model_cases():
    for label in RULES:
        rule = RULES[label]
        for action in ACTIONS:
            states = STORY_STATES if rule.per_story and not (action == "add" and label in ADD_RULES) else [None]
            for status in states:
                for role in ROLES:
                    yield pytest.param(label, action, status, role, id=f"{label}-{action}-{status or 'any'}-{role}")


@pytest.mark.parametrize("label,action,status,role", list(model_cases()))
def test_admin_model_permission_matrix(people, label, action, status, role):
    model, _ = registered()[label]
    rule = ADD_RULES.get(label, RULES[label]) if action == "add" else RULES[label]
    expected = rule(role, action, status)
    obj = MAKERS[label](people["author"], status or Status.DRAFT)
    before = _snapshot(model, obj)
    allowed = TRIES[action](client_for(people[role]), people, model, obj, status or Status.DRAFT)
    assert allowed is expected
    if not expected and action in ("change", "delete"):
        assert _snapshot(model, obj) == before, "a refused action changed nothing"


def _snapshot(model, obj):
    return model._base_manager.filter(pk=obj.pk).values().first()


# --- inline rows, through the form they sit in ------------------------------------------


def inline_parent(parent_label, inline_label, author, status, action):
    """The object whose form holds the rows, with one row of the inline model in it."""
    if parent_label == "articles.Article":
        story = story_by(author, status)
        if inline_label == "articles.Byline":
            Byline.objects.create(article=story, person=Person.objects.create(name=f"记者{_n()}"), position=1)
        elif inline_label == "articles.Photo":
            make_photo(story)
        elif inline_label == "articles.CaseStudy" and action != "add":  # a story has one case study at most
            make_case_study(article=story)
        elif inline_label == "articles.StatusChange":
            StatusChange.objects.create(article=story, from_status="draft", to_status=story.status, by=author)
        return story
    if parent_label == "articles.CaseStudy":
        return case_study_of(author, status)
    if parent_label == "editions.Issue":
        issue = make_issue()
        make_page(issue=issue, number=1)
        return issue
    if parent_label == "editions.Page":
        page = make_page()
        story = story_by(author, status)
        Article.objects.filter(pk=story.pk).update(page=page, page_position=1)
        return page
    raise AssertionError(f"no parent recipe for {parent_label}")


def inline_prefix(data, parent_model, inline_model):
    """The formset's prefix: the name by which the parent reaches its rows, as Django names it."""
    fk = next(f for f in inline_model._meta.concrete_fields if getattr(f, "related_model", None) is parent_model)
    prefix = fk.remote_field.get_accessor_name(model=inline_model).replace("+", "")
    return prefix if f"{prefix}-TOTAL_FORMS" in data else None


def rows_of(parent, inline_model):
    if isinstance(parent, Page) and inline_model is Article:
        return Article.objects.filter(page=parent)
    fk = next(f for f in inline_model._meta.get_fields() if getattr(f, "related_model", None) is type(parent))
    return inline_model._base_manager.filter(**{fk.name: parent})


def try_inline(client, people, parent_model, parent, inline_model, action):
    data = change_form(people, parent_model, parent)
    prefix = inline_prefix(data, parent_model, inline_model)
    if prefix is None:
        return False  # not even the chief editor gets rows to send: read only
    label = inline_model._meta.label
    before = {row.pk: row for row in rows_of(parent, inline_model)}
    if action == "change":
        if label == "articles.Article":
            field, marker = "page_position", str(9000 + _n())
        elif label in MARKED_FIELD:
            field, marker = MARKED_FIELD[label], marker_for(label)
        else:
            field, marker = ("name" if label == "editions.Page" else "opening"), f"标记{_n()}"
        if f"{prefix}-0-{field}" not in data:
            return False
        data[f"{prefix}-0-{field}"] = marker
        client.post(admin_url(parent_model, "change", parent.pk), data)
        return rows_of(parent, inline_model).filter(**{field: marker}).exists()
    if action == "delete":
        if f"{prefix}-0-id" not in data:
            return False
        data[f"{prefix}-0-DELETE"] = "on"
        client.post(admin_url(parent_model, "change", parent.pk), data)
        return rows_of(parent, inline_model).count() < len(before)
    # add: a copy of the first row as a new one
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    row = {key[len(f"{prefix}-0-") :]: value for key, value in data.items() if key.startswith(f"{prefix}-0-")}
    if label == "articles.CaseStudy" and total == 0:
        row = {"campaign": str(make_campaign().pk), "opening": "导语。"}
    if not row:
        return False
    row.pop("id", None)
    row.pop("DELETE", None)
    if label == "articles.Byline":
        row["person"] = str(Person.objects.create(name=f"新记者{_n()}").pk)
    if label == "editions.Page":
        row["number"] = str(70 + _n() % 20)
    for key, value in row.items():
        data[f"{prefix}-{total}-{key}"] = value
    if label == "articles.Photo":
        data[f"{prefix}-{total}-image"] = image_upload("新图.png")
    data[f"{prefix}-TOTAL_FORMS"] = str(total + 1)
    client.post(admin_url(parent_model, "change", parent.pk), data)
    return rows_of(parent, inline_model).count() > len(before)


def inline_cases():
    for (parent_label, inline_label), rule in INLINE_RULES.items():
        for action in ["add", "change", "delete"]:
            for status in STORY_STATES if rule.per_story else [None]:
                for role in ROLES:
                    yield pytest.param(
                        parent_label,
                        inline_label,
                        action,
                        status,
                        role,
                        id=f"{parent_label}>{inline_label}-{action}-{status or 'any'}-{role}",
                    )


@pytest.mark.parametrize("parent_label,inline_label,action,status,role", list(inline_cases()))
def test_admin_inline_permission_matrix(people, parent_label, inline_label, action, status, role):
    parent_model, inline = registered_inlines()[(parent_label, inline_label)]
    expected = INLINE_RULES[(parent_label, inline_label)](role, action, status)
    parent = inline_parent(parent_label, inline_label, people["author"], status or Status.DRAFT, action)
    allowed = try_inline(client_for(people[role]), people, parent_model, parent, inline.model, action)
    assert allowed is expected


def test_the_matrix_is_as_large_as_the_admin(people):
    """The size of what the two tests above check, for the closing note (printed with -s)."""
    models = list(model_cases())
    inlines = list(inline_cases())
    print(f"\n{len(RULES)} models, {len(INLINE_RULES)} inlines: {len(models)} + {len(inlines)} cases")
    assert len(models) >= len(RULES) * len(ACTIONS) * len(ROLES)
