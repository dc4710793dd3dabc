"""The web app and HTTP API (FastAPI): calendar, events, event, article, tag, actor, place and
map pages, the ingest form, `/api/v1/...` (OpenAPI at `/docs`) and `/calendar.ics`.

`create_app(db_url)` builds it; `newsevents serve` runs it on 127.0.0.1. See `app.py` for the
safety rules (escaping, CSP without inline script, token for writes, capped bodies and pages).
"""

from newsevents.web.app import create_app

__all__ = ["create_app"]
