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
# the rootfs stage below installs exactly those (and libcurl4, ca-certificates) and nothing else.
RUN for lib in $(ldd /build/bin/retort | awk '$2 == "=>" && $3 ~ /^\// { print $3 }'); do \
      real=$(realpath "$lib"); \
      dpkg -S "$real" 2>/dev/null || dpkg -S "${real#/usr}" 2>/dev/null \
        || { echo "no package owns $lib" >&2; exit 1; }; \
    done | cut -d: -f1 | sort -u >/build/runtime-packages \
    && echo "runtime packages:" $(cat /build/runtime-packages)

# Root filesystem of the runtime stage, assembled on the Debian release packages the binary loads:
# the ones above (libpq5, libssl3 and what libpq links; fmt, yaml-cpp and the C++ runtime are
# linked into the binary), libcurl4, which
# `retort lambda` and the AWS logins load at run time with dlopen("libcurl.so.4") so ldd of the
# binary does not list it, and ca-certificates (TLS to RDS, AWS APIs and CloudFormation's
# ResponseURL). /rootfs receives the binary, every library in the ldd closure of the binary and of
# libcurl.so.4 (each copied under its soname) and the dynamic loader; nothing else of Debian.
FROM debian:bookworm-slim AS rootfs
COPY --from=build /build/runtime-packages /tmp/runtime-packages
RUN apt-get update && apt-get install -y --no-install-recommends \
      ca-certificates libcurl4 $(cat /tmp/runtime-packages) \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /build/bin/retort /usr/local/bin/retort
RUN set -eu; \
    r=/rootfs; \
    mkdir -p $r/usr/local/bin $r/usr/lib/x86_64-linux-gnu $r/usr/lib64 $r/etc/ssl/certs $r/tmp \
      $r/var/task; \
    ln -s usr/lib $r/lib; ln -s usr/lib64 $r/lib64; \
    chmod 1777 $r/tmp; \
    cp /usr/local/bin/retort $r/usr/local/bin/retort; \
    curl=$(ldconfig -p | awk '$1 == "libcurl.so.4" { print $NF; exit }'); \
    [ -n "$curl" ] || { echo "libcurl.so.4 is not installed" >&2; exit 1; }; \
    { ldd /usr/local/bin/retort; echo "libcurl.so.4 => $curl"; ldd "$curl"; } \
      | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' | sort -u >/tmp/closure; \
    if grep -q "not found" /tmp/closure; then exit 1; fi; \
    while read -r lib; do \
      cp -L "$lib" "$r$(realpath "$(dirname "$lib")")/$(basename "$lib")"; \
    done </tmp/closure; \
    echo "library closure ($(wc -l </tmp/closure) files):" $(sed 's|.*/||' /tmp/closure); \
    cp -L /etc/ssl/certs/ca-certificates.crt $r/etc/ssl/certs/; \
    printf '%s\n' 'root:x:0:0:root:/root:/sbin/nologin' \
      'retort:x:10001:10001:retort:/var/task:/sbin/nologin' >$r/etc/passwd; \
    printf '%s\n' 'root:x:0:' 'retort:x:10001:' >$r/etc/group; \
    printf '%s\n' 'passwd: files' 'group: files' 'hosts: files dns' >$r/etc/nsswitch.conf; \
    echo /usr/lib/x86_64-linux-gnu >$r/etc/ld.so.conf; \
    ldconfig -r $r; \
    # The closure resolves inside /rootfs alone: the loader lists no missing library for the \
    # binary nor for libcurl, the binary runs, and Runtime API mode gets as far as calling its \
    # (absent) API, which means libcurl was loaded. \
    for f in /usr/local/bin/retort /usr/lib/x86_64-linux-gnu/libcurl.so.4; do \
      chroot $r /lib64/ld-linux-x86-64.so.2 --list $f >/tmp/list 2>&1 \
        || { cat /tmp/list >&2; exit 1; }; \
      if grep "not found" /tmp/list; then exit 1; fi; \
    done; \
    chroot $r /usr/local/bin/retort version; \
    out=$(AWS_LAMBDA_RUNTIME_API=127.0.0.1:9 timeout 60 chroot $r /usr/local/bin/retort lambda 2>&1 \
      || true); \
    case "$out" in *"Runtime API does not answer"*) ;; \
      *) echo "Runtime API mode in /rootfs: $out" >&2; exit 1 ;; esac; \
    du -sh $r

# Runtime stage: nothing but /rootfs (the binary, its libraries and libcurl's, the loader, CA
# certificates, passwd/group for the non-root user, /tmp) and the example project.
FROM scratch
COPY --from=rootfs /rootfs /
# Fails the build when the binary does not run in the final image (exec form: there is no shell).
RUN ["/usr/local/bin/retort", "version"]
COPY config /var/task/config
COPY migrations /var/task/migrations
WORKDIR /var/task
ENV RETORT_CONFIG=/var/task/config/retort.yaml
# Lambda ignores USER and runs the image as its own unprivileged user; elsewhere this one applies.
USER 10001:10001
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/retort"]
CMD ["lambda"]
