"""
Press photos drawn with Pillow: a sky, a horizon and something on it (hills, a
street of buildings, a crowd, trees by a river), in seeded colours, as modest
JPEGs. They stand in for photographs, and say so in a corner (示意图).
"""

import base64
import functools
import io
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

PIXELS_PER_PT = 1.4
QUALITY = 72
PALETTES = [
    ("#8ECFF2", "#6DB35A"),
    ("#B5E0F7", "#2F86B8"),
    ("#A3D8F4", "#3E8E3A"),
    ("#F3D7A6", "#A86B3C"),
    ("#C9D6E3", "#7A7F86"),
    ("#FAD4C0", "#B4543A"),
    ("#D6E9F8", "#C8B37A"),
]
LABEL_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"


@functools.cache
def _label_font(size):
    if not Path(LABEL_FONT).exists():
        return None
    return ImageFont.truetype(LABEL_FONT, size, index=2)


def data_url(seed, width_pt, height_pt, colors=()):
    """The picture for a box of width_pt × height_pt, as a data: URL of a JPEG."""
    size = (max(8, round(width_pt * PIXELS_PER_PT)), max(8, round(height_pt * PIXELS_PER_PT)))
    return "data:image/jpeg;base64," + base64.b64encode(picture(seed, size, colors)).decode()


def picture(seed, size, colors=()):
    rng = random.Random(seed)
    width, height = size
    sky, ground = colors or rng.choice(PALETTES)
    image = Image.new("RGB", size, sky)
    draw = ImageDraw.Draw(image)
    horizon = int(height * rng.uniform(0.42, 0.62))
    _sky(draw, width, horizon, sky)
    if rng.random() < 0.6:
        r = height * rng.uniform(0.06, 0.1)
        x, y = width * rng.uniform(0.6, 0.9), horizon * rng.uniform(0.2, 0.5)
        draw.ellipse((x - r, y - r, x + r, y + r), fill="#FFE9A8")
    scene = rng.choice((_hills, _street, _crowd, _river))
    scene(draw, rng, width, height, horizon, ground)
    font = _label_font(max(10, height // 18))
    if font:
        draw.text((width * 0.03, height * 0.03), "示意图", fill="#ffffff", font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=QUALITY, optimize=True)
    return buffer.getvalue()


def _shade(color, factor):
    red, green, blue = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return tuple(max(0, min(255, round(c * factor))) for c in (red, green, blue))


def _sky(draw, width, horizon, sky):
    for y in range(horizon):
        draw.line([(0, y), (width, y)], fill=_shade(sky, 0.85 + 0.25 * y / max(horizon, 1)))


def _hills(draw, rng, width, height, horizon, ground):
    for layer in range(3):
        points = [(0, height)]
        steps = rng.randint(3, 6)
        for step in range(steps + 1):
            points.append((width * step / steps, horizon + height * (layer * 0.1 - rng.uniform(0, 0.14))))
        points.append((width, height))
        draw.polygon(points, fill=_shade(ground, 0.8 + 0.15 * layer))


def _street(draw, rng, width, height, horizon, ground):
    draw.rectangle((0, horizon, width, height), fill=_shade(ground, 0.7))
    x = 0.0
    while x < width:
        w = width * rng.uniform(0.08, 0.2)
        top = horizon - height * rng.uniform(0.1, 0.38)
        color = _shade(rng.choice(PALETTES)[1], rng.uniform(0.7, 1.1))
        draw.rectangle((x, top, x + w, horizon), fill=color)
        for wy in range(int(top) + 6, horizon - 6, 12):
            for wx in range(int(x) + 4, int(x + w) - 6, 10):
                draw.rectangle((wx, wy, wx + 4, wy + 5), fill="#F2EFD8")
        x += w + width * rng.uniform(0.0, 0.03)
    draw.polygon(
        [(width * 0.42, height), (width * 0.49, horizon), (width * 0.51, horizon), (width * 0.58, height)], "#555"
    )


def _crowd(draw, rng, width, height, horizon, ground):
    draw.rectangle((0, horizon, width, height), fill=ground)
    for _ in range(rng.randint(5, 11)):
        x = width * rng.uniform(0.05, 0.95)
        scale = height * rng.uniform(0.16, 0.3)
        foot = horizon + (height - horizon) * rng.uniform(0.3, 0.9)
        coat = _shade(rng.choice(PALETTES)[1], rng.uniform(0.5, 1.0))
        draw.ellipse((x - scale * 0.18, foot - scale, x + scale * 0.18, foot - scale * 0.15), fill=coat)
        r = scale * 0.12
        draw.ellipse((x - r, foot - scale - 2 * r, x + r, foot - scale), fill="#E8C4A0")


def _river(draw, rng, width, height, horizon, ground):
    draw.rectangle((0, horizon, width, height), fill=ground)
    water = _shade(rng.choice(PALETTES)[0], 0.8)
    draw.polygon([(width * 0.3, height), (width * 0.45, horizon), (width * 0.6, horizon), (width, height)], water)
    for _ in range(rng.randint(4, 9)):
        x = width * rng.uniform(0.0, 1.0)
        r = height * rng.uniform(0.05, 0.1)
        draw.rectangle((x - r * 0.12, horizon - r, x + r * 0.12, horizon + r * 0.4), fill="#6B4A2B")
        draw.ellipse((x - r, horizon - 2.6 * r, x + r, horizon - 0.6 * r), fill=_shade(ground, 0.7))
