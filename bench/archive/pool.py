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


def draw_days(days):
    from .day import Chunk, DayDrawer

    chunk = Chunk()
    for day in days:
        DayDrawer(day, _state["references"], _state["options"]).draw_into(chunk)
    return chunk
