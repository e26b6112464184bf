"""
Imports run one way: core ← departments ← articles ← editions ← search | backups | seeds ← bulletin.

Every module of the site (migrations included) is read as a syntax tree and
every import in it, at the top or inside a function, is checked: a package
may import those below it and none beside or above it, and no two modules
import each other, directly or round a longer loop. The benchmarks (bench/)
and the tests may import anything; nothing in the site imports them.
"""

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

# Bottom to top. A package may import the packages of lower layers only.
LAYERS = (
    ("core",),
    ("departments",),
    ("proofing",),
    ("articles",),
    ("editions",),
    # API keys for partners: used by the news API, knows nothing of stories.
    ("partners",),
    ("search", "backups", "seeds", "syndication", "readership", "edge"),
    ("bulletin",),
)
# A layer's place may be written down before its package exists; the walk covers those that do.
LAYER_OF = {
    package: number for number, packages in enumerate(LAYERS) for package in packages if (REPO / package).is_dir()
}
OUTSIDE_THE_SITE = ("bench", "tests")


def module_name(path):
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def site_modules():
    modules = {}
    for package in LAYER_OF:
        for path in sorted((REPO / package).rglob("*.py")):
            modules[module_name(path)] = path
    return modules


MODULES = site_modules()


def imported_names(name, path):
    """(line, dotted name) of everything `path` imports, relative imports resolved."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module
            for alias in node.names:
                # `from x import y` imports module x.y when there is one, else a name from x.
                submodule = f"{source}.{alias.name}"
                yield node.lineno, submodule if submodule in MODULES else source


def site_imports():
    """[(importer, line, imported module)] for every import of one site module by another (or of bench/tests)."""
    found = []
    for name, path in MODULES.items():
        for line, imported in imported_names(name, path):
            top = imported.split(".")[0]
            if top in LAYER_OF or top in OUTSIDE_THE_SITE:
                found.append((name, line, imported))
    return found


IMPORTS = site_imports()


def test_every_top_level_package_has_a_layer():
    packages = {path.parent.name for path in REPO.glob("*/__init__.py")} - set(OUTSIDE_THE_SITE)
    assert packages - set(LAYER_OF) == set(), "add the new package to LAYERS"


def test_the_walk_reads_every_package_of_the_site():
    assert {name.split(".")[0] for name in MODULES} == set(LAYER_OF)
    assert len(MODULES) > 150
    # Lazy imports inside functions count too: the search effects read stories that way.
    assert ("search.effects", "articles.models") in {(importer, imported) for importer, _, imported in IMPORTS}


@pytest.mark.parametrize("package", sorted(LAYER_OF))
def test_a_package_imports_only_the_layers_below_it(package):
    wrong = []
    for importer, line, imported in IMPORTS:
        here, there = importer.split(".")[0], imported.split(".")[0]
        if here != package or here == there:
            continue
        if there in OUTSIDE_THE_SITE or LAYER_OF[there] >= LAYER_OF[here]:
            wrong.append(f"{importer} (line {line}) imports {imported}")
    assert not wrong, f"{package} may import only {lower_than(package)}:\n" + "\n".join(wrong)


def lower_than(package):
    below = [p for p in LAYER_OF if LAYER_OF[p] < LAYER_OF[package]]
    return ", ".join(below) or "no package of the site"


def test_no_two_modules_import_each_other():
    graph = {}
    for importer, _, imported in IMPORTS:
        if imported in MODULES and imported != importer:
            graph.setdefault(importer, set()).add(imported)
    loops = strongly_connected(graph)
    assert not loops, "modules that import each other:\n" + "\n".join(" ⇄ ".join(sorted(loop)) for loop in loops)


def strongly_connected(graph):
    """Tarjan's algorithm: the groups of more than one module that reach each other."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_the_loop_finder_finds_a_loop():
    assert strongly_connected({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [{"a", "b", "c"}]
    assert strongly_connected({"a": {"b"}, "b": set()}) == []


def test_every_package_says_what_lives_there_and_what_it_may_import():
    for package in LAYER_OF:
        docstring = ast.get_docstring(ast.parse((REPO / package / "__init__.py").read_text()))
        assert docstring and "import" in docstring, f"{package}/__init__.py needs a docstring naming what it may import"
