"""How the newsroom names a colleague: by the name on their byline, never by an account name."""

from django.core.exceptions import ObjectDoesNotExist


def name_of(user):
    """曹艺, not caoyi: the linked byline person's name, else the account's full name (family name first), else its
    user name."""
    if user is None:
        return "其他人"
    try:
        person = user.person
    except ObjectDoesNotExist:  # an account with no byline person
        person = None
    if person is not None and person.name:
        return person.name
    return f"{user.last_name}{user.first_name}".strip() or user.get_username()
