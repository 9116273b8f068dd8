"""Colours of the hall screen: three ready-made themes and a contrast checker.

A :class:`Theme` is a small frozen dataclass: copy one and change what you like.

Example::

    from dataclasses import replace
    from fabrique_kit.screen import THEMES
    mine = replace(THEMES["clair"], accent="#009E73")
    Renderer(draw, theme=mine)

Every pair of colours that carries text is checked by :func:`contrast_ratio`
(WCAG 2): body text reaches 7:1 (level AAA), large headings and decorations at
least 4.5:1 / 3:1 (level AA). Accents come from the Okabe-Ito palette, which
people with the common colour-vision deficiencies can tell apart.
"""

from __future__ import annotations

from dataclasses import dataclass

# Okabe-Ito palette (colour-blind safe), for reference and for your own themes.
OKABE_ITO = {
    "orange": "#E69F00",
    "bleu_ciel": "#56B4E9",
    "vert": "#009E73",
    "jaune": "#F0E442",
    "bleu": "#0072B2",
    "vermillon": "#D55E00",
    "violet": "#CC79A7",
    "noir": "#000000",
}

AAA = 7.0  # body text
AA = 4.5  # large text (headings) and small secondary text
AA_GRAPHICS = 3.0  # bars, frames, icons


@dataclass(frozen=True)
class Theme:
    """The colours of the screen (hex strings ``"#RRGGBB"``).

    Example::

        sombre = THEMES["sombre"]
        sombre.text        # '#F2F2F2'
    """

    name: str
    background: str  # behind everything
    panel: str  # behind each block
    text: str  # body text
    muted: str  # secondary text (rooms, who runs it, summaries)
    accent: str  # thin bars and frames (not text)
    header_background: str
    header_text: str
    now_background: str  # the session open now
    now_text: str
    cancelled: str  # a cancelled session
    info_background: str
    info_text: str
    closure_background: str
    closure_text: str
    alert_background: str
    alert_text: str
    border: str | None = None  # a frame around each block (when panels match the background)

    def text_pairs(self) -> dict[str, tuple[str, str, float]]:
        """Every ``(foreground, background, minimum ratio)`` used for text or graphics."""
        return {
            "texte": (self.text, self.background, AAA),
            "texte sur bloc": (self.text, self.panel, AAA),
            "secondaire": (self.muted, self.panel, AAA),
            "annulé": (self.cancelled, self.panel, AAA),
            "en-tête": (self.header_text, self.header_background, AAA),
            "ouvert maintenant": (self.now_text, self.now_background, AAA),
            "info": (self.info_text, self.info_background, AAA),
            "fermeture": (self.closure_text, self.closure_background, AAA),
            "alerte": (self.alert_text, self.alert_background, AAA),
            "accent": (self.accent, self.panel, AA_GRAPHICS),
            "cadre": (self.border or self.accent, self.background, AA_GRAPHICS),
        }


def hex_to_rgb(colour: str) -> tuple[int, int, int]:
    """``"#0072B2"`` → ``(0, 114, 178)``."""
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def relative_luminance(colour: str | tuple[int, int, int]) -> float:
    """WCAG 2 relative luminance of a colour, from 0 (black) to 1 (white)."""
    rgb = hex_to_rgb(colour) if isinstance(colour, str) else colour

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(foreground, background) -> float:
    """WCAG 2 contrast ratio between two colours, from 1 to 21.

    Example::

        >>> round(contrast_ratio("#000000", "#FFFFFF"), 1)
        21.0
    """
    light, dark = sorted((relative_luminance(foreground), relative_luminance(background)))[::-1]
    return (light + 0.05) / (dark + 0.05)


CLAIR = Theme(
    name="clair",
    background="#EEF1F4",
    panel="#FFFFFF",
    text="#1A1A1A",
    muted="#3D3D3D",
    accent="#0072B2",
    header_background="#00527F",
    header_text="#FFFFFF",
    now_background="#00527F",
    now_text="#FFFFFF",
    cancelled="#8F3500",
    info_background="#DCEBF5",
    info_text="#0B2233",
    closure_background="#E69F00",
    closure_text="#000000",
    alert_background="#8F3500",
    alert_text="#FFFFFF",
)

SOMBRE = Theme(
    name="sombre",
    background="#101418",
    panel="#1C2228",
    text="#F2F2F2",
    muted="#C8CDD2",
    accent="#56B4E9",
    header_background="#0B1014",
    header_text="#F2F2F2",
    now_background="#56B4E9",
    now_text="#000000",
    cancelled="#F5A05A",
    info_background="#1E3A4F",
    info_text="#FFFFFF",
    closure_background="#E69F00",
    closure_text="#000000",
    alert_background="#F5A05A",
    alert_text="#000000",
)

CONTRASTE = Theme(
    name="contraste",
    background="#000000",
    panel="#000000",
    text="#FFFFFF",
    muted="#FFFFFF",
    accent="#F0E442",
    header_background="#000000",
    header_text="#F0E442",
    now_background="#F0E442",
    now_text="#000000",
    cancelled="#F0E442",
    info_background="#FFFFFF",
    info_text="#000000",
    closure_background="#F0E442",
    closure_text="#000000",
    alert_background="#FFFFFF",
    alert_text="#000000",
    border="#FFFFFF",
)

THEMES: dict[str, Theme] = {t.name: t for t in (CLAIR, SOMBRE, CONTRASTE)}
