"""Every sentence Connect says, written to ../shared/EASY_READ.md. One module per feature.

A feature adds ``bot/texts/<feature>.py`` (names prefixed by the feature, e.g. ``TASK_...``) and one
import line below, so ``from bot import texts`` and the easy-read tests see its sentences.
"""

from bot.texts.core import *  # noqa: F403
from bot.texts.presses import *  # noqa: F403
