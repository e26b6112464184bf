"""Both search engines provide the whole SearchEngine protocol, and nothing public beside it.

The classes are compared, not the engine the run's database picks, so a run
on either database checks both.
"""

import inspect
from types import SimpleNamespace

import pytest

from search.engines import PostgresEngine, SearchEngine, SqliteEngine, engine_for

ENGINES = [SqliteEngine, PostgresEngine]


def protocol_methods():
    return {
        name: member
        for name, member in vars(SearchEngine).items()
        if not name.startswith("_") and inspect.isfunction(member)
    }


def public_methods(engine_class):
    return {
        name: member
        for name, member in vars(engine_class).items()
        if not name.startswith("_") and inspect.isfunction(member)
    }


def incompatibilities(declared, implemented):
    """How the implemented parameters part from the declared ones, in words; empty when they agree.

    Names, kinds, defaults and positional order must match; an extra parameter is allowed only with a default.
    """
    problems = []
    given = implemented.parameters
    for name, parameter in declared.parameters.items():
        found = given.get(name)
        if found is None:
            problems.append(f"no parameter {name}")
        elif found.kind != parameter.kind:
            problems.append(f"{name} is {found.kind.description}, declared {parameter.kind.description}")
        elif found.default != parameter.default:
            problems.append(f"{name} defaults to {found.default!r}, declared {parameter.default!r}")
    declared_order = [name for name, p in declared.parameters.items() if p.kind is p.POSITIONAL_OR_KEYWORD]
    given_order = [name for name, p in given.items() if p.kind is p.POSITIONAL_OR_KEYWORD]
    if given_order[: len(declared_order)] != declared_order:
        problems.append(f"positional order {given_order}, declared {declared_order}")
    problems += [
        f"extra parameter {name} has no default"
        for name, p in given.items()
        if name not in declared.parameters and p.default is p.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
    ]
    return problems


def test_the_protocol_declares_what_the_site_calls_each_documented():
    methods = protocol_methods()
    assert set(methods) == {
        "create",
        "drop",
        "finish",
        "swap_in",
        "write",
        "delete",
        "copy_out",
        "copy_in",
        "matching_ids_sql",
        "window",
        "by_relevance",
        "heading_matches",
        "highest_id_sql",
        "any_row_sql",
        "size_sql",
    }
    assert [name for name, method in methods.items() if not inspect.getdoc(method)] == []


@pytest.mark.parametrize("engine_class", ENGINES, ids=lambda cls: cls.__name__)
def test_an_engine_provides_every_protocol_method_with_a_compatible_signature(engine_class):
    provided = public_methods(engine_class)
    for name, declared in protocol_methods().items():
        assert name in provided, f"{engine_class.__name__} has no {name}()"
        problems = incompatibilities(inspect.signature(declared), inspect.signature(provided[name]))
        assert problems == [], f"{engine_class.__name__}.{name}: {problems}"
    assert isinstance(engine_class(), SearchEngine)


@pytest.mark.parametrize("engine_class", ENGINES, ids=lambda cls: cls.__name__)
def test_an_engine_has_no_public_method_the_protocol_does_not_declare(engine_class):
    """A method the site could call on one engine but the other lacks would fail on the other database only."""
    assert set(public_methods(engine_class)) - set(protocol_methods()) == set()


def test_the_check_notices_a_parameter_an_engine_gets_wrong():
    def declared(self, cursor, query, *, limit): ...

    assert incompatibilities(inspect.signature(declared), inspect.signature(declared)) == []
    for wrong in (
        lambda self, cursor, *, limit: None,  # a parameter missing
        lambda self, cursor, query, limit: None,  # keyword-only no more
        lambda self, query, cursor, *, limit: None,  # positions swapped
        lambda self, cursor, query, *, limit=10: None,  # a default the protocol does not promise
        lambda self, cursor, query, extra, *, limit: None,  # a new parameter callers do not pass
    ):
        assert incompatibilities(inspect.signature(declared), inspect.signature(wrong)), wrong


@pytest.mark.parametrize(("vendor", "engine_class"), [("sqlite", SqliteEngine), ("postgresql", PostgresEngine)])
def test_each_database_gets_its_engine(vendor, engine_class):
    assert type(engine_for(SimpleNamespace(vendor=vendor))) is engine_class
