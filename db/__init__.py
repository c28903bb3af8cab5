"""Storage: SQLAlchemy 2.0 async models, the unit of work, repositories and Alembic migrations."""
