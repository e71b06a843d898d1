"""A QR code as a LaTeX ``picture`` of rules: vector, in no package and no image file."""

from __future__ import annotations

import segno


def qr_picture(data: str, size_mm: int = 30) -> str:
    """The QR code of ``data`` (an address), ``size_mm`` wide, without its quiet zone.

    Each row's runs of dark modules are one ``\\rule`` each: a few hundred rules for an
    address, drawn by TeX itself, sharp at any size.
    """
    code = segno.make(data, error="m", micro=False)
    rows = code.matrix
    count = len(rows)
    # The module as a whole number of scaled points: the same picture on every machine.
    unit = round(size_mm * 186467.98 / count)  # 1 mm = 186467.98 sp
    lines = [
        rf"{{\setlength{{\unitlength}}{{{unit}sp}}\begin{{picture}}({count},{count})",
    ]
    for y, row in enumerate(rows):
        x = 0
        while x < count:
            if not row[x]:
                x += 1
                continue
            start = x
            while x < count and row[x]:
                x += 1
            lines.append(
                rf"\put({start},{count - 1 - y}){{\rule{{{x - start}\unitlength}}{{\unitlength}}}}"
            )
    lines.append(r"\end{picture}}")
    return "\n".join(lines)
