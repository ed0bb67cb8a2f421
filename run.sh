#!/usr/bin/env bash
# Runs Rethink.Ims on this machine with safe local defaults: everything on 127.0.0.1, the development
# identity issuer on, and a development secret generated for this run. Ctrl+C stops it.
# Set Ims__EphemeralAuth__Secrets__0 to choose the shared secret.
set -euo pipefail
cd "$(dirname "$0")"

echo "==> building (Release)"
dotnet build samples/Rethink.Ims.CredentialServer -c Release -nologo -v quiet

exec dotnet samples/Rethink.Ims.CredentialServer/bin/Release/net10.0/Rethink.Ims.CredentialServer.dll "$@"
