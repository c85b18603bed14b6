# syntax=docker/dockerfile:1
# Build stage: the pinned toolchain from rust-toolchain.toml.
FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY rust-toolchain.toml ./
RUN rustup toolchain install
COPY . .
RUN cargo build --release --locked --bin metamorph \
 && install -D target/release/metamorph /out/metamorph

# Runtime stage: just the binary, as an unprivileged user, data on a volume.
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin metamorph \
 && mkdir -p /data && chown metamorph:metamorph /data
COPY --from=build /out/metamorph /usr/local/bin/metamorph
ENV HOST=0.0.0.0 \
    PORT=3001 \
    DATABASE_PATH=/data/metamorph.db \
    LOG_FORMAT=json
VOLUME ["/data"]
EXPOSE 3001
USER metamorph
ENTRYPOINT ["/usr/local/bin/metamorph"]
CMD ["serve"]
