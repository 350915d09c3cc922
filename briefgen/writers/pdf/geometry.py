"""The page: A4 with 2.2 cm side margins and 2.5 cm top and bottom margins (in points)."""

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm

PAGE_WIDTH, PAGE_HEIGHT = A4
SIDE_MARGIN = 2.2 * cm
TOP_MARGIN = 2.5 * cm
BOTTOM_MARGIN = 2.5 * cm
FRAME_WIDTH = PAGE_WIDTH - 2 * SIDE_MARGIN
