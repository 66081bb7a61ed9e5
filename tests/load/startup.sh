#!/usr/bin/env bash
# Start-up and training time of FaqBot (Release, `dotnet <dll>`), as a user would see them: from process start to
# GET /healthz 200.
#
#   ready    with a trained model already cached (the default essay): RUNS starts, median
#   train    a new essay (training/essays/honeybees-winter.txt) with an empty model folder: RUNS starts, median,
#            with the bot's own "Trained ... in N ms" figure beside it
#   memory   peak resident memory (VmHWM) once ready, for both cases
#
#   tests/load/startup.sh                    # RUNS=5
#   NO_BUILD=1 RUNS=3 tests/load/startup.sh
#
# The machine is shared and noisy: repeat, and read medians.
set -euo pipefail
cd "$(dirname "$0")/../.."

RUNS=${RUNS:-5}
bot=src/FaqBot.Bot/bin/Release/net10.0/FaqBot.Bot.dll
[ -n "${NO_BUILD:-}" ] || dotnet build -c Release --nologo -v q src/FaqBot.Bot/FaqBot.Bot.csproj

work=$(mktemp -d)
pid=""
trap '[ -z "$pid" ] || kill "$pid" 2>/dev/null || true' EXIT

# time_to_ready LOG ARGS...: prints "seconds peak-rss-MB" for one start of the bot.
time_to_ready() {
  local log=$1; shift
  local start port=""
  start=$(date +%s%N)
  dotnet "$bot" --urls http://127.0.0.1:0 --Feedback:LogPath="$work/feedback.jsonl" --Questions:LogPath="$work/questions.jsonl" "$@" >"$log" 2>&1 &
  pid=$!
  while :; do
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; echo "the bot exited" >&2; exit 1; }
    [ -n "$port" ] || port=$(grep -o 'Now listening on: http://127.0.0.1:[0-9]*' "$log" | sed 's/.*://') || true
    if [ -n "$port" ] && [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz")" = 200 ]; then
      break
    fi
    sleep 0.02
  done
  local elapsed=$(( $(date +%s%N) - start ))
  local hwm
  hwm=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$pid/status")
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
  awk -v ns="$elapsed" -v m="$hwm" 'BEGIN {printf "%.2f %s\n", ns / 1e9, m}'
}

median() { sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }

models=$work/models
echo "training the default essay's model once into $models (not timed)"
time_to_ready "$work/first.log" --Knowledge:ModelDirectory="$models" >/dev/null

: >"$work/ready"
for i in $(seq "$RUNS"); do
  read -r seconds mb < <(time_to_ready "$work/ready-$i.log" --Knowledge:ModelDirectory="$models")
  echo "  ready with a trained model: ${seconds} s, peak RSS ${mb} MB"
  echo "$seconds $mb" >>"$work/ready"
done

: >"$work/train"
for i in $(seq "$RUNS"); do
  read -r seconds mb < <(time_to_ready "$work/train-$i.log" --Knowledge:ModelDirectory="$work/empty-$i" \
    --Knowledge:EssayPath=training/essays/honeybees-winter.txt)
  trained=$(grep -o 'on [0-9]* examples in [0-9]* ms' "$work/train-$i.log" | head -1)
  echo "  new essay trained and ready: ${seconds} s (trained $trained), peak RSS ${mb} MB"
  echo "$seconds $mb $(awk '{print $5}' <<<"$trained")" >>"$work/train"
done

echo
echo "Medians of $RUNS starts (process start to /healthz 200):"
echo "  ready with a trained model:  $(cut -d' ' -f1 "$work/ready" | median) s, peak RSS $(cut -d' ' -f2 "$work/ready" | median) MB"
echo "  new essay (honeybees-winter): $(cut -d' ' -f1 "$work/train" | median) s, of which training $(cut -d' ' -f3 "$work/train" | median) ms; peak RSS $(cut -d' ' -f2 "$work/train" | median) MB"
