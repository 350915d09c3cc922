"""The page: A4 with 2.2 cm side margins and 2.5 cm top and bottom margins (in points).

The numbers are computed as reportlab's units and page sizes compute them (inch / 2.54 a
centimetre, A4 as 210 x 297 mm), so that every position on a page is the same float.
"""

INCH = 72.0
CM = INCH / 2.54
MM = CM * 0.1
PAGE_WIDTH, PAGE_HEIGHT = 210 * MM, 297 * MM
SIDE_MARGIN = 2.2 * CM
TOP_MARGIN = 2.5 * CM
BOTTOM_MARGIN = 2.5 * CM
FRAME_WIDTH = PAGE_WIDTH - 2 * SIDE_MARGIN
