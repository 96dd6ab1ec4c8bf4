# retort as a container: a CLI image that is also an AWS Lambda image.
#
#   docker build -t retort .
#   docker run --rm retort upgrade head --url postgresql://user:pass@host/db    # CLI / ECS task
#   docker run -p 9000:8080 -e DATABASE_URL=... retort                          # Lambda mode, local invoke
#
# The default command, `lambda`, speaks the Lambda Runtime API when AWS_LAMBDA_RUNTIME_API is set
# (on Lambda) and otherwise serves the local invoke endpoint on port 8080 (see docs/lambda.md).

# Build stage: Debian's toolchain and -dev packages; only the CLI target, no tests.
FROM debian:bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends \
      g++ cmake ninja-build pkg-config \
      libcli11-dev libfmt-dev libyaml-cpp-dev libpq-dev libssl-dev nlohmann-json3-dev \
      libcurl4-openssl-dev libpg-query-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY CMakeLists.txt ./
COPY cmake cmake
COPY lib lib
COPY cmd cmd
# A unity build: each batch of sources parses the shared headers (CLI11, fmt, nlohmann) once,
# which more than halves the compile time (CMAKE_UNITY_BUILD also batches the CLI's files).
RUN cmake -S . -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release -DRETORT_BUILD_TESTS=OFF \
      -DCMAKE_UNITY_BUILD=ON \
    && cmake --build /build --target retort_cli \
    && strip --strip-all /build/bin/retort
# The Debian packages that hold the shared libraries the binary links (as ldd resolves them), so
# the runtime stage installs exactly those and nothing else.
RUN for lib in $(ldd /build/bin/retort | awk '$2 == "=>" && $3 ~ /^\// { print $3 }'); do \
      real=$(realpath "$lib"); \
      dpkg -S "$real" 2>/dev/null || dpkg -S "${real#/usr}" 2>/dev/null \
        || { echo "no package owns $lib" >&2; exit 1; }; \
    done | cut -d: -f1 | sort -u >/build/runtime-packages \
    && echo "runtime packages:" $(cat /build/runtime-packages)

# Runtime stage: the shared libraries above, CA certificates (TLS to RDS and to CloudFormation's
# ResponseURL) and the example project.
FROM debian:bookworm-slim
COPY --from=build /build/runtime-packages /tmp/runtime-packages
# libcurl4 is loaded at run time by `retort lambda` and the AWS logins (dlopen), so ldd does not
# list it.
RUN apt-get update && apt-get install -y --no-install-recommends \
      ca-certificates libcurl4 $(cat /tmp/runtime-packages) \
    && rm -rf /var/lib/apt/lists/* /tmp/runtime-packages \
    && useradd --system --uid 10001 --user-group --no-create-home --home-dir /var/task retort
COPY --from=build /build/bin/retort /usr/local/bin/retort
# Fails the build when a shared library (or the dlopen-ed libcurl) is missing.
RUN if ldd /usr/local/bin/retort | grep "not found"; then exit 1; fi \
    && ldconfig -p | grep -q "libcurl.so.4 " \
    && /usr/local/bin/retort version
COPY config /var/task/config
COPY migrations /var/task/migrations
WORKDIR /var/task
ENV RETORT_CONFIG=/var/task/config/retort.yaml
# Lambda ignores USER and runs the image as its own unprivileged user; elsewhere this one applies.
USER 10001:10001
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/retort"]
CMD ["lambda"]
