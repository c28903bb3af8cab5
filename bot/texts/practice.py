"""Practice mode's sentences (``make run`` without a token). The page's own words are in sandbox/web/."""

PRACTICE_OPEN_PAGE = "Open {url} in your browser to try Connect."
