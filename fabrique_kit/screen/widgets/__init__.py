"""The blocks a hall screen is made of. ``Screen`` methods create them for you."""

from fabrique_kit.screen.widgets.base import Canvas, Sizes, Widget
from fabrique_kit.screen.widgets.big_number import BigNumber
from fabrique_kit.screen.widgets.elsewhere import Elsewhere
from fabrique_kit.screen.widgets.header import Header
from fabrique_kit.screen.widgets.message import Message
from fabrique_kit.screen.widgets.news import News
from fabrique_kit.screen.widgets.pictures import ImageBlock, QrCode
from fabrique_kit.screen.widgets.schedule import Schedule
from fabrique_kit.screen.widgets.text_block import Status, TextBlock

__all__ = [
    "BigNumber",
    "Canvas",
    "Elsewhere",
    "Header",
    "ImageBlock",
    "Message",
    "News",
    "QrCode",
    "Schedule",
    "Sizes",
    "Status",
    "TextBlock",
    "Widget",
]
