# syntax=docker/dockerfile:1
#
# The timelines image: one jar, run as `ingest`, `streams`, `sink`, `topics`, `export`, `replay`,
# `post` or `run` (see "Running in production" in the README). Built by `docker compose build`, or alone:
#   docker build -t incident-timelines .
#   docker run --rm incident-timelines --help

# --- build: the whole reactor, as `mvn -B -q -DskipTests package` builds it on a workstation ----
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# The sources (what .dockerignore leaves: no target/, data/, drafts/, .git). The Maven repository
# is a BuildKit cache mount (locked: compose builds this image for several services at once), so a
# rebuild after a code change downloads nothing. Copying the poms first for a
# `mvn dependency:go-offline` layer does not fit this reactor: its modules depend on each other's
# snapshots, which go-offline would try to download before they are built.
COPY . .
RUN --mount=type=cache,target=/root/.m2,sharing=locked \
    mvn -B -q -Dstyle.color=never -DskipTests -pl app -am package \
    && cp app/target/timelines.jar /timelines.jar

# --- runtime: a JRE, a non-root user, the one jar ------------------------------------------------
FROM eclipse-temurin:17-jre
# curl for the healthcheck only (the Temurin images no longer promise one).
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
# The state directories exist in the image, owned by the user, so that named volumes mounted on
# them start out writable by it.
RUN groupadd --system --gid 10001 timelines \
    && useradd --system --uid 10001 --gid timelines --home-dir /var/lib/timelines --no-create-home \
       --shell /usr/sbin/nologin timelines \
    && mkdir -p /var/lib/timelines/drafts /var/lib/timelines/streams /var/lib/timelines/data \
    && chown -R timelines:timelines /var/lib/timelines
COPY --from=build /timelines.jar /app/timelines.jar
USER 10001:10001
WORKDIR /var/lib/timelines
ENV TIMELINES_SINK_OUT=/var/lib/timelines/drafts \
    TIMELINES_STREAMS_STATE_DIR=/var/lib/timelines/streams
# ingest (and `run`), streams, sink: each serves /healthz, /readyz and /metrics on its own port.
EXPOSE 8080 8081 8082
# A container runs one component; whichever of the three ports it listens on must answer.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD for p in ${TIMELINES_INGEST_PORT:-8080} ${TIMELINES_STREAMS_PORT:-8081} ${TIMELINES_SINK_PORT:-8082}; do \
          curl -fsS -o /dev/null "http://127.0.0.1:$p/healthz" && exit 0; \
        done; exit 1
ENTRYPOINT ["java", "-jar", "/app/timelines.jar"]
CMD ["--help"]
