#!/usr/bin/env bash
# Packs Rethink.Ims and builds a fresh web app that references the package from a local feed and calls
# AddImsEphemeralAuth / MapImsCredentials: proof that `dotnet pack` makes a package a user can reference.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A version of its own each run, so the NuGet cache never serves an older check's package.
version="0.0.0-check.$(date +%s)"
dotnet pack src/Rethink.Ims -c Release -nologo -v quiet -o "$work/feed" -p:Version="$version"
mkdir "$work/app"
cat > "$work/app/app.csproj" <<'XML'
<Project Sdk="Microsoft.NET.Sdk.Web">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Rethink.Ims" Version="VERSION" />
  </ItemGroup>
</Project>
XML
cat > "$work/app/Program.cs" <<'CS'
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddImsEphemeralAuth();
var app = builder.Build();
app.MapImsCredentials("/credential");
var ring = new Rethink.Ims.Credentials.SecretRing(["s"]);
var generator = new Rethink.Ims.Credentials.EphemeralCredentialGenerator(ring, new(), TimeProvider.System);
Console.WriteLine(generator.Generate("alice", TimeSpan.FromMinutes(1)).Username);
CS
sed -i "s/VERSION/$version/" "$work/app/app.csproj"
# Isolate from this repository's Directory.*.props and use the local feed first.
echo '<Project />' > "$work/Directory.Build.props"; echo '<Project />' > "$work/Directory.Packages.props"
# The local feed is added to the machine's usual package sources (no <clear/>).
cat > "$work/nuget.config" <<XML
<configuration><packageSources><add key="rethink-ims-check" value="$work/feed" /></packageSources></configuration>
XML
dotnet build "$work/app" -nologo -v quiet
output=$(Ims__EphemeralAuth__Secrets__0=check Ims__EphemeralAuth__DevelopmentIssuer__Enabled=true dotnet "$work/app/bin/Debug/net10.0/app.dll")
echo "$output" | grep -Eq '^[0-9]+:alice$' || { echo "package check: unexpected output: $output" >&2; exit 1; }
echo "==> package check: a fresh app referencing Rethink.Ims builds and runs"
