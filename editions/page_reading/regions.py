"""
A story's region: the union of its parts' rectangles as one rectilinear polygon.

The parts are its head stack (as wide as the columns under it), its column blocks (as
wide as their column, as tall as their lines with the leading around them) and its
photos with their captions. Then, never over another story's part:

* a column that ends short of the column on its left (the last column of a story cut
  after a sentence) is filled down to it;
* each outer edge goes out to its share of the gap around the story: half a line short
  of a rule between stories, or down to where the page's text ends at the foot;
* gutters between the story's own columns and the gaps between its stacked parts are
  bridged.

The union's outline is snapped (edges less than about half a line apart become one) and
all its corners are right angles: a rectangle has 4 points, an L-shape 6. When the
parts still do not touch, the gaps between them are bridged by their bounding
rectangles if that covers no other story; otherwise the largest part is kept and the
region is marked doubtful.
"""

from shapely import box as shapely_box
from shapely import union_all
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.polygon import orient

from .stories import frame


def story_rectangles(story, size, frames):
    """The rectangles (x0, top, x1, bottom) of the story's parts, gutters bridged, in points."""
    rects = []
    for block in story.blocks:
        left, right = frame(block, frames)
        lead = max(block.pitch - block.size, 0) / 2
        rects.append((left, block.top - lead, right, block.bottom + lead))
    for picture in story.pictures:
        rects.append(picture.unit_box)
    head = story.head
    if head is not None:
        x0, top, x1, bottom = head.x0, head.top, head.x1, head.bottom
        under = [
            r
            for r in rects
            if r[1] >= bottom - 2 and r[1] - bottom <= 4 * size and r[0] < head.reach[1] and r[2] > head.reach[0]
        ]
        if under:
            x0 = min([x0] + [r[0] for r in under])
            x1 = max([x1] + [r[2] for r in under])
            bottom = min(r[1] for r in under)
        rects.append((x0, top, x1, bottom))
    return rects


def fill_ragged(rects, obstacles, size):
    """Extend a column down to the end of the column beside it when it starts no lower and ends higher.

    Only white is filled: an extension that would cover another story's part is not made.
    """
    rects = [list(r) for r in rects]
    reach = 3.0 * size
    for _ in range(2):
        for a in rects:
            for b in rects:
                if a is b:
                    continue
                beside = -1 <= b[0] - a[2] <= reach or -1 <= a[0] - b[2] <= reach
                if beside and a[1] <= b[1] + 2 * size and a[3] > b[1] and b[3] > a[3]:
                    extension = (a[0], a[3], a[2], b[3])
                    if _free(extension, obstacles):
                        a[3] = b[3]
    return [tuple(r) for r in rects]


def bridge(rects, obstacles, size):
    """Rectangles that fill the gutters and short gaps between `rects`, where they cross no `obstacles`."""
    extra = []
    reach = 3.0 * size
    for i, a in enumerate(rects):
        for b in rects[i + 1 :]:
            left, right = (a, b) if a[0] <= b[0] else (b, a)
            # Side by side: fill the gutter over the rows they share.
            gap = right[0] - left[2]
            if -1 <= gap <= reach:
                top, bottom = max(a[1], b[1]), min(a[3], b[3])
                if bottom > top:
                    _add(extra, (left[2], top, right[0], bottom), obstacles)
            upper, lower = (a, b) if a[1] <= b[1] else (b, a)
            gap = lower[1] - upper[3]
            if -1 <= gap <= reach:
                x0, x1 = max(a[0], b[0]), min(a[2], b[2])
                if x1 > x0:
                    _add(extra, (x0, upper[3], x1, lower[1]), obstacles)
    return extra


def _free(rect, obstacles):
    x0, top, x1, bottom = rect
    return not any(min(o[2], x1) - max(o[0], x0) > 0.5 and min(o[3], bottom) - max(o[1], top) > 0.5 for o in obstacles)


def _add(extra, rect, obstacles):
    x0, top, x1, bottom = rect
    if x1 - x0 > 0 and bottom - top > 0 and _free(rect, obstacles):
        extra.append(rect)


def reach_rules(rects, obstacles, page):
    """Take each outer edge of the story out to its share of the gap around it.

    Layouts set a rule in the middle of the white between two stories, about one line
    of body text apart: an edge with a rule beyond it goes to half a line short of the
    rule. A bottom edge with nothing at all below it (a story cut short at the foot
    of the page) goes down to where the page's text ends. White that another story's
    part stands in is never taken.
    """
    half = page.pitch / 2
    reach = 15 * page.pitch
    out = []
    for rect in rects:
        x0, top, x1, bottom = rect
        width = x1 - x0

        def covers(other, x0=x0, x1=x1, width=width):
            return min(other[2], x1) - max(other[0], x0) > 0.5 * min(width, other[2] - other[0])

        own_below = any(o is not rect and covers(o) and o[1] >= bottom - 1 for o in rects)
        own_above = any(o is not rect and covers(o) and o[3] <= top + 1 for o in rects)
        if not own_below:
            limit = min((o[1] for o in obstacles if covers(o) and o[1] >= bottom - 1), default=None)
            rule = _rule_y(page.rules, x0, x1, bottom, bottom + reach if limit is None else limit)
            if rule is not None:
                bottom = max(bottom, rule - half)
            elif limit is None and page.text_bottom - bottom <= reach:
                bottom = max(bottom, page.text_bottom)
        if not own_above:
            limit = max((o[3] for o in obstacles if covers(o) and o[3] <= top + 1), default=None)
            floor = max(page.content_top, top - reach if limit is None else limit)
            rule = _rule_y(page.rules, x0, x1, floor, top, lowest=True)
            if rule is not None:
                top = min(top, rule + half)
        out.append((x0, top, x1, bottom))
    return out


def _rule_y(rules, x0, x1, upper, lower, lowest=False):
    """The y of the horizontal rule between y=upper and y=lower across most of x0..x1 nearest `upper` (or `lower`)."""
    found = [
        (r.top + r.bottom) / 2
        for r in rules
        if r.horizontal
        and upper - 1 <= (r.top + r.bottom) / 2 <= lower + 1
        and min(r.x1, x1) - max(r.x0, x0) >= 0.5 * (x1 - x0)
    ]
    if not found:
        return None
    return max(found) if lowest else min(found)


def outline(rects, obstacles, page):
    """(polygon points in points, clockwise from the top-left corner, doubtful) for the union of `rects`."""
    size = page.size
    rects = fill_ragged([r for r in rects if r[2] > r[0] and r[3] > r[1]], obstacles, size)
    rects = reach_rules(rects, obstacles, page)
    shapes = [shapely_box(*r) for r in rects]
    shapes += [shapely_box(*r) for r in bridge(rects, obstacles, size)]
    union = union_all(shapes)
    union = _snap(union, tolerance=max(1.5, 0.6 * page.pitch))
    doubtful = False
    if isinstance(union, MultiPolygon):
        parts = sorted(union.geoms, key=lambda p: -p.area)
        joined = parts[0]
        for part in parts[1:]:
            hull = shapely_box(*_gap_box(joined.bounds, part.bounds))
            blocked = any(
                hull.intersects(shapely_box(*o)) and hull.intersection(shapely_box(*o)).area > 1 for o in obstacles
            )
            if blocked:
                doubtful = True
                continue
            joined = union_all([joined, part, hull])
        union = joined if isinstance(joined, Polygon) else max(joined.geoms, key=lambda p: p.area)
    if not isinstance(union, Polygon) or union.is_empty:
        return [], True
    union = Polygon(union.exterior)  # holes (white space inside) are part of the story's area
    return rectilinear_points(union), doubtful


def _gap_box(a, b):
    """The rectangle spanning the gap between boxes a and b (x0, y0, x1, y1), across their shared extent."""
    x0, x1 = max(a[0], b[0]), min(a[2], b[2])
    y0, y1 = max(a[1], b[1]), min(a[3], b[3])
    if x1 > x0:  # stacked
        return x0, min(a[3], b[3]), x1, max(a[1], b[1])
    if y1 > y0:  # side by side
        return min(a[2], b[2]), y0, max(a[0], b[0]), y1
    return min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])


def _snap(shape, tolerance):
    """Move edges that nearly line up onto one line, so a ragged edge of a point or two is straight."""
    if shape.is_empty:
        return shape
    polygons = shape.geoms if isinstance(shape, MultiPolygon) else [shape]
    xs, ys = [], []
    for polygon in polygons:
        for x, y in polygon.exterior.coords:
            xs.append(x)
            ys.append(y)
    x_map, y_map = _clusters(xs, tolerance), _clusters(ys, tolerance)
    snapped = []
    for polygon in polygons:
        coords = [(x_map[x], y_map[y]) for x, y in polygon.exterior.coords]
        candidate = Polygon(coords).buffer(0)
        if not candidate.is_empty:
            snapped.append(candidate)
    return union_all(snapped)


def _clusters(values, tolerance):
    """Map each value to the outermost value of its run of values no further than `tolerance` apart."""
    ordered = sorted(set(values))
    mapping = {}
    run = [ordered[0]]
    for value in ordered[1:]:
        if value - run[-1] <= tolerance:
            run.append(value)
        else:
            _settle(run, mapping, values)
            run = [value]
    _settle(run, mapping, values)
    return mapping


def _settle(run, mapping, values):
    # The value most corners share wins (the column edge, not a ragged line end).
    counts = {v: values.count(v) for v in run}
    target = max(run, key=lambda v: (counts[v], -abs(v - run[len(run) // 2])))
    for value in run:
        mapping[value] = target


def rectilinear_points(polygon):
    """Exterior corners, clockwise on the page (y down), starting at the top-left corner, collinear points dropped."""
    polygon = orient(polygon, sign=1.0)  # counter-clockwise with y up is clockwise with y down
    points = list(polygon.exterior.coords)[:-1]
    cleaned = []
    count = len(points)
    for index, point in enumerate(points):
        before, after = points[index - 1], points[(index + 1) % count]
        cross = (point[0] - before[0]) * (after[1] - point[1]) - (point[1] - before[1]) * (after[0] - point[0])
        if abs(cross) > 1e-6 and point != before:
            cleaned.append(point)
    if not cleaned:
        return []
    start = min(range(len(cleaned)), key=lambda i: (cleaned[i][1], cleaned[i][0]))
    return cleaned[start:] + cleaned[:start]


def boxes_of(points):
    """The polygon cut into horizontal bands, bands with the same sides merged: (x0, top, x1, bottom) rectangles."""
    if len(points) < 3:
        return []
    polygon = Polygon(points)
    ys = sorted({y for _, y in points})
    bands = []
    for top, bottom in zip(ys, ys[1:], strict=False):
        slab = polygon.intersection(shapely_box(polygon.bounds[0] - 1, top, polygon.bounds[2] + 1, bottom))
        pieces = slab.geoms if hasattr(slab, "geoms") else [slab]
        for piece in pieces:
            if piece.area <= 0:
                continue
            x0, _, x1, _ = piece.bounds
            bands.append([x0, top, x1, bottom])
    merged = []
    for band in bands:
        for other in merged:
            if abs(other[0] - band[0]) < 1e-9 and abs(other[2] - band[2]) < 1e-9 and abs(other[3] - band[1]) < 1e-9:
                other[3] = band[3]
                break
        else:
            merged.append(band)
    return [tuple(b) for b in merged]
