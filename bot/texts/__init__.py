"""Every sentence Connect says, written to ../shared/EASY_READ.md. One module per feature.

A feature adds ``bot/texts/<feature>.py`` (names prefixed by the feature, e.g. ``TASK_...``) and one
import line below, so ``from bot import texts`` and the easy-read tests see its sentences.
"""

from bot.texts.checkins import *  # noqa: F403
from bot.texts.core import *  # noqa: F403
from bot.texts.me import *  # noqa: F403
from bot.texts.mydata import *  # noqa: F403
from bot.texts.ops import *  # noqa: F403
from bot.texts.practice import *  # noqa: F403
from bot.texts.presses import *  # noqa: F403
from bot.texts.projects import *  # noqa: F403
from bot.texts.projects_messages import *  # noqa: F403
from bot.texts.reminders import *  # noqa: F403
from bot.texts.report import *  # noqa: F403
from bot.texts.scheduling import *  # noqa: F403
from bot.texts.setup import *  # noqa: F403
from bot.texts.tasks import *  # noqa: F403
from bot.texts.thanks import *  # noqa: F403
from bot.texts.time import *  # noqa: F403
from bot.texts.unsent import *  # noqa: F403
from bot.texts.words import *  # noqa: F403
