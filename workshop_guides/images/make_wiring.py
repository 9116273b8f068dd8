"""Draw the workshop's wiring sheet: the Pi's 40-pin header and where each wire goes.

Run it from the repository:  .venv/bin/python workshop_guides/images/make_wiring.py
It writes cablage.png beside this file (large labels: it is printed in A4 landscape).

Example of the data it reads: ("Bouton 1", "Prendre un ticket", [(11, "signal"), (9, "gnd")])
means: the component's two wires go to physical pins 11 and 9.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

OUT = Path(__file__).with_name("cablage.png")
WIDTH, HEIGHT = 2480, 1754  # A4 landscape at 212 dpi

# The 40-pin header of every Raspberry Pi since the B+ (physical pin -> name).
HEADER = {
    1: "3V3", 2: "5V", 3: "GPIO2", 4: "5V", 5: "GPIO3", 6: "GND", 7: "GPIO4", 8: "GPIO14",
    9: "GND", 10: "GPIO15", 11: "GPIO17", 12: "GPIO18", 13: "GPIO27", 14: "GND",
    15: "GPIO22", 16: "GPIO23", 17: "3V3", 18: "GPIO24", 19: "GPIO10", 20: "GND",
    21: "GPIO9", 22: "GPIO25", 23: "GPIO11", 24: "GPIO8", 25: "GND", 26: "GPIO7",
    27: "GPIO0", 28: "GPIO1", 29: "GPIO5", 30: "GND", 31: "GPIO6", 32: "GPIO12",
    33: "GPIO13", 34: "GND", 35: "GPIO19", 36: "GPIO16", 37: "GPIO26", 38: "GPIO20",
    39: "GND", 40: "GPIO21",
}

# What the workshop wires: title, role, and (physical pin, kind of wire) for each wire.
COMPONENTS = [
    ("PIR", "détecteur (mouvement)", [(2, "5v"), (18, "signal"), (6, "gnd")]),
    ("Bouton 1", "Prendre un ticket", [(11, "signal"), (9, "gnd")]),
    ("Bouton 2", "Appeler le suivant", [(13, "signal"), (14, "gnd")]),
    ("LED", "+ résistance 330 Ω", [(15, "signal"), (20, "gnd")]),
    ("Buzzer", "actif, patte +", [(16, "signal"), (25, "gnd")]),
]
SIGNAL_COLOURS = ["#7b2cbf", "#1565c0", "#00897b", "#e65100", "#c2185b"]
GND_COLOUR, POWER_COLOUR = "#111111", "#d32f2f"
PIN_FILL = {"GND": "#222222", "5V": "#d32f2f", "3V3": "#f57c00"}

PITCH = 110  # pixels between two pins
LEFT = 140
TOP_ROW_Y, BOTTOM_ROW_Y = 330, 450
RADIUS = 36
LANE_Y0, LANE_STEP = 640, 34
BOX_Y, BOX_W, BOX_H = 1180, 400, 300


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """The fonts shipped with fabrique-kit: the same picture on every machine."""
    from fabrique_kit.screen.fonts import SHIPPED_FONTS

    name = "NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf"
    return ImageFont.truetype(str(SHIPPED_FONTS / name), size)


def pin_position(pin: int) -> tuple[int, int]:
    """Odd pins on the inner (bottom) row, even pins on the board's edge (top row)."""
    column = (pin - 1) // 2
    x = LEFT + column * PITCH + PITCH // 2
    return x, (BOTTOM_ROW_Y if pin % 2 else TOP_ROW_Y)


def centred(draw: ImageDraw.ImageDraw, xy, text: str, size: int, fill="#000000", bold=False) -> None:
    draw.text(xy, text, font=font(size, bold), fill=fill, anchor="mm")


def draw_board(draw: ImageDraw.ImageDraw) -> None:
    """The green strip under the pins (drawn first: the wires go over it)."""
    x0 = LEFT - 20
    x1 = LEFT + 20 * PITCH + 20
    draw.rounded_rectangle((x0, TOP_ROW_Y - 70, x1, BOTTOM_ROW_Y + 70), radius=24, fill="#f1f8e9",
                           outline="#33691e", width=5)


def draw_pins(draw: ImageDraw.ImageDraw, used: set[int]) -> None:
    """The 40 pins with their numbers (drawn last: the numbers stay readable)."""
    for pin, name in HEADER.items():
        x, y = pin_position(pin)
        fill = PIN_FILL.get(name, "#9e9e9e")
        outline = "#ffeb3b" if pin in used else "#bdbdbd"
        if pin == 1:
            draw.rectangle((x - RADIUS, y - RADIUS, x + RADIUS, y + RADIUS), fill=fill, outline=outline, width=4)
        else:
            draw.ellipse((x - RADIUS, y - RADIUS, x + RADIUS, y + RADIUS), fill=fill, outline=outline, width=4)
        centred(draw, (x, y), str(pin), 30, fill="#ffffff", bold=True)
        label_y = y - RADIUS - 34 if pin % 2 == 0 else y + RADIUS + 34
        if pin not in used:  # the used pins get their label on the wire, bigger
            centred(draw, (x, label_y), name.replace("GPIO", "G"), 22, fill="#616161")


def wire_path(pin: int, lane_y: int, target_x: int) -> list[tuple[int, int]]:
    """From the pin down to its lane, across, then down to the component."""
    x, y = pin_position(pin)
    if pin % 2 == 0:  # top row: step aside to pass between the pins of the bottom row
        return [(x, y), (x + PITCH // 2, y), (x + PITCH // 2, lane_y), (target_x, lane_y), (target_x, BOX_Y)]
    return [(x, y), (x, lane_y), (target_x, lane_y), (target_x, BOX_Y)]


def draw_component(draw, index: int, title: str, role: str, wires, colour: str, lane: int) -> int:
    count = len(COMPONENTS)
    gap = (WIDTH - count * BOX_W) // (count + 1)
    box_x = gap + index * (BOX_W + gap)
    for n, (pin, kind) in enumerate(wires):
        target_x = box_x + (n + 1) * BOX_W // (len(wires) + 1)
        lane_y = LANE_Y0 + lane * LANE_STEP
        lane += 1
        wire_colour = {"gnd": GND_COLOUR, "5v": POWER_COLOUR}.get(kind, colour)
        draw.line(wire_path(pin, lane_y, target_x), fill=wire_colour, width=12, joint="curve")
        label = f"{HEADER[pin]} · {pin}"
        text_y = BOX_Y - 40 - n * 46
        draw.rounded_rectangle((target_x - 105, text_y - 20, target_x + 105, text_y + 20), radius=8, fill="#ffffff",
                               outline=wire_colour, width=3)
        centred(draw, (target_x, text_y), label, 26, fill=wire_colour, bold=True)
        if title == "LED" and kind == "signal":
            mid = (LANE_Y0 + BOX_Y) // 2 + 140
            draw.rectangle((target_x - 22, mid - 55, target_x + 22, mid + 55), fill="#fff3e0", outline="#e65100", width=5)
            centred(draw, (target_x + 110, mid), "330 Ω", 34, fill="#e65100", bold=True)
    draw.rounded_rectangle((box_x, BOX_Y, box_x + BOX_W, BOX_Y + BOX_H), radius=28, fill="#ffffff", outline=colour, width=8)
    centred(draw, (box_x + BOX_W // 2, BOX_Y + 90), title, 52, fill=colour, bold=True)
    centred(draw, (box_x + BOX_W // 2, BOX_Y + 170), role, 30)
    summary = " + ".join(f"{pin}" for pin, _kind in wires)
    centred(draw, (box_x + BOX_W // 2, BOX_Y + 240), f"broches {summary}", 30, fill="#424242")
    return lane


def draw_sheet() -> Image.Image:
    image = Image.new("RGB", (WIDTH, HEIGHT), "#ffffff")
    draw = ImageDraw.Draw(image)
    centred(draw, (WIDTH // 2, 70), "Fiche de câblage — Raspberry Pi, connecteur 40 broches", 60, bold=True)
    centred(draw, (WIDTH // 2, 150), "Débranchez l'alimentation du Pi avant de brancher un fil.", 40, fill="#c62828", bold=True)
    used = {pin for _t, _r, wires in COMPONENTS for pin, _k in wires}
    draw_board(draw)
    lane = 0
    for index, (title, role, wires) in enumerate(COMPONENTS):
        lane = draw_component(draw, index, title, role, wires, SIGNAL_COLOURS[index], lane)
    draw_pins(draw, used)
    x1, _ = pin_position(1)
    draw.text((x1 - 40, BOTTOM_ROW_Y + 115), "▲ broche 1 (carrée), côté carte micro-SD", font=font(30, True),
              fill="#33691e", anchor="lm")
    notes = [
        "LED : GPIO22 → résistance 330 Ω → grande patte (+) ; petite patte (−) → GND.",
        "Boutons : pas de sens, pas de résistance.  PIR : VCC → 5V, OUT → GPIO24, GND → GND (pas GPIO4 : 1-Wire).",
    ]
    for n, note in enumerate(notes):
        centred(draw, (WIDTH // 2, BOX_Y + BOX_H + 70 + n * 56), note, 34)
    legend = "Fil noir = masse (GND)   ·   Fil rouge = 5V   ·   Fil de couleur = signal (GPIO)   ·   G17 = GPIO17"
    centred(draw, (WIDTH // 2, HEIGHT - 70), legend, 34)
    return image


if __name__ == "__main__":
    draw_sheet().save(OUT, optimize=True)
    print(f"écrit : {OUT}")
