# Portal: build with the SDK, run on the ASP.NET Core runtime image as a non-root user.
#   docker build -t portal .
#   docker run -p 8080:8080 portal

# ---- build ----------------------------------------------------------------------------------
# global.json asks for SDK 10.0.401 or a later feature band; the sdk:10.0 tag follows the newest.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_NOLOGO=1
WORKDIR /src

# Restore from the project files alone, so this layer is reused until a dependency changes.
# BlazorScript.targets and EfDesign.targets are imported by the server project (the first adds a
# PackageDownload to restore; the second adds nothing outside design-time builds).
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY Portal.Shared/Portal.Shared.csproj Portal.Shared/
COPY Portal.Client/Portal.Client.csproj Portal.Client/
COPY Portal.Server/Portal.Server.csproj Portal.Server/BlazorScript.targets Portal.Server/EfDesign.targets Portal.Server/
RUN dotnet restore Portal.Server/Portal.Server.csproj

COPY . .
# Publish, not build: Radzen's static web assets and the extracted blazor.web.js are only laid
# out completely by publish (docs/adr/002-blazor-web-js-stand-in.md).
RUN dotnet publish Portal.Server/Portal.Server.csproj -c Release -o /app --no-restore

# ---- runtime --------------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime

# The aspnet image has neither curl nor wget. The health check below and an ECS task
# definition's container healthCheck both run a command inside the container, so install curl
# (and nothing it merely recommends) while still root.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY --from=build /app ./

# The default SQLite database is /app/App_Data/portal.db, written by the non-root user below.
# Mount a volume there to keep it across containers, or set Database__Provider=PostgreSQL and
# Database__ConnectionString to share one database between several instances.
RUN mkdir -p /app/App_Data && chown "$APP_UID" /app/App_Data

ENV ASPNETCORE_URLS=http://+:8080 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_NOLOGO=1
EXPOSE 8080

# The image's unprivileged "app" user; its uid is in APP_UID.
USER $APP_UID

# /healthz answers as soon as the host is up (liveness); /readyz waits for a first snapshot of
# every environment and is the one for a load balancer's target group.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD curl --fail --silent --show-error --max-time 4 http://localhost:8080/healthz || exit 1

ENTRYPOINT ["dotnet", "Portal.Server.dll"]
