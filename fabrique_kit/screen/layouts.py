"""Where each block goes: ready-made hall layouts and a simple grid.

- ``"paysage"`` (landscape): header band on top, messages under it, the schedule
  and news on the left, the called number and QR code on the right, status at the
  bottom. The left column takes 60 % on 16:9 screens, 55 % on 4:3 and 5:4 ones.
- ``"portrait"`` (a turned screen): the same bands, the blocks stacked in one column.
- ``"auto"``: portrait when the picture is taller than wide, else landscape; a single
  body block gets the whole body.
- a grid: ``screen.grid(rows, cols)`` in your drawing function, then ``.at(row, col)``.

Example::

    boxes = place(widgets, (1920, 1080))       # [(widget, (x0, y0, x1, y1)), ...]
"""

from __future__ import annotations

from fabrique_kit.errors import FabriqueError, suggestion_hint
from fabrique_kit.i18n import _
from fabrique_kit.screen.widgets.base import Box, Sizes, Widget

LAYOUTS = ("auto", "paysage", "portrait")
BAND_SHARE = {  # share of the height: (landscape, portrait)
    "header": (0.11, 0.1),
    "message": (0.11, 0.07),
    "status": (0.05, 0.032),
}


def check_layout(name) -> str:
    """``name`` if it is a known layout, else a clear error with a suggestion."""
    if name not in LAYOUTS:
        raise FabriqueError(
            _("La mise en page « {name} » n'existe pas.", name=name),
            field="layout",
            hint=suggestion_hint(str(name), LAYOUTS),
        )
    return name


def band_height(kind: str, size: tuple[int, int], sizes: Sizes) -> int:
    width, height = size
    share = BAND_SHARE[kind][1 if height > width else 0]
    two_rows = (sizes.heading + sizes.body) * 1.35 + sizes.padding * 2 + 6
    floor = {"header": two_rows if height > width else sizes.title * 1.6, "message": sizes.minimum * 2.8 + sizes.padding * 2, "status": sizes.minimum * 1.5}[kind]
    return int(max(height * share, floor))


def shares(widgets: list[Widget], length: int, wanted: dict[int, int] | None = None,
           sizes: Sizes | None = None) -> list[int]:
    """Each widget's length: its ``weight``'s share, more for a widget that needs more.

    ``wanted`` maps ``id(widget)`` to the height its content needs. A ``firm`` widget
    (the called number) gets it first, from the others down to their ``min_height`` (two thirds of it for blocks that want nothing); then
    the others that want more (every session of the day) take what is left, from the
    widgets that want nothing (down to half their share) and from what a firm one does
    not use. Example: ``shares([schedule, news], 900)`` → ``[600, 300]``
    """
    total = sum(w.weight for w in widgets) or 1
    base = [int(length * w.weight / total) for w in widgets]
    lengths = list(base)
    least = [min(base[i], w.min_height(sizes)) if sizes is not None else 0 for i, w in enumerate(widgets)]
    wanted = wanted or {}
    need_of = {i: wanted[id(w)] for i, w in enumerate(widgets) if id(w) in wanted}
    firm = [i for i in need_of if getattr(widgets[i], "firm", False)]
    flexible = [i for i in need_of if i not in firm]
    others = [i for i in range(len(widgets)) if i not in need_of]

    def take(takers: list[int], floors: dict[int, int]) -> None:
        needs = {i: max(0, need_of[i] - lengths[i]) for i in takers}
        spare = {j: max(0, lengths[j] - floor) for j, floor in floors.items()}
        need, give = sum(needs.values()), sum(spare.values())
        if need and give:
            taken = min(need, give)
            for i in takers:
                lengths[i] += int(needs[i] * taken / need)
            for j in spare:
                lengths[j] -= int(spare[j] * taken / give)

    take(firm, {j: least[j] if j in flexible else least[j] * 2 // 3 for j in flexible + others})
    take(flexible, {**{j: max(least[j], base[j] // 2) for j in others}, **{j: need_of[j] for j in firm}})
    return lengths


def stack(widgets: list[Widget], box: Box, gap: int, vertical: bool = True,
          wanted: dict[int, int] | None = None, sizes: Sizes | None = None) -> list[tuple[Widget, Box]]:
    """Share ``box`` between ``widgets`` (see :func:`shares`), one under (or beside) the other."""
    if not widgets:
        return []
    x0, y0, x1, y1 = box
    length = (y1 - y0 if vertical else x1 - x0) - gap * (len(widgets) - 1)
    lengths = shares(widgets, length, wanted if vertical else None, sizes)
    placed, cursor = [], y0 if vertical else x0
    for index, widget in enumerate(widgets):
        end = (y1 if vertical else x1) if index == len(widgets) - 1 else cursor + lengths[index]
        placed.append((widget, (x0, cursor, x1, end) if vertical else (cursor, y0, end, y1)))
        cursor = end + gap
    return placed


def split_bands(widgets, size, sizes, wanted: dict[int, int] | None = None) -> tuple[list[tuple[Widget, Box]], list[Widget], Box]:
    """Header, messages and status in their bands; returns them, the body widgets and the body box.

    A message whose whole text needs more than its band (``wanted``) gets it, up to a
    third of the screen's height.
    """
    wanted = wanted or {}
    width, height = size
    gap = sizes.gap
    placed: list[tuple[Widget, Box]] = []
    top, bottom = 0, height
    body: list[Widget] = []
    for widget in widgets:
        if widget.kind == "header" and widget.cell is None:
            band = band_height("header", size, sizes)
            placed.append((widget, (0, top, width, top + band)))
            top += band
    for widget in widgets:
        if widget.kind == "message" and widget.cell is None:
            band = max(band_height("message", size, sizes), min(wanted.get(id(widget), 0), height // 3))
            placed.append((widget, (gap, top + gap, width - gap, top + gap + band)))
            top += gap + band
    for widget in reversed(widgets):
        if widget.kind == "status" and widget.cell is None:
            band = band_height("status", size, sizes)
            placed.append((widget, (0, bottom - band, width, bottom)))
            bottom -= band
    placed_ids = {id(w) for w, _ in placed}
    body = [w for w in widgets if id(w) not in placed_ids]
    return placed, body, (gap, top + gap, width - gap, bottom - gap)


def landscape(body: list[Widget], box: Box, gap: int, wanted: dict[int, int] | None = None,
              sizes: Sizes | None = None) -> list[tuple[Widget, Box]]:
    """Main blocks on the left, side blocks (number, QR code) on the right."""
    x0, y0, x1, y1 = box
    main = [w for w in body if w.kind != "side"]
    side = [w for w in body if w.kind == "side"]
    if len(body) == 1 or not main:
        return stack(body, box, gap, vertical=len(body) == 1 or (y1 - y0) > (x1 - x0) / 2, wanted=wanted,
                     sizes=sizes)
    if not side:
        main, side = main[:1], main[1:]
    share = 0.6 if (x1 - x0) / max(1, y1 - y0) > 1.5 else 0.55
    middle = x0 + int((x1 - x0) * share)
    return (stack(main, (x0, y0, middle - gap // 2, y1), gap, wanted=wanted, sizes=sizes)
            + stack(side, (middle + gap - gap // 2, y0, x1, y1), gap, wanted=wanted, sizes=sizes))


def grid(body: list[Widget], box: Box, gap: int, shape: tuple[int, int]) -> list[tuple[Widget, Box]]:
    """Blocks in ``rows`` × ``cols`` cells; blocks without ``.at()`` take the next free cell."""
    rows, cols = shape
    x0, y0, x1, y1 = box
    cell_w = (x1 - x0 - gap * (cols - 1)) / cols
    cell_h = (y1 - y0 - gap * (rows - 1)) / rows
    taken: set[tuple[int, int]] = set()
    for widget in body:
        if widget.cell:
            row, col, nrows, ncols = widget.cell
            taken.update((r, c) for r in range(row, row + nrows) for c in range(col, col + ncols))
    free = [(r, c) for r in range(rows) for c in range(cols) if (r, c) not in taken]
    placed = []
    for widget in body:
        if widget.cell:
            row, col, nrows, ncols = widget.cell
        elif free:
            (row, col), nrows, ncols = free.pop(0), 1, 1
        else:
            continue  # no cell left: the block is not shown
        row, col = min(row, rows - 1), min(col, cols - 1)
        nrows, ncols = max(1, min(nrows, rows - row)), max(1, min(ncols, cols - col))
        left = x0 + round(col * (cell_w + gap))
        top = y0 + round(row * (cell_h + gap))
        right = x0 + round((col + ncols) * (cell_w + gap) - gap)
        bottom = y0 + round((row + nrows) * (cell_h + gap) - gap)
        placed.append((widget, (left, top, right, bottom)))
    return placed


def place(widgets: list[Widget], size: tuple[int, int], layout: str = "auto",
          grid_shape: tuple[int, int] | None = None, wanted: dict[int, int] | None = None) -> list[tuple[Widget, Box]]:
    """Boxes ``(x0, y0, x1, y1)`` for ``widgets`` on a picture of ``size``.

    ``wanted`` gives the height some body widgets need (see :func:`shares`).
    """
    sizes = Sizes(min(size))
    placed, body, box = split_bands(widgets, size, sizes, wanted)
    if grid_shape or any(w.cell for w in body):
        shape = grid_shape or (
            max(w.cell[0] + w.cell[2] for w in body if w.cell),
            max(w.cell[1] + w.cell[3] for w in body if w.cell),
        )
        return placed + grid(body, box, sizes.gap, shape)
    check_layout(layout)
    portrait = layout == "portrait" or (layout == "auto" and size[1] > size[0])
    if portrait:
        return placed + stack(body, box, sizes.gap, wanted=wanted, sizes=sizes)
    return placed + landscape(body, box, sizes.gap, wanted, sizes)
