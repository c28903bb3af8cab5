"""Practice mode's sentences (``make run`` without a token). The page's own words are in sandbox/web/."""

PRACTICE_OPEN_PAGE = "Open {url} in your browser to try Connect."
PRACTICE_PORT_BUSY = (
    "The practice page cannot use port {port}, because another program uses it. "
    "Please set PRACTICE_PORT in the file .env to another number, like 8081."
)
