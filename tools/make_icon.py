"""Draw the app icon (a market stall awning over a green leaf) into resources/icons/.

Run `python tools/make_icon.py` after changing the drawing; the PNG and ICO are committed.
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "icons"
SIZE = 1024
RED, CREAM, GREEN, DARK_GREEN, GOLD = "#d8402f", "#fff7e6", "#3f9b4a", "#2a6e34", "#f2b632"


def draw(size: int = SIZE) -> Image.Image:
    s = size / 1024
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    # Rounded tile
    d.rounded_rectangle([32 * s, 32 * s, 992 * s, 992 * s], radius=200 * s, fill=CREAM, outline=DARK_GREEN,
                        width=round(28 * s))
    # Awning: five scalloped stripes, red and white
    top, bottom = 150 * s, 390 * s
    left, right = 130 * s, 894 * s
    stripe = (right - left) / 5
    for i in range(5):
        x0 = left + i * stripe
        colour = RED if i % 2 == 0 else "#ffffff"
        d.rectangle([x0, top, x0 + stripe, bottom - 40 * s], fill=colour)
        d.pieslice([x0, bottom - 100 * s, x0 + stripe, bottom + 20 * s], 0, 180, fill=colour)
    d.rectangle([left - 20 * s, top - 40 * s, right + 20 * s, top + 10 * s], fill=DARK_GREEN)
    # Stall counter
    d.rounded_rectangle([190 * s, 720 * s, 834 * s, 860 * s], radius=30 * s, fill=GOLD)
    # A leaf (the cooperative's produce) leaning over the counter
    a, b = (350 * s, 700 * s), (700 * s, 420 * s)  # stem end, tip
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = math.hypot(dx, dy)
    nx, ny = -dy / length, dx / length
    half = 120 * s
    side1 = [(a[0] + dx * t + nx * half * math.sin(math.pi * t), a[1] + dy * t + ny * half * math.sin(math.pi * t))
             for t in (i / 40 for i in range(41))]
    side2 = [(a[0] + dx * t - nx * half * math.sin(math.pi * t), a[1] + dy * t - ny * half * math.sin(math.pi * t))
             for t in (i / 40 for i in range(40, -1, -1))]
    d.polygon(side1 + side2, fill=GREEN)
    d.line([(a[0] - 40 * s, a[1] + 40 * s), (a[0] + dx * 0.85, a[1] + dy * 0.85)], fill=DARK_GREEN,
           width=round(18 * s))
    return img


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    big = draw()
    big.resize((256, 256), Image.LANCZOS).save(OUT / "gianhang.png")
    big.resize((512, 512), Image.LANCZOS).save(OUT / "gianhang-512.png")
    big.save(OUT / "gianhang.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
