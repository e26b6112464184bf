"""How the newsroom names a colleague: by the name on their byline, never by an account name."""


def name_of(user):
    """曹艺, not caoyi: the linked byline person's name, else the account's full name, else its user name."""
    if user is None:
        return "其他人"
    person = getattr(user, "person", None) if _has_person(user) else None
    if person is not None and person.name:
        return person.name
    full_name = f"{user.last_name}{user.first_name}".strip()
    return full_name or user.get_username()


def _has_person(user):
    try:
        return user.person is not None
    except Exception:  # RelatedObjectDoesNotExist: an account with no byline person
        return False
