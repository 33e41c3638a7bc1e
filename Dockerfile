# syntax=docker/dockerfile:1
# Container image of the StreamSubscription operator.
#   docker build -t ghcr.io/crossaccount/stream-subscription-operator:0.1.0 .
# Multi-arch: docker buildx build --platform linux/amd64,linux/arm64 ...

# Build stage: restore first (cached while only sources change), then publish framework-dependent.
FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG TARGETARCH
WORKDIR /src
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Build settings shared by every project: target framework, analyzers, central package versions.
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Entities/Entities.csproj src/Entities/
COPY src/Operator/Operator.csproj src/Operator/
RUN dotnet restore src/Operator/Operator.csproj -a "$TARGETARCH"
COPY src/ src/
RUN dotnet publish src/Operator/Operator.csproj -c Release -a "$TARGETARCH" --no-restore \
      -o /app -p:UseAppHost=false

# Runtime stage: chiseled Ubuntu with the ASP.NET Core runtime: no shell, no package manager.
FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS runtime
WORKDIR /app
COPY --from=build /app ./
# Same UID as the Helm chart's securityContext; the root filesystem can be mounted read-only (only /tmp is written).
USER 65532:65532
# Workstation GC: one operator process in a small container does not need a heap per core.
# The operator binds its own ports (--metrics-port, --health-port); drop the base image's default HTTP port.
ENV DOTNET_gcServer=0 \
    ASPNETCORE_HTTP_PORTS=
EXPOSE 8080 8081
ENTRYPOINT ["dotnet", "CrossAccountStreams.Operator.dll"]
