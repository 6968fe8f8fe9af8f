# Backprop Lab for a class: docker build -t backprop-lab . && docker run -p 8000:8000 -v backprop-lab-data:/data backprop-lab
# The base image, pinned by digest for a reproducible build. Find the digest where a registry is
# reachable:  docker buildx imagetools inspect python:3.12-slim  (the "Digest:" line), or
#             docker pull python:3.12-slim && docker inspect --format '{{index .RepoDigests 0}}' python:3.12-slim
# then build with  --build-arg PYTHON_IMAGE=python:3.12-slim@sha256:<that digest>  or write it here as the
# default. The default stays a tag: the build machines reach no registry and build a stand-in for the
# tag (../shared/tools/podman-here), which has no digest to match.
ARG PYTHON_IMAGE=python:3.12-slim
FROM ${PYTHON_IMAGE}

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

# Dependencies first, from the hashed lock alone (requirements/run.txt, see README.md): code edits
# then reuse this layer, and every file pip installs must match a hash in the lock. Runtime
# dependencies only; the test extras stay out of the image.
COPY requirements/run.txt ./requirements/run.txt
RUN pip install --require-hashes -r requirements/run.txt

# .dockerignore admits only app/, static/, templates/, pyproject.toml and the lock; copying the
# context rather than each folder keeps the build working while static/ or templates/ are still absent.
# Root owns the code, so the server cannot rewrite itself.
COPY . ./
# The app itself, with --no-deps and the locked setuptools (no build isolation): nothing unpinned.
# Editable, so it runs from here, where static/ and templates/ sit beside app/.
RUN pip install --no-deps --no-build-isolation -e . && rm -rf build

ENV BACKPROP_LAB_HOST=0.0.0.0 \
    PORT=8000 \
    BACKPROP_LAB_DATA_DIR=/data
VOLUME ["/data"]
EXPOSE 8000
USER 10001:10001

HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/api/health' % os.environ.get('PORT', '8000'), timeout=4)"]

CMD ["python", "-m", "app"]
