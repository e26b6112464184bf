import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from articles.models import Person

DEMO_ACCOUNTS = [
    # username, display name, group
    ("editor", "值班编辑", "编辑"),
    ("reporter", "曹艺", "记者"),
]


class Command(BaseCommand):
    help = "Development only: create or reset the demo editor and reporter accounts and print their passwords."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo accounts are for development only (DEBUG is off).")
        User = get_user_model()
        for username, name, group_name in DEMO_ACCOUNTS:
            password = secrets.token_urlsafe(9)
            user, _created = User.objects.get_or_create(username=username)
            user.first_name = name
            user.is_staff = True
            user.set_password(password)
            user.save()
            user.groups.set([Group.objects.get(name=group_name)])
            person = Person.objects.filter(name=name, user__isnull=True).first()
            if person and group_name == "记者":
                person.user = user
                person.save(update_fields=["user"])
            self.stdout.write(f"{group_name}  用户名 {username}  密码 {password}")
