# retort as a container: a CLI image that also serves as an AWS Lambda image.
# Build stage: Debian's toolchain and -dev packages.
FROM debian:bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends \
      build-essential cmake ninja-build pkg-config \
      libcli11-dev libfmt-dev libyaml-cpp-dev libpq-dev libssl-dev nlohmann-json3-dev \
      libcurl4-openssl-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY CMakeLists.txt ./
COPY cmake cmake
COPY lib lib
COPY cmd cmd
RUN cmake -S . -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release -DRETORT_BUILD_TESTS=OFF \
    && cmake --build /build && strip /build/bin/retort

# Runtime stage: only the shared libraries the binary needs.
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends \
      libpq5 libfmt9 libyaml-cpp0.7 libssl3 libcurl4 ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 993 --home-dir /var/task retort
COPY --from=build /build/bin/retort /usr/local/bin/retort
COPY config /var/task/config
COPY migrations /var/task/migrations
WORKDIR /var/task
USER retort
ENTRYPOINT ["/usr/local/bin/retort"]
CMD ["--config=/var/task/config/retort.yaml", "upgrade", "head", "--wait=60"]
