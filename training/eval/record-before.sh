#!/usr/bin/env bash
# Records FaqBot as it was before the leave-one-essay-out evaluation (commit 06208c4) on today's held-out questions:
# that build, with the small `dump` command of record-before.patch added, answers every essay's held-out questions
# with its shipped thresholds (the us-russia essay with its curated examples, as it shipped) and writes one line per
# question to training/eval/before/. `eval --all` reads them back beside today's numbers.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'git -C "$repo" worktree remove --force "$work/before" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git -C "$repo" worktree add --detach "$work/before" 06208c4 >/dev/null
git -C "$work/before" apply "$repo/training/eval/record-before.patch"
dotnet build "$work/before/training/FaqBot.Training" -c Release -v q >/dev/null
for essay in "$repo"/training/essays/*.txt; do
  dotnet "$work/before/training/FaqBot.Training/bin/Release/net10.0/FaqBot.Training.dll" dump --essay "$essay" \
    --data "$repo/training/data" --models "$work/models" --out "$repo/training/eval/before"
done
