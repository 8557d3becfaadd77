# syntax=docker/dockerfile:1
# Moodtune in a container: `moodtune serve` (the command line's publish output: the web app, its page, the models) on
# ASP.NET Core's runtime image, as a non-root user, listening on 8080. deploy/compose.yaml runs several behind nginx.
#   docker build -t moodtune .
# Not built in CI (no container engine there): written and reviewed by hand, see docs/scaling.md.

# Chart.js for the history page, from the page's lock file: the .NET build then finds it and runs no npm itself.
FROM node:22-bookworm-slim AS client
WORKDIR /src/src/Moodtune.Web
COPY src/Moodtune.Web/package.json src/Moodtune.Web/package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG TARGETARCH
WORKDIR /src
# global.json stays out: it pins the SDK feature band of a developer's machine, and this image brings its own 10.0 SDK.
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Moodtune.Mood/Moodtune.Mood.csproj src/Moodtune.Mood/
COPY src/Moodtune.Vision/Moodtune.Vision.csproj src/Moodtune.Vision/
COPY src/Moodtune.Music/Moodtune.Music.csproj src/Moodtune.Music/
COPY src/Moodtune.Storage/Moodtune.Storage.csproj src/Moodtune.Storage/
COPY src/Moodtune.Web/Moodtune.Web.csproj src/Moodtune.Web/ClientAssets.targets src/Moodtune.Web/
COPY src/Moodtune.Cli/Moodtune.Cli.csproj src/Moodtune.Cli/
# Restored in a layer of its own: a change of source alone does not fetch the packages again.
RUN dotnet restore src/Moodtune.Cli/Moodtune.Cli.csproj -a "$TARGETARCH"
COPY src/ src/
COPY models/ models/
COPY --from=client /src/src/Moodtune.Web/node_modules src/Moodtune.Web/node_modules
# Framework-dependent for this architecture: ONNX Runtime's and SkiaSharp's native libraries for it lie beside the
# program, the models in models/, the page in wwwroot/.
RUN dotnet publish src/Moodtune.Cli/Moodtune.Cli.csproj -c Release -a "$TARGETARCH" --no-self-contained --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# libturbojpeg (libturbojpeg.so.0; Debian calls the package libturbojpeg0): camera frames and photos decode twice as
# fast through it, Skia decodes them otherwise. curl: the health check, the image has no HTTP client of its own.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libturbojpeg curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
# The data folder: the SQLite database when no other storage provider is configured; with PostgreSQL nothing is
# written here (the sign-in keys live in the database either way). Owned by the image's non-root user ($APP_UID, 1654).
RUN mkdir -p /data && chown -R "$APP_UID" /data
VOLUME /data
USER $APP_UID
EXPOSE 8080
# Liveness only: a node whose database is away is taken out of rotation by /ready, not restarted.
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 CMD curl -fsS -H "Host: localhost" http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["dotnet", "moodtune.dll", "serve", "--urls", "http://0.0.0.0:8080", "--data", "/data"]
