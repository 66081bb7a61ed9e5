#!/usr/bin/env bash
# Starts the bot on each essay with the ranking model fitted without that essay (as `eval --all` judges it), asks it
# every held-out question over /api/messages with expectReplies, and scores the replies as a user reads them.
# The numbers should match the leave-one-essay-out table of `eval --all`: the bot answers as the evaluation says.
#   training/eval/over-the-wire.sh [essay-name ...]     (default: every essay with held-out questions)
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
dotnet build -c Release --nologo -v q src/FaqBot.Bot/FaqBot.Bot.csproj >/dev/null
dotnet build -c Release --nologo -v q training/FaqBot.Training/FaqBot.Training.csproj >/dev/null
tool() { dotnet training/FaqBot.Training/bin/Release/net10.0/FaqBot.Training.dll "$@"; }
echo "Fitting each essay's leave-one-out model"
tool eval --all --models "$work/models" --out "$work/eval" --save-models "$work/fold" >/dev/null
names=("$@")
[ ${#names[@]} -gt 0 ] || names=($(ls "$work/fold"))
for name in "${names[@]}"; do
  port=$((39000 + RANDOM % 1000))
  dotnet src/FaqBot.Bot/bin/Release/net10.0/FaqBot.Bot.dll --urls "http://127.0.0.1:$port" \
    --Knowledge:EssayPath="$PWD/training/essays/$name.txt" --Knowledge:RankingModelDirectory="$work/fold/$name" \
    --Knowledge:UseCuratedExamples=false --Knowledge:ModelDirectory="$work/models" --Feedback:LogPath="$work/$name.feedback.jsonl" --Questions:LogPath="$work/$name.questions.jsonl" \
    >"$work/$name.log" 2>&1 &
  bot=$!
  for _ in $(seq 120); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 1; done
  tool eval --bot "http://127.0.0.1:$port" --essay "training/essays/$name.txt" --out "$work/wire-$name" | sed -n '/^| /p'
  kill "$bot"; wait "$bot" 2>/dev/null || true
done
