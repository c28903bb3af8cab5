# Connect in a container: a slim Python 3.11 image, a user without root, the data in a volume.
# Build: docker build -t connect .   Run: docker compose up -d (see compose.yaml and README.md).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

WORKDIR /app
RUN useradd --system --uid 10001 --user-group --home-dir /app --shell /usr/sbin/nologin connect

# The pinned versions first, so a change to the code does not download them again.
COPY pyproject.toml constraints.txt README.md ./
COPY bot ./bot
COPY cogs ./cogs
COPY db ./db
COPY sandbox ./sandbox
RUN pip install -c constraints.txt . \
    && mkdir -p /app/data \
    && chown connect:connect /app/data

USER connect
# SQLite's file (the default DATABASE_URL, ./data/connect.db) lives here. With PostgreSQL it stays empty.
VOLUME ["/app/data"]

# Exit 0 when settings, database and token are all right (python -m bot check).
HEALTHCHECK --interval=5m --timeout=30s --start-period=2m CMD ["python", "-m", "bot", "check"]

CMD ["python", "-m", "bot"]
