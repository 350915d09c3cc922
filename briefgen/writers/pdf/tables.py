"""Tables for the paginator: rows of cells (each a tuple of Paras) in columns of fixed width.

A table repeats its header row on every page and splits between rows; when not even one
body row fits, it splits inside the row (each cell's paragraph between lines). The header
row is shaded, a rule runs under every row; both are artifacts (the cells are tagged).

The rules are reportlab's Table's (version 5.1, which set these papers before this module):
the same row heights (4 pt side, 2 pt top and 3 pt bottom padding around each cell), the
same split decisions, the same line commands carried into each part, the same operators;
tests/writers compare the pages with the committed images.
"""

from __future__ import annotations

from briefgen.writers.pdf.boxes import Box, Para
from briefgen.writers.pdf.canvas import ARTIFACT, END, PageCanvas

RULE = (0.75, 0.78, 0.82)
HEADER_FILL = (0.90, 0.93, 0.96)
RULE_WIDTH = 0.4
PAD_SIDE, PAD_TOP, PAD_BOTTOM = 4, 2, 3
CELL_HEIGHT = 72000  # the height a cell's paragraphs are wrapped in (they ignore it)
Cell = tuple  # the paragraphs of one cell (one, or none in a part of a split row)
# (operator, first column, first row, last column, last row), negative from the end
Command = tuple[str, int, int, int, int]


def cell_geometry(cell: Cell, width: float, heights: list[float] | None = None,
                  height: float = CELL_HEIGHT) -> tuple[float, float]:
    """The width and height the paragraphs of a cell take in a column of `width`."""
    if not cell:
        return 0, 0
    inner = width - PAD_SIDE - PAD_SIDE
    avail = height - PAD_TOP - PAD_BOTTOM
    total = widest = 0
    first_space = last_space = None
    for para in cell:
        w, h = para.wrap(inner, avail)
        before, last_space = para.space_before, para.space_after
        if heights is not None:
            heights.append(h)
        widest = max(widest, w)
        total += h + last_space + before
        if first_space is None:
            first_space = before
    return widest, total - first_space - last_space


class TableBox(Box):
    """One table, or the part of one that goes on a page."""

    def __init__(self, rows: list[list[Cell]], widths: list[float],
                 heights: list[float | None] | None, right: bool,
                 lines: list[Command] | None = None, backgrounds: list[Command] | None = None):
        self.rows, self.widths, self.right = rows, widths, right
        # None: measured from the cells on the first wrap
        self.heights: list[float | None] = list(heights or [None] * len(rows))
        self.lines = [("LINEBELOW", 0, 0, -1, -1)] if lines is None else lines
        self.backgrounds = [("BACKGROUND", 0, 0, -1, 0)] if backgrounds is None else backgrounds
        self.columns = [0.0]
        total = 0
        for w in widths:
            total = total + w
            self.columns.append(total)
        self.width = total
        self.positions: list[float] = []

    # ------------------------------------------------------------------ sizes

    def wrap(self, width: float, height: float) -> tuple[float, float]:
        if None in self.heights:  # measured once: the columns' widths are the table's own
            self.heights = [self._row_height(row) for row in self.rows]
        positions, height_sum, carry = [], 0, 0  # compensated sum, from the bottom row up
        for h in reversed(self.heights):
            positions.append(height_sum)
            y = h - carry
            t = height_sum + y
            carry = (t - height_sum) - y
            height_sum = t
        positions.append(height_sum)
        self.positions = positions[::-1]
        self.height = height_sum
        return self.width, self.height

    def _row_height(self, row: list[Cell]) -> float:
        """The height of a row; its paragraphs packed once measured when their lines are
        not kept elsewhere (a long table's rows wait for their pages)."""
        height = max((cell_geometry(cell, w)[1] + (PAD_BOTTOM + PAD_TOP)
                      for cell, w in zip(row, self.widths, strict=True)), default=0)
        if any(not para.fonts.keep_layouts for cell in row for para in cell):
            _pack_row(row)
        return height

    def _rows_that_fit(self, height: float) -> int:
        used, count = 0, 0
        for h in self.heights:
            if used + h > height:
                break
            count += 1
            used = used + h
        return count

    # ------------------------------------------------------------------ splits

    def split(self, width: float, height: float) -> list[Box]:
        self.wrap(width, height)
        return self._split(height, in_row=False) or self._split(height, in_row=True)

    def _split(self, height: float, in_row: bool) -> list[Box]:
        n = self._rows_that_fit(height)
        if (in_row and n < 1) or (not in_row and n <= 1):
            return []
        if n == len(self.heights):
            return [self]
        whole = self
        if in_row:
            whole = self._split_row(n, height)
            if whole is None:
                return []
            n += 1
        heights, rows = whole.heights, whole.rows
        lines = _lines_at_split(whole.lines, n, len(rows), len(self.widths))
        head = TableBox(rows[:n], self.widths, heights[:n], self.right,
                        _head_commands(lines, n, len(rows)),
                        _head_commands(whole.backgrounds, n, len(rows)))
        tail = TableBox([rows[0], *rows[n:]], self.widths, [heights[0], *heights[n:]],
                        self.right, _tail_commands(lines, n, len(rows)),
                        _tail_commands(whole.backgrounds, n, len(rows)))
        return [head, tail]

    def _split_row(self, n: int, height: float) -> TableBox | None:
        """The table with row `n` cut in two where `height` ends (None when it cannot)."""
        used = sum(self.heights[:n])
        row_height = self.heights[n]
        tallest = 0
        for cell, w in zip(self.rows[n], self.widths, strict=True):
            tallest = max(tallest, cell_geometry(cell, w)[1] + (PAD_TOP + PAD_BOTTOM))
        if height - used < 0:
            return None
        cut = min(height - used, tallest)
        if cut + 1 < 1 or self.height - cut < 1:
            return None
        firsts, seconds, first_height, second_height = [], [], 0, 0
        for cell, w in zip(self.rows[n], self.widths, strict=True):
            parts = _split_cell(cell, cut, w)
            if parts is None:
                return None
            firsts.append(parts[0])
            seconds.append(parts[1])
            first_height = max(first_height, cell_geometry(parts[0], w)[1] + PAD_TOP + PAD_BOTTOM)
            second_height = max(second_height, cell_geometry(parts[1], w)[1] + PAD_TOP + PAD_BOTTOM)
        kept = min(cut, first_height)
        heights = self.heights[:]
        heights.insert(n + 1, max(second_height, row_height - kept))
        heights[n] = kept
        count = len(self.heights)
        return TableBox([*self.rows[:n], firsts, seconds, *self.rows[n + 1:]], self.widths,
                        heights, self.right, _stretched(self.lines, n, count),
                        _stretched(self.backgrounds, n, count))

    def pack(self) -> None:
        for row in self.rows:
            _pack_row(row)

    # ------------------------------------------------------------------ drawing

    def draw(self, canvas: PageCanvas) -> None:
        canvas.saveState()
        canvas._code.append(ARTIFACT)
        for _, first_col, first_row, last_col, last_row in self.backgrounds:
            self._fill(canvas, first_col, first_row, last_col, last_row)
        canvas._code.append(END)
        first = True
        for row, top, h in zip(self.rows, self.positions[1:], self.heights, strict=True):
            placed = list(zip(row, self.columns, self.widths, strict=False))
            # a right-to-left table draws each row's cells from the right, in reading
            # order: pdf.js reads text in the order it is drawn
            for cell, left, w in reversed(placed) if self.right else placed:
                if first:
                    canvas.setFillColorRGB(0, 0, 0)
                    first = False
                heights: list[float] = []
                cell_geometry(cell, w, heights, h)
                y = top + h - PAD_TOP
                if cell:
                    y += cell[0].space_before
                for para, para_height in zip(cell, heights, strict=True):
                    y -= para.space_before
                    y -= para_height
                    para.draw_on(canvas, left + PAD_SIDE, y)
                    y -= para.space_after
        canvas._code.append(ARTIFACT)
        self._draw_rules(canvas)
        canvas._code.append(END)
        canvas.restoreState()

    def draw_key(self, drawn: set[int]) -> tuple:
        return ("table", tuple(self.widths), tuple(self.heights), tuple(self.positions),
                self.right, tuple(self.lines), tuple(self.backgrounds),
                tuple(tuple(tuple(para.draw_key(drawn) for para in cell) for cell in row)
                      for row in self.rows))

    def _fill(self, canvas: PageCanvas, first_col: int, first_row: int, last_col: int,
              last_row: int) -> None:
        columns, rows = len(self.widths), len(self.rows)
        first_col, last_col = _from_end(first_col, columns), _from_end(last_col, columns)
        first_row, last_row = _from_end(first_row, rows), _from_end(last_row, rows)
        x0, y0 = self.columns[first_col], self.positions[first_row]
        x1 = self.columns[min(last_col + 1, columns)]
        y1 = self.positions[min(last_row + 1, rows)]
        canvas.setFillColorRGB(*HEADER_FILL)
        canvas.fill_rect(x0, y0, x1 - x0, y1 - y0)

    def _draw_rules(self, canvas: PageCanvas) -> None:
        canvas.saveState()
        styled = colored = False
        columns, rows = len(self.widths), len(self.rows)
        for op, first_col, first_row, last_col, last_row in self.lines:
            if not styled:
                canvas.setLineCap(1)
                canvas.setLineJoin(1)
                styled = True
            first_col = max(0, first_col + columns if first_col < 0 else first_col)
            last_col = min(columns - 1, last_col + columns if last_col < 0 else last_col)
            first_row = max(0, first_row + rows if first_row < 0 else first_row)
            last_row = min(rows - 1, last_row + rows if last_row < 0 else last_row)
            if op == "LINEBELOW":
                first_row, last_row = first_row + 1, last_row + 1
            xs = self.columns[first_col:last_col + 2]
            ys = self.positions[first_row:last_row + 1]
            if len(xs) <= 1 or not ys:
                continue
            if not colored:
                canvas.setStrokeColorRGB(*RULE)
                canvas.setLineWidth(RULE_WIDTH)
                colored = True
            for y in ys:
                canvas.line(xs[0], y, xs[-1], y)
        canvas.restoreState()


def _split_cell(cell: Cell, cut: float, width: float) -> tuple[Cell, Cell] | None:
    """A cell's paragraphs before and after a cut `cut` below the top of its row."""
    room = cut - PAD_TOP
    heights: list[float] = []
    cell_geometry(cell, width, heights)
    firsts: list[Para] = []
    seconds: list[Para] = []
    used, tried = 0, False
    for para in cell:
        if tried:
            seconds.append(para)
        elif used + para.height + para.space_before <= room:
            firsts.append(para)
            used += para.height + para.space_before + para.space_after
        else:
            parts = para.split(width, room - used - para.space_before)
            if parts:
                firsts.append(parts[0])
                seconds.append(parts[1])
            elif not firsts:
                return None  # the first paragraph of a top-aligned cell cannot split
            else:
                seconds.append(para)
            tried = True
    return tuple(firsts), tuple(seconds)


def _from_end(index: int, count: int) -> int:
    """An index counted from the end when negative (-1: the last)."""
    return index + count if index < 0 else index


def _normal(commands: list[Command], rows: int, columns: int) -> list[Command]:
    out = []
    for op, c0, r0, c1, r1 in commands:
        out.append((op, c0 + columns if c0 < 0 else c0, r0 + rows if r0 < 0 else r0,
                    c1 + columns if c1 < 0 else c1, r1 + rows if r1 < 0 else r1))
    return out


def _lines_at_split(commands: list[Command], n: int, rows: int, columns: int) -> list[Command]:
    """The rules of a table about to split before row `n`: a rule under row n - 1 also
    becomes one above row n (and the other way round), so that both parts draw it."""
    out: list[Command] = []
    for op, c0, r0, c1, r1 in _normal(commands, rows, columns):
        if op == "LINEBELOW" and r0 < n and r1 >= n - 1:
            out.append(("LINEABOVE", c0, n, c1, n))
        elif op == "LINEABOVE" and r0 <= n and r1 >= n:
            out.append(("LINEBELOW", c0, n - 1, c1, n - 1))
        out.append((op, c0, r0, c1, r1))
    return out


def _head_commands(commands: list[Command], n: int, rows: int) -> list[Command]:
    """The commands of the part before row `n`."""
    out = []
    for op, c0, r0, c1, r1 in commands:
        if r0 < 0:
            r0 += rows
        if r0 >= n:
            continue
        out.append((op, c0, r0, c1, min(r1, n - 1) if r1 >= n else r1))
    return out


def _tail_commands(commands: list[Command], n: int, rows: int) -> list[Command]:
    """The commands of the part from row `n` on, after the repeated header row."""
    out = []
    for op, c0, r0, c1, r1 in commands:
        r0, r1 = r0 + rows if r0 < 0 else r0, r1 + rows if r1 < 0 else r1
        if r0 <= 0 <= r1:  # it covers the header row
            out.append((op, c0, 0, c1, 0))
        if r1 < n:
            continue
        out.append((op, c0, max(r0 - n, 0) + 1, c1, max(r1 - n, 0) + 1))
    return out


def _stretched(commands: list[Command], n: int, rows: int) -> list[Command]:
    """The commands after row `n` became two rows."""
    out = []
    for op, c0, r0, c1, r1 in commands:
        r0, r1 = r0 + rows if r0 < 0 else r0, r1 + rows if r1 < 0 else r1
        if r1 > n or (r1 == n and (r0 < n or (r0 == n and op != "LINEABOVE"))):
            r1 += 1
        if r0 > n or (r0 == n and op == "LINEBELOW"):
            r0 += 1
        out.append((op, c0, r0, c1, r1))
    return out


def _pack_row(row: list[Cell]) -> None:
    for cell in row:
        for para in cell:
            para.pack()
