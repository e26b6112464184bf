"""
A story's region on the page: its boxes, their union as one polygon, and the rules between regions.

A story's boxes are its headline block, its photos (with their captions) and
its text columns (neighbouring columns over the same rows as one box). Boxes of
one story that stand side by side are a gutter apart; the gutter between them
is the story's own, so one of them is widened over it (or, where neither can
be, a strip of gutter is a box of its own). Then the union of a story's boxes
is one polygon without holes, and no two stories' boxes overlap: each gutter
is claimed only beside rows that are the same story's on both sides.

Coordinates in the ground truth are fractions of the page, each rounded to a
multiple of 2**-20 (a millionth of the page, near enough): such numbers add up
exactly in floating point, so boxes that touch on the page touch in the truth.
"""

from shapely import affinity, box, unary_union
from shapely.geometry import LineString, MultiLineString, Polygon
from shapely.geometry.polygon import orient

from .grid import PAGE_HEIGHT, PAGE_WIDTH

QUANTUM = 2**-20


def story_boxes(grid, rects, runs):
    """The rects as boxes in pt [(left, top, width, height)], widened over the story's own gutters in the
    rects' order of preference, and the strips of gutter no box could be widened over."""
    boxes = [list(grid.box(rect)) for rect in rects]
    bridges = []
    for column in sorted(runs):
        if column + 1 not in runs:
            continue
        (top_a, bottom_a), (top_b, bottom_b) = runs[column], runs[column + 1]
        shared = set(range(max(top_a, top_b), min(bottom_a, bottom_b)))
        for rect in rects:
            if rect.c0 <= column and rect.c1 >= column + 2:
                shared -= set(range(rect.r0, rect.r1))
        # Widen a box over the gutter where every row beside it is the story's.
        for index, rect in enumerate(rects):
            rows = set(range(rect.r0, rect.r1))
            if rect.c1 == column + 1 and rows and rows <= shared:
                boxes[index][2] += grid.gutter
                shared -= rows
            elif rect.c0 == column + 1 and rows and rows <= shared:
                boxes[index][0] -= grid.gutter
                boxes[index][2] += grid.gutter
                shared -= rows
        for first, end in _row_runs(shared):
            left = grid.right(column)
            bridges.append((left, grid.y(first), grid.gutter, grid.y(end) - grid.y(first)))
    return [tuple(b) for b in boxes], bridges


def area_shape(grid, runs):
    """What the story's boxes must cover: its column runs and the gutters between them."""
    shapes = []
    for column, (top, bottom) in runs.items():
        if bottom > top:
            shapes.append(box(grid.left(column), grid.y(top), grid.right(column), grid.y(bottom)))
        if column + 1 in runs:
            first = max(top, runs[column + 1][0])
            end = min(bottom, runs[column + 1][1])
            if end > first:
                shapes.append(box(grid.right(column), grid.y(first), grid.left(column + 1), grid.y(end)))
    return unary_union(shapes)


def _row_runs(rows):
    runs = []
    for row in sorted(rows):
        if runs and runs[-1][1] == row:
            runs[-1][1] = row + 1
        else:
            runs.append([row, row + 1])
    return runs


def quantize(value):
    return round(value / QUANTUM) * QUANTUM


def fraction_box(pt_box):
    """(left, top, width, height) in pt as fractions of the page, edges on the 2**-20 lattice."""
    left, top, width, height = pt_box
    x0, x1 = quantize(left / PAGE_WIDTH), quantize((left + width) / PAGE_WIDTH)
    y0, y1 = quantize(top / PAGE_HEIGHT), quantize((top + height) / PAGE_HEIGHT)
    return [x0, y0, x1 - x0, y1 - y0]


def union_of(boxes):
    return unary_union([box(left, top, left + width, top + height) for left, top, width, height in boxes])


def outline(boxes):
    """The outer boundary of the boxes' union: points clockwise as seen on the page, from its top-left corner.

    With y growing downwards, clockwise on the page is counter-clockwise in
    shapely's (y-up) sense, which orient(sign=1.0) gives.
    """
    shape = union_of(boxes)
    if not isinstance(shape, Polygon) or shape.interiors:
        raise ValueError(f"the boxes {boxes} are not one polygon without holes")
    ring = list(orient(shape.simplify(0), sign=1.0).exterior.coords)[:-1]
    start = min(range(len(ring)), key=lambda i: (ring[i][1], ring[i][0]))
    return [[x, y] for x, y in ring[start:] + ring[:start]]


def rules(grid, shapes):
    """Thin rules between the stories: each story's outline pushed out to the middle of the gaps around it.

    Side by side the gap is a gutter, one above the other a row; the outline is
    offset by half of each (scaling y so that one offset serves both), and cut to
    the content area, so that no rule runs along the page's margins.
    """
    stretch = grid.gutter / grid.line
    lines = []
    for shape in shapes:
        squeezed = affinity.scale(shape, 1, stretch, origin=(0, 0))
        grown = squeezed.buffer(grid.gutter / 2, join_style="mitre", mitre_limit=10)
        lines.append(affinity.scale(grown.exterior, 1, 1 / stretch, origin=(0, 0)))
    content = box(grid.left(0), grid.top, grid.right(grid.columns - 1), grid.bottom)
    drawn = unary_union(lines).intersection(content.buffer(-0.5, join_style="mitre"))
    if isinstance(drawn, LineString):
        drawn = MultiLineString([drawn])
    paths = []
    for line in getattr(drawn, "geoms", []):
        if isinstance(line, LineString) and line.length > 1:
            coords = list(line.coords)
            paths.append("M" + " L".join(f"{x:.2f} {y:.2f}" for x, y in coords))
    return paths
