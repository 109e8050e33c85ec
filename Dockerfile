# Pocket Rights: the same steps as the Makefile, in a slim image, run by a non-root user.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PYTHONPATH=/app \
    POCKETRIGHTS_BIND=0.0.0.0:8000

WORKDIR /app
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
COPY app.py gunicorn.conf.py ./
COPY pocketrights ./pocketrights
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
