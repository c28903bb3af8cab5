"""Connect: a Discord bot for co-produced communities."""
