"""The site's idea of "now", in one place so that tests can move the clock."""

from django.utils import timezone


def now():
    return timezone.now()
