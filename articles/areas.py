"""
A story's area on its page image: a polygon of points in fractions of the page, or the rectangle around it.

Newspaper stories are often L-shaped or wrap around a photo, so the area is a
polygon; the four rectangle fields (area_left/top/width/height) always hold the
polygon's bounding box, so everything that only needs a rectangle (the admin
list, an old export) keeps working, and a rectangle is a polygon of four points.
"""

from django.core.exceptions import ValidationError

# What set_area writes: save(update_fields=FIELDS) after it.
FIELDS = ["area_polygon", "area_left", "area_top", "area_width", "area_height"]
MAX_POINTS = 400
# Rounded so that the stored text stays short and equal polygons compare equal.
DIGITS = 5


def clean_polygon(value):
    """[[x, y], ...] with 3 to MAX_POINTS points inside the page, rounded; ValidationError (in Chinese) otherwise."""
    if value in (None, "", []):
        return None
    if not isinstance(value, list | tuple) or not 3 <= len(value) <= MAX_POINTS:
        raise ValidationError(f"版面热区的多边形需要 3 到 {MAX_POINTS} 个顶点。")
    points = []
    for point in value:
        try:
            x, y = (float(coordinate) for coordinate in point)
        except (TypeError, ValueError):
            raise ValidationError("版面热区的顶点应是一对数字（横、纵坐标）。") from None
        if not (0 <= x <= 1.0001 and 0 <= y <= 1.0001):
            raise ValidationError("版面热区超出了版面图的范围。")
        points.append([round(min(x, 1.0), DIGITS), round(min(y, 1.0), DIGITS)])
    xs, ys = [x for x, _ in points], [y for _, y in points]
    if max(xs) - min(xs) <= 0 or max(ys) - min(ys) <= 0:
        raise ValidationError("版面热区的多边形没有面积。")
    return points


def bounding_box(points):
    """(left, top, width, height) of a polygon."""
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)


def rectangle(left, top, width, height):
    """The four corners of a rectangle, clockwise from the top left."""
    return [[left, top], [left + width, top], [left + width, top + height], [left, top + height]]


def same_box(box, other, tolerance=1e-4):
    return None not in other and all(abs(a - b) <= tolerance for a, b in zip(box, other, strict=True))


def is_rectangle(points):
    """Four corners on two x and two y values: a plain rectangle, kept in the four rectangle fields only."""
    return len(points) == 4 and len({x for x, _ in points}) == 2 and len({y for _, y in points}) == 2


def set_area(article, points):
    """Give `article` the area `points` (None clears it): the polygon and its bounding box together.

    A rectangle is stored as one (the bounding box, no outline), as the area editor stores it.
    """
    points = clean_polygon(points)
    article.area_polygon = None if points and is_rectangle(points) else points
    box = bounding_box(points) if points else (None, None, None, None)
    article.area_left, article.area_top, article.area_width, article.area_height = box
