# PayScope: the dashboard and the `payscope` command in one image (docs/operations.md, "Deploy").
#   docker build -t payscope .
#   docker run -p 8501:8501 -v payscope-data:/data payscope          # the dashboard
#   docker run --rm -v payscope-data:/data payscope payscope status  # any payscope command
# The warehouse, its models, snapshots, logs and refresh reports live on the /data volume.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/payscope \
    PATH=/opt/payscope/bin:$PATH

# The app runs as an unprivileged user with a fixed uid (the data volume's owner); the code and
# the virtual environment stay root's, read-only to it.
RUN groupadd --system --gid 10001 payscope \
    && useradd --system --uid 10001 --gid payscope --create-home --home-dir /home/payscope \
        --shell /usr/sbin/nologin payscope \
    && mkdir -p /data \
    && chown payscope:payscope /data

WORKDIR /app
COPY . /app
# The locked versions (requirements.lock, with hashes; it includes the deploy extra's Authlib
# for the OIDC login), then PayScope itself, editable as `make run` installs it: the CLI and the
# dashboard run the code in /app, with the data files it reads beside it (docs/mappings).
RUN python -m venv "$VIRTUAL_ENV" \
    && pip install --require-hashes -r requirements.lock \
    && pip install --no-deps -e '.[deploy]'

ENV PAYSCOPE_DB=/data/warehouse.duckdb \
    PAYSCOPE_MODELS=/data/warehouse.models \
    PAYSCOPE_SNAPSHOTS=/data/snapshots \
    PAYSCOPE_DEMO_DIR=/data/demo-snapshots \
    HOME=/home/payscope
VOLUME ["/data"]
USER 10001:10001
EXPOSE 8501

# The first run imports pandas, scikit-learn and plotly: give it a minute before counting.
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"]

# The same command line as `make run`, listening on every interface of the container.
CMD ["streamlit", "run", "app.py", "--server.address", "0.0.0.0", "--server.port", "8501", \
     "--server.headless", "true", "--browser.gatherUsageStats", "false", \
     "--server.fileWatcherType", "none"]
