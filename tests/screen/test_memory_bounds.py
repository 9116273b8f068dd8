"""The screen's caches are bounded in bytes: a hall screen draws new texts for months."""

from fabrique_kit.screen import text
from fabrique_kit.screen.fonts import FontBook


def test_the_text_masks_kept_never_exceed_their_byte_budget():
    path = FontBook().regular
    text.text_mask.cache_clear()
    drawn = 0
    for number in range(1000):  # large numbers, as a called number or a clock: ~50 kB each
        mask, _offset = text.text_mask(path, 180, f"{number:04d}", "ltr", None)
        drawn += mask.width * mask.height
    assert drawn > 3 * text.MASK_CACHE_BYTES  # far more was drawn than is kept
    assert 0 < text._masks.currsize <= text.MASK_CACHE_BYTES
    # the newest are kept, the oldest were let go
    assert text.text_mask(path, 180, "0999", "ltr", None) is text.text_mask(path, 180, "0999", "ltr", None)
    assert ((path, 180, "0000", "ltr", None) not in text._masks)
