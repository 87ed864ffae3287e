# The image serves real Telegram: run it with TELEGRAM_BOT_TOKEN set, e.g.
#   docker run -e TELEGRAM_BOT_TOKEN=... -p 8000:8000 -v arcflux:/data arcflux
# Without a token the service refuses to start on HOST=0.0.0.0: the sandbox (play money, anyone
# acting as anyone) is for your own machine. To try it in Docker, publish it on loopback only:
#   docker run -e SANDBOX_PUBLIC=true -p 127.0.0.1:8000:8000 arcflux
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    HOST=0.0.0.0 PORT=8000 DATABASE_URL=sqlite:////data/arcflux.db

WORKDIR /app
COPY pyproject.toml README.md ./
COPY core ./core
COPY storage ./storage
COPY agents ./agents
COPY bot ./bot
COPY lab ./lab
RUN pip install --no-cache-dir . && useradd --create-home arcflux && mkdir /data \
    && chown arcflux /data
USER arcflux
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s CMD python -c "import urllib.request, os; urllib.request.urlopen(f'http://127.0.0.1:{os.environ[\"PORT\"]}/healthz')"
CMD ["arcflux", "run"]
