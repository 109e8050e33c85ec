# Pocket Rights: the same steps as the Makefile, in a slim image, run by a non-root user.
# The base image is an argument so it can be pinned by digest (see DEPLOYING.md, "Pin the base image"):
#   docker build --build-arg PYTHON_IMAGE=python:3.11-slim@sha256:<digest> -t pocketrights .
ARG PYTHON_IMAGE=python:3.11-slim
FROM ${PYTHON_IMAGE}

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PYTHONPATH=/app \
    POCKETRIGHTS_BIND=0.0.0.0:8000

WORKDIR /app
# cairo draws the app icons (PNG) from static/icon.svg; Pango, HarfBuzz and the Noto fonts make the PDFs
# (every script the guides are written in).
RUN apt-get update && apt-get install -y --no-install-recommends libcairo2 libpango-1.0-0 libpangoft2-1.0-0 \
        libharfbuzz-subset0 fontconfig fonts-noto-core fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt ./
# Every package pinned with its hashes: a changed file on the index fails the build.
RUN pip install --no-cache-dir --require-hashes --no-deps -r requirements.txt
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
