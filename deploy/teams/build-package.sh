#!/usr/bin/env bash
# Builds the Teams app package (manifest + icons) to sideload FaqBot into Teams.
# Usage: MICROSOFT_APP_ID=<bot app id> [BOT_WEBSITE_URL=https://...] deploy/teams/build-package.sh [output.zip]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/faqbot-teams.zip}"
: "${MICROSOFT_APP_ID:?set MICROSOFT_APP_ID to the Microsoft App ID the bot is configured with}"
if ! [[ "$MICROSOFT_APP_ID" =~ ^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$ ]]; then
  echo "MICROSOFT_APP_ID must be a GUID, got '$MICROSOFT_APP_ID'" >&2
  exit 2
fi
export MICROSOFT_APP_ID BOT_WEBSITE_URL="${BOT_WEBSITE_URL:-https://example.com/faqbot}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 - "$here/manifest.template.json" "$work/manifest.json" <<'PY'
import json, os, re, sys
text = open(sys.argv[1], encoding="utf-8").read()
for name in ("MICROSOFT_APP_ID", "BOT_WEBSITE_URL"):
    text = text.replace("${" + name + "}", os.environ[name])
left = re.findall(r"\$\{\w+\}", text)
if left:
    sys.exit(f"manifest.template.json uses unknown placeholders: {left}")
json.loads(text)  # the package must hold valid JSON
open(sys.argv[2], "w", encoding="utf-8").write(text)
PY
cp "$here/color.png" "$here/outline.png" "$work/"
rm -f "$out"
(cd "$work" && python3 -m zipfile -c "$out" manifest.json color.png outline.png)
echo "Wrote $out"
