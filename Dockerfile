# Pocket Rights: the same steps as the Makefile, in a slim image, run by a non-root user.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    POCKETRIGHTS_BIND=0.0.0.0:8000 POCKETRIGHTS_ASSETS_DIR=/tmp/pocketrights-static

WORKDIR /app
COPY pyproject.toml constraints.txt README.md ./
COPY pocketrights ./pocketrights
RUN pip install --no-cache-dir -c constraints.txt .
COPY app.py gunicorn.conf.py babel.cfg ./
COPY templates ./templates
COPY static ./static
COPY content ./content
COPY translations ./translations
RUN flask --app app check

RUN useradd --system --no-create-home --uid 10001 pocketrights
USER pocketrights
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/en/', timeout=4)"
CMD ["gunicorn", "--config", "gunicorn.conf.py", "app:app"]
