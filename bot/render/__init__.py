"""Pure rendering: texts and results -> content, embeds and components. Shared by cogs and the scheduler."""
