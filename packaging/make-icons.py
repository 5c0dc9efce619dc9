"""Draw the application icon (a blue page with a red seal) and write it as PNG (Linux),
ICO (Windows) and ICNS (macOS) into packaging/icons/. Run again only to change the icon:
`python packaging/make-icons.py` (needs Pillow)."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent / "icons"
NAVY, PAPER, LINE, SEAL = (31, 58, 95), (250, 250, 246), (150, 160, 175), (176, 0, 32)


def draw(size: int = 1024) -> Image.Image:
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    s = size / 1024
    d.rounded_rectangle((64 * s, 64 * s, 960 * s, 960 * s), radius=160 * s, fill=NAVY)
    d.rounded_rectangle((250 * s, 170 * s, 774 * s, 860 * s), radius=28 * s, fill=PAPER)
    for i in range(7):
        y = (270 + i * 70) * s
        d.rounded_rectangle((310 * s, y, (714 if i % 3 != 2 else 560) * s, y + 22 * s),
                            radius=11 * s, fill=LINE)
    d.ellipse((560 * s, 620 * s, 800 * s, 860 * s), fill=SEAL)
    d.ellipse((610 * s, 670 * s, 750 * s, 810 * s), outline=PAPER, width=max(1, int(14 * s)))
    return img


def main() -> None:
    HERE.mkdir(exist_ok=True)
    img = draw()
    img.resize((256, 256), Image.LANCZOS).save(HERE / "mla-writer.png")
    img.save(HERE / "mla-writer.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48),
                                             (64, 64), (128, 128), (256, 256)])
    img.save(HERE / "mla-writer.icns")
    print(f"icons written to {HERE}")


if __name__ == "__main__":
    main()
