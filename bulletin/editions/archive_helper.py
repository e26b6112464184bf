"""
What the archive generator's helper processes run. Imported by a fresh process
before Django is set up, so nothing here imports Django at module level.
"""

import pickle

_state = {}


def start(pickled):
    import django

    django.setup()
    _state["references"], _state["options"] = pickle.loads(pickled)


def plan_days(days):
    from .archive_day import Chunk, DayPlanner

    chunk = Chunk()
    for day in days:
        DayPlanner(day, _state["references"], _state["options"]).plan_into(chunk)
    return chunk
