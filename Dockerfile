# Backprop Lab for a class: docker build -t backprop-lab . && docker run -p 8000:8000 -v backprop-lab-data:/data backprop-lab
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# A fixed numeric id, so `docker run --user`, volume ownership and runAsNonRoot policies all agree.
RUN groupadd --system --gid 10001 backprop \
 && useradd --system --uid 10001 --gid backprop --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin backprop \
 && mkdir /data && chown backprop:backprop /data

WORKDIR /srv/backprop-lab

# Dependencies first, from pyproject.toml alone: code edits then reuse this layer.
# Runtime dependencies only; the test extras stay out of the image.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
      > /tmp/requirements.txt \
 && pip install -r /tmp/requirements.txt \
 && rm /tmp/requirements.txt

# .dockerignore admits only app/, static/ and templates/ (and pyproject.toml); copying the context
# rather than each folder keeps the build working while static/ or templates/ are still absent.
# Root owns the code, so the server cannot rewrite itself.
COPY . ./

ENV BACKPROP_LAB_HOST=0.0.0.0 \
    PORT=8000 \
    BACKPROP_LAB_DATA_DIR=/data
VOLUME ["/data"]
EXPOSE 8000
USER 10001:10001

HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/api/health' % os.environ.get('PORT', '8000'), timeout=4)"]

CMD ["python", "-m", "app"]
