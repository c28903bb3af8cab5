"""Sentences of the scheduler and of running several processes (bot/scheduling, bot/notifier.py)."""

# Kept as the row's reason (leads read it in /unsent); Discord's code follows in brackets.
SCHEDULED_REFUSED_REASON = (
    "Discord did not let Connect post in that channel. "
    "Give Connect the View Channel and Send Messages permissions there, or pick another channel."
)
# Told once, by DM, to the person who made the message.
SCHEDULED_REFUSED_DM = (
    "⚠️ I could not send your message for {when}. "
    "Discord did not let me post in that channel. "
    "Please ask a lead to check the channel, then set it again."
)

# For the people who run Connect (the log). One line each, never a traceback.
PROCESS_SHARD_TAKEN = (
    "Connect cannot start. Another Connect process already runs shard {shards}. "
    "Stop it first, or give this process another SHARD_ID."
)
PROCESS_SHARD_COUNT_DIFFERS = (
    "Connect cannot start. Another Connect process has a different SHARD_COUNT: {other}. "
    "Use the same SHARD_COUNT for every process."
)
PROCESS_SHARD_MISSING = "No process runs shard {shard}. Its {count} messages are waiting."
PROCESS_SHARD_MISSING_NONE = "No process runs shard {shard}. None of its messages are due yet."
PROCESS_LOST_CLAIM = "Another process took over shard {shards}. This process stops sending scheduled messages."
SCHEDULER_DB_DOWN = "Connect cannot reach its database. Scheduled messages wait until it is back."
SCHEDULER_DB_BACK = "Connect can reach its database again. Scheduled messages go out again."

# /unsent, for a send Discord refused for good (no retries).
UNSENT_REFUSED = "❌ {what}, for {when}. Connect may not post in that channel. Please check its permissions."
