"""
校对 on a story: the proofing engine's findings on its kicker, headline, subheadline and body, where each one
is, whether an editor has acknowledged it (已核), a one-click fix, and the gate before approval and scheduling.

The body is sanitized HTML: it is checked as plain text, with each character's place in the HTML kept, so that a
fix replaces exactly the characters found and nothing of the markup around them.
"""

import dataclasses
import html
import json

import reversion
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from core import clock
from proofing import check_text, lists_for_checking, text_and_places

from . import policy
from .models import Article, ProofAcknowledgement, StatusChange
from .people import name_of

FIELDS = {"kicker": "引题", "headline": "主题", "subheadline": "副题", "body": "正文"}
FAMILIES = {
    "banned": "禁用词",
    "punctuation": "标点",
    "numbers": "数字",
    "repeats": "重复",
    "traditional": "繁体字",
    "confusables": "易混字词",
    "house_style": "本报用法",
    "names": "人名地名",
}
AROUND = 12  # characters shown either side of a finding
KEPT = 8  # characters either side that must still read the same for an acknowledgement to hold
STALE = "稿件已改动，请刷新后再试。"


@dataclasses.dataclass(frozen=True)
class StoryFinding:
    """One finding of the engine, in one field of the story."""

    field: str
    finding: object  # proofing.Finding
    text: str  # the field's (plain) text the finding's offsets are into

    @property
    def start(self):
        return self.finding.start

    @property
    def end(self):
        return self.finding.end

    @property
    def found(self):
        return self.text[self.start : self.end]

    @property
    def key(self):
        """What an acknowledgement must match: the finding and the text just around it."""
        before = self.text[max(0, self.start - KEPT) : self.start]
        found = self.found[: ProofAcknowledgement._meta.get_field("found").max_length]
        return (self.field, self.finding.rule, found, before, self.text[self.end : self.end + KEPT])

    @property
    def token(self):
        """What the panel's buttons send back, to find the same finding in the stored story again."""
        finding = self.finding
        return json.dumps(
            [self.field, finding.rule, self.start, self.end, self.found, finding.suggestion], ensure_ascii=False
        )

    def shown(self):
        before = self.text[max(0, self.start - AROUND) : self.start]
        after = self.text[self.end : self.end + AROUND]
        return {
            "before": ("…" if self.start > AROUND else "") + before.replace("\n", " ⏎ "),
            "found": self.found,
            "after": after.replace("\n", " ⏎ ") + ("…" if self.end + AROUND < len(self.text) else ""),
        }


def field_text(article, field):
    value = getattr(article, field) or ""
    return text_and_places(value)[0] if field == "body" else value


def check_story(article):
    """Every finding on the story's kicker, headline, subheadline and body: one check of the story."""
    return check_texts({field: field_text(article, field) for field in FIELDS})


def check_texts(texts):
    """[StoryFinding] for {field: plain text}, the newsroom's lists read once."""
    found, context = [], lists_for_checking()
    for field, text in texts.items():
        if text.strip():
            kind = "body" if field == "body" else "headline"
            found.extend(StoryFinding(field, finding, text) for finding in check_text(text, context=context, kind=kind))
    return found


def check_imported(story):
    """The findings on a story parsed by the text import (articles.importing), to list on its review page."""
    body = "\n".join(f"{block.get('lead', '')}{block.get('text', '')}" for block in story.body_blocks())
    texts = {"kicker": story.kicker, "headline": story.headline_text, "subheadline": story.subheadline, "body": body}
    return [
        {
            "field": FIELDS[item.field],
            "family": FAMILIES.get(item.finding.family, item.finding.family),
            "message": item.finding.message,
            "suggestion": item.finding.suggestion,
            "blocking": item.finding.blocking,
            **item.shown(),
        }
        for item in check_texts(texts)
    ]


def acknowledgements(article, findings):
    """{finding key: its ProofAcknowledgement} for the story's non-blocking findings that are acknowledged."""
    if not findings or article.pk is None:
        return {}
    keys = {item.key for item in findings if not item.finding.blocking}
    stored = ProofAcknowledgement.objects.filter(article=article).select_related("by__person").order_by("at")
    return {ack.key: ack for ack in stored if ack.key in keys}


def outstanding(article):
    """(blocking findings, open findings): what holds the story back from approval and scheduling."""
    findings = check_story(article)
    acknowledged = acknowledgements(article, findings)
    blocking = [item for item in findings if item.finding.blocking]
    open_ = [item for item in findings if not item.finding.blocking and item.key not in acknowledged]
    return blocking, open_


def gate(article, action_label):
    """ValidationError in Chinese while banned words or unacknowledged findings are in the story."""
    blocking, open_ = outstanding(article)
    if blocking:
        words = "、".join(dict.fromkeys(f"“{item.found}”" for item in blocking))
        raise ValidationError(f"稿件中有禁用词{words}，删改后才能{action_label}。")
    if open_:
        shown = "、".join(dict.fromkeys(f"“{item.found}”" for item in open_[:5]))
        more = f"等 {len(open_)} 处" if len(open_) > 5 else f"共 {len(open_)} 处"
        raise ValidationError(
            f"校对提示还没有处理：{shown}{more}。请在“校对”栏中改正，或逐条点“已核”，然后才能{action_label}。"
        )


def panel(user, article):
    """What the 校对 panel on the story form lists: findings grouped by family, in the order of the story."""
    findings = check_story(article)
    acknowledged = acknowledgements(article, findings)
    groups = {}
    for item in findings:
        ack = acknowledged.get(item.key)
        groups.setdefault(item.finding.family, []).append(
            {
                "field": FIELDS[item.field],
                "message": item.finding.message,
                "suggestion": item.finding.suggestion,
                "blocking": item.finding.blocking,
                "token": item.token,
                "acknowledged": {"by": name_of(ack.by) if ack.by_id else "—", "at": ack.at} if ack else None,
                **item.shown(),
            }
        )
    order = list(FAMILIES)
    return {
        "proof_groups": [
            (FAMILIES.get(family, family), items)
            for family, items in sorted(groups.items(), key=lambda pair: _rank(order, pair[0]))
        ],
        "proof_count": len(findings),
        "proof_open": sum(1 for item in findings if item.finding.blocking or item.key not in acknowledged),
        "proof_can_act": policy.can_edit(user, article),
    }


def _rank(order, family):
    return order.index(family) if family in order else len(order)


def _matching(article, token):
    """The stored story's finding the token names, still reading the same, or ValidationError(STALE)."""
    try:
        field, rule, start, end, found, suggestion = json.loads(token)
    except (TypeError, ValueError):
        raise ValidationError(STALE) from None
    for item in check_story(article):
        finding = item.finding
        if (item.field, finding.rule, item.start, item.end, item.found, finding.suggestion) == (
            field,
            rule,
            start,
            end,
            found,
            suggestion,
        ):
            return item
    raise ValidationError(STALE)


def _replaced(article, item, suggestion):
    """The field's new stored value with exactly the finding's characters replaced by `suggestion`."""
    value = getattr(article, item.field) or ""
    if item.field != "body":
        return value[: item.start] + suggestion + value[item.end :]
    _text, places = text_and_places(value)
    spans = places[item.start : item.end]
    if not spans or any(span is None for span in spans):
        raise ValidationError("这处文字跨段落，请在编辑器中修改。")
    # Every character found must be written in one run of text: no tag inside, no entity cut in two.
    cut_before = item.start > 0 and places[item.start - 1] == spans[0]
    cut_after = item.end < len(places) and places[item.end] == spans[-1]
    joined = all(spans[i][1] == spans[i + 1][0] or spans[i] == spans[i + 1] for i in range(len(spans) - 1))
    if cut_before or cut_after or not joined:
        raise ValidationError("这处文字中间有格式，请在编辑器中修改。")
    start, end = spans[0][0], spans[-1][1]
    return value[:start] + html.escape(suggestion, quote=False) + value[end:]


@transaction.atomic
def apply_fix(*, article, token, by):
    """Replace the finding's characters with its suggestion in the stored story, as a saved revision."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    if not policy.can_edit(by, article):
        raise PermissionDenied("你不能修改这篇稿件。")
    item = _matching(article, token)
    suggestion = item.finding.suggestion
    if suggestion is None:
        raise ValidationError("这条校对提示没有建议的改法，请在表单中修改。")
    setattr(article, item.field, _replaced(article, item, suggestion))
    article.updated_by = by
    with reversion.create_revision():
        article.save()
        reversion.set_user(by)
        reversion.set_comment(f"校对：{FIELDS[item.field]}“{item.found}”改为“{suggestion}”")
    return article, item


@transaction.atomic
def acknowledge(*, article, token, by):
    """已核: the finding holds the story back no more; who and when go into the review trail."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    if not policy.can_edit(by, article):
        raise PermissionDenied("你不能核对这篇稿件。")
    item = _matching(article, token)
    if item.finding.blocking:
        raise ValidationError(f"“{item.found}”是禁用词，不能标为已核，请删改。")
    field, rule, found, before, after = item.key
    now = clock.now()
    ProofAcknowledgement.objects.create(
        article=article,
        field=field,
        rule=rule,
        found=found,
        before=before,
        after=after,
        start=item.start,
        by=by,
        at=now,
    )
    role = "编辑" if policy.is_editor(by) else "记者"
    StatusChange.objects.create(
        article=article,
        from_status=article.status,
        to_status=article.status,
        by=by,
        at=now,
        publish_at=article.publish_at,
        comment=f"已核：{FIELDS[field]}“{found}”（{item.finding.message}；{role} {name_of(by)}）",
    )
    return article, item
