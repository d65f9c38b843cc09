# syntax=docker/dockerfile:1
#
# k8s-compare: the Slack bot that explains container vs Kubernetes cluster.
#
#   docker build -t k8s-compare:0.1.0 .
#   docker run --rm -p 3000:3000 -e SLACK_BOT_TOKEN -e SLACK_SIGNING_SECRET k8s-compare:0.1.0
#
# tests/test_deploy.py lints this file with hadolint and runs the build stage's
# COPY/ENV/WORKDIR/RUN steps in a fresh `python -m venv` (no Docker engine needed), so
# keep every path in the build stage's RUN steps behind $VIRTUAL_ENV or relative to
# WORKDIR.

# ---- build stage: compilers, pip and its caches stay here -------------------------------
FROM python:3.11-slim-bookworm AS build

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/venv

WORKDIR /src

# Only what `pip install .` needs (.dockerignore also keeps the context this small).
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY knowledge ./knowledge

# A non-editable install into a self-contained venv that the runtime stage copies whole,
# with the PostgreSQL driver (the `postgres` extra): several replicas share a PostgreSQL
# database so that Slack's retries are answered once across pods. The `digest` extra
# (matplotlib) draws the weekly digest's chart (deploy/kubernetes/digest runs it).
# pip byte-compiles what it installs, so nothing needs writing under a read-only root
# filesystem at run time. The last step fails the build if the console script is broken.
RUN python -m venv "$VIRTUAL_ENV" \
    && "$VIRTUAL_ENV/bin/pip" install --no-cache-dir ".[postgres,digest]" \
    && "$VIRTUAL_ENV/bin/k8s-compare" --help > /dev/null

# ---- runtime stage ------------------------------------------------------------------------
FROM python:3.11-slim-bookworm

LABEL org.opencontainers.image.title="k8s-compare" \
      org.opencontainers.image.description="Slack bot that explains container vs Kubernetes cluster" \
      org.opencontainers.image.licenses="MIT"

# A fixed numeric UID/GID: Kubernetes can only enforce runAsNonRoot on a numeric USER.
# /data holds the default SQLite database and /cache the compiled knowledge, each table's
# vectors and the model's int8 weights (about 110 MB, made on the first question where the
# CPU's int8 kernels are exact); they are the places the app writes to besides /tmp (all
# emptyDir volumes under Kubernetes' read-only root filesystem).
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin app \
    && mkdir -p /data /cache \
    && chown app:app /data /cache

COPY --from=build /opt/venv /opt/venv
# The knowledge base the bot serves. Mount a directory of *.yaml files over /app/knowledge
# (docker run -v, or the ConfigMap in deploy/kubernetes) to replace it without a rebuild.
COPY knowledge/*.yaml /app/knowledge/

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PORT=3000 \
    LOG_FORMAT=json \
    K8S_COMPARE_KNOWLEDGE_DIR=/app/knowledge \
    K8S_COMPARE_CACHE_DIR=/cache \
    K8S_COMPARE_DATABASE_URL=sqlite:////data/k8s-compare.sqlite3

WORKDIR /app
USER 10001:10001
EXPOSE 3000

# HTTP mode: healthy when GET /healthz answers 200. Socket Mode (SLACK_APP_TOKEN set) opens
# an outbound WebSocket and serves no HTTP at all, so there is nothing to probe: the check
# exits 0 there instead of marking a working container unhealthy (the Socket Mode client
# reconnects by itself, and the process exits if it gives up).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, sys, urllib.request; sys.exit(0) if os.environ.get('SLACK_APP_TOKEN') else sys.exit(urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '3000'), timeout=4).status != 200)"]

# Exec form: k8s-compare is PID 1 and receives SIGTERM itself, and stops cleanly.
ENTRYPOINT ["k8s-compare"]
CMD ["serve"]
