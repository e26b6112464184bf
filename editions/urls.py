from django.urls import path, register_converter

from . import views


class TwoDigits:
    regex = "[0-9]{2}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):02d}"


class Year:
    regex = "[0-9]{4}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):04d}"


register_converter(TwoDigits, "dd")
register_converter(Year, "yyyy")

app_name = "editions"

urlpatterns = [
    path("", views.FrontPageView.as_view(), name="front"),
    path("archive/", views.BackIssuesView.as_view(), name="back_issues"),
    path("archive/<yyyy:year>/<dd:month>/", views.BackIssuesView.as_view(), name="back_issues_month"),
    path("<yyyy:year>/<dd:month>/<dd:day>/", views.IssueView.as_view(), name="issue"),
    path("<yyyy:year>/<dd:month>/<dd:day>/pdf/", views.edition_pdf, name="edition_pdf"),
    path("<yyyy:year>/<dd:month>/<dd:day>/<int:number>/", views.PageView.as_view(), name="page"),
]
