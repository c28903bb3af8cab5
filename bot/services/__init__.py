"""Discord-free services: plain ids and values in, frozen dataclasses out, UserError for fixable problems."""
