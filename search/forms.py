from django import forms

from articles.models import Article
from departments.models import Department

from .tokens import MAX_QUERY_CHARS


class SearchForm(forms.Form):
    q = forms.CharField(label="关键词", required=False)
    department = forms.ModelChoiceField(
        label="部门", queryset=Department.objects.all(), to_field_name="slug", required=False, empty_label="全部部门"
    )
    kind = forms.ChoiceField(label="体裁", choices=[("", "全部体裁"), *Article.Kind.choices], required=False)
    date_from = forms.DateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean_q(self):
        # A pasted page of text is cut, not refused: the reader still gets results.
        return self.cleaned_data["q"][:MAX_QUERY_CHARS]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "截止日期不能早于起始日期。")
            data.pop("date_to", None)
        return data

    def filters(self):
        """The valid filters; a field the reader got wrong is shown as an error and left out."""
        self.is_valid()  # cleans the fields; those with errors are left out of cleaned_data
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(name) for name in ("department", "kind", "date_from", "date_to")}
