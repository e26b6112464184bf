from django import forms
from django.core.exceptions import ValidationError

from articles.models import Article, Campaign
from departments.models import Department

from .reading import MAX_CHARS, UnreadableText, decode_text
from .structure import parse_story


class PasteForm(forms.Form):
    """Step one: the text, pasted or uploaded."""

    text = forms.CharField(
        label="粘贴文字",
        required=False,
        strip=False,
        max_length=MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 18, "cols": 80, "class": "vLargeTextField"}),
        help_text="从排版软件或 PDF 复制出来的整篇稿件，带原来的换行也可以。",
    )
    file = forms.FileField(label="或上传 .txt 文件", required=False, help_text="UTF-8 或 GB18030（GBK）编码的纯文本。")

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        try:
            return decode_text(upload.read())
        except UnreadableText as error:
            raise ValidationError(str(error)) from None

    def clean(self):
        data = super().clean()
        raw = data.get("file") or data.get("text") or ""
        if "file" not in self.errors and not raw.strip():
            raise ValidationError("请粘贴稿件文字，或上传一个 .txt 文件。")
        data["raw"] = raw
        return data


class SaveForm(forms.Form):
    """Step two: the reporter checks what was recognised and saves a draft."""

    raw = forms.CharField(widget=forms.HiddenInput, strip=False, max_length=MAX_CHARS)
    kicker = forms.CharField(label="引题", required=False, max_length=200)
    headline = forms.CharField(
        label="主题", max_length=300, widget=forms.Textarea(attrs={"rows": 2, "cols": 60}), help_text="最多两行"
    )
    subheadline = forms.CharField(label="副题", required=False, max_length=300)
    department = forms.ModelChoiceField(label="部门", queryset=Department.objects.all(), required=False)
    kind = forms.ChoiceField(label="体裁", choices=Article.Kind.choices)
    campaign = forms.ModelChoiceField(
        label="专项活动",
        queryset=Campaign.objects.all(),
        required=False,
        help_text="识别为典型案例并按典型案例保存时必选；做法与启示会分条保存。",
    )

    def clean_headline(self):
        lines = [line.strip() for line in self.cleaned_data["headline"].splitlines() if line.strip()]
        if len(lines) > 2:
            raise ValidationError("主题最多两行，请删去多余的行。")
        return "\n".join(lines)

    def clean(self):
        data = super().clean()
        self.story = parse_story(data.get("raw", ""))
        if data.get("kind") == Article.Kind.CASE_STUDY and self.story.case_study and not data.get("campaign"):
            self.add_error("campaign", "按典型案例保存时，请选择所属的专项活动。")
        return data


def initial_for(story, raw):
    """What the save form starts with: the recognised headline, and a department guessed from the text."""
    from .saving import default_kind

    return {
        "raw": raw,
        "kicker": story.kicker,
        "headline": story.headline_text,
        "subheadline": story.subheadline,
        "kind": default_kind(story),
        "department": guess_department(story),
        "campaign": Campaign.objects.order_by("-starts_on", "-pk").first() if story.case_study else None,
    }


def guess_department(story):
    """The department the kicker names (市区域经济合作局：), else the first one the opening mentions."""
    departments = sorted(Department.objects.all(), key=lambda d: len(d.name), reverse=True)
    kicker = story.kicker.rstrip("：:")
    for department in departments:
        if kicker and kicker in (department.name, department.short_name):
            return department
    blocks = story.body_blocks()
    opening = blocks[0]["text"][:200] if blocks else ""
    found = [(opening.find(d.name), d) for d in departments if d.name in opening]
    return min(found, key=lambda pair: pair[0])[1] if found else None
