"""Small repositories: all SQL lives under db/."""
