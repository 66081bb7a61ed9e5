#!/usr/bin/env bash
# Load test: FaqBot against a bare echo bot on the same Bot Framework SDK, in one run.
#
# Builds both in Release, starts them with `dotnet <dll>` on free loopback ports (FaqBot anonymous, with its
# per-user and per-conversation rate limits raised so that the limiter still runs but never refuses), waits for
# /healthz 200, then posts message activities with deliveryMode expectReplies to /api/messages with wrk at 4
# connections, for two mixes (tests/load/messages.lua): "repeat" (a dozen questions over and over) and "unique"
# (every text different). Echo and FaqBot take turns, RUNS times per mix, and the medians are printed: req/s of
# each, FaqBot/echo, p50/p99 latency. Then both bots' peak resident memory (VmHWM).
#
#   tests/load/run.sh                        # 3 runs of 20 s per bot and mix, after 15 s of warm-up each (unique: 45 s)
#   DURATION=10 RUNS=5 tests/load/run.sh
#   NO_BUILD=1 tests/load/run.sh             # use the Release builds already there
#   FAQBOT_ARGS="--EmbeddingCache:Capacity=0 --AnswerCache:Capacity=0" tests/load/run.sh   # FaqBot without its caches
#   MIXES=unique tests/load/run.sh           # one mix only
#   ECHO_ARGS=--ReuseClients=true tests/load/run.sh   # echo bot reusing the SDK's clients across turns as FaqBot does
#
# Needs wrk (Debian: apt-get install wrk). The machine is shared and noisy: read ratios, not absolute numbers.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

DURATION=${DURATION:-20}
WARMUP=${WARMUP:-15}
# The unique mix runs the whole answer path, whose code the JIT keeps re-optimising (tiered PGO) for about 30 s of
# such traffic: measured before then, FaqBot's CPU per question is up to 40 % higher than at steady state.
UNIQUE_WARMUP=${UNIQUE_WARMUP:-45}
RUNS=${RUNS:-3}
CONNECTIONS=${CONNECTIONS:-4}
THREADS=${THREADS:-1}
MIXES=${MIXES:-repeat unique}
# The trained model is cached here between runs (keyed by essay, data and code), so only the first run trains.
MODELS=${MODELS:-${TMPDIR:-/tmp}/faqbot-load-models}

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl is missing: apt-get install curl" >&2; exit 1; }

if [ -z "${NO_BUILD:-}" ]; then
  dotnet build -c Release --nologo -v q src/FaqBot.Bot/FaqBot.Bot.csproj
  dotnet build -c Release --nologo -v q tests/FaqBot.EchoBot/FaqBot.EchoBot.csproj
  dotnet build -c Release --nologo -v q tests/FaqBot.Benchmarks/FaqBot.Benchmarks.csproj
fi

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

# start NAME DLL ARGS...: starts a bot on a free port (Kestrel picks it: port 0); sets $pid and $port once it listens.
start() {
  local name=$1; shift
  dotnet "$@" --urls http://127.0.0.1:0 >"$work/$name.log" 2>&1 &
  pid=$!
  pids+=("$pid")
  port=""
  for _ in $(seq 600); do
    port=$(grep -o 'Now listening on: http://127.0.0.1:[0-9]*' "$work/$name.log" | head -1 | sed 's/.*://') || true
    [ -n "$port" ] && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  cat "$work/$name.log" >&2
  echo "$name did not start listening" >&2
  exit 1
}

wait_ready() {
  local name=$1 port=$2
  for _ in $(seq 1200); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz")" = 200 ] && return 0
    sleep 0.1
  done
  cat "$work/$name.log" >&2
  echo "$name never became ready" >&2
  exit 1
}

start echo tests/FaqBot.EchoBot/bin/Release/net10.0/FaqBot.EchoBot.dll ${ECHO_ARGS:-} # split on purpose
echo_pid=$pid echo_port=$port
start faqbot src/FaqBot.Bot/bin/Release/net10.0/FaqBot.Bot.dll \
  --Channel:MessagesPerUserPerMinute=100000 --Channel:MessagesPerConversationPerMinute=100000 \
  --Knowledge:ModelDirectory="$MODELS" --Feedback:LogPath="$work/feedback.jsonl" --Questions:LogPath="$work/questions.jsonl" ${FAQBOT_ARGS:-} # split on purpose
faq_pid=$pid faq_port=$port
wait_ready echo "$echo_port"
wait_ready faqbot "$faq_port"
echo "echo bot pid $echo_pid port $echo_port; FaqBot pid $faq_pid port $faq_port; logs in $work"

results=$work/results.tsv
: >"$results"
declare -A next_text=([echo]=0 [faqbot]=0)

# CPU time a process has used, in clock ticks (user + system), from /proc/PID/stat.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
ticks_per_second=$(getconf CLK_TCK)

# load BOT PORT MIX SECONDS LABEL: one wrk run; appends
# "label mix bot rps p50 p99 requests unanswered non200 socket cpu-ms-per-request".
load() {
  local bot=$1 port=$2 mix=$3 seconds=$4 label=$5
  local pid out before
  pid=$([ "$bot" = echo ] && echo "$echo_pid" || echo "$faq_pid")
  before=$(cpu_ticks "$pid")
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --timeout 10s -s tests/load/messages.lua \
    "http://127.0.0.1:$port" -- "$mix" "$THREADS" "${next_text[$bot]}")
  local line
  line=$(grep '^RESULT' <<<"$out") || { echo "$out" >&2; exit 1; }
  grep '^UNANSWERED' <<<"$out" | sed "s/^/  $bot $mix: /" >&2 || true
  local requests cpu
  requests=$(sed 's/.*requests=\([0-9]*\).*/\1/' <<<"$line")
  cpu=$(awk -v t="$(( $(cpu_ticks "$pid") - before ))" -v hz="$ticks_per_second" -v n="$requests" 'BEGIN {printf "%.3f", t * 1000 / hz / (n ? n : 1)}')
  next_text[$bot]=$((next_text[$bot] + requests + 1000))
  echo "$label $mix $bot $(sed 's/RESULT //; s/[a-z0-9]*=//g' <<<"$line") $cpu" >>"$results"
}

for mix in $MIXES; do
  warmup=$([ "$mix" = unique ] && echo "$UNIQUE_WARMUP" || echo "$WARMUP")
  echo "mix $mix: warm-up ${warmup}s each"
  load echo "$echo_port" "$mix" "$warmup" warmup
  load faqbot "$faq_port" "$mix" "$warmup" warmup
  for run in $(seq "$RUNS"); do
    load echo "$echo_port" "$mix" "$DURATION" "$run"
    load faqbot "$faq_port" "$mix" "$DURATION" "$run"
    echo "  run $run: $(awk -v r="$run" -v m="$mix" '$1==r && $2==m {printf "%s %.0f req/s p99 %.1f ms %.2f cpu-ms/req  ", $3, $4, $6, $11}' "$results")"
  done
done

echo
echo "Medians of $RUNS runs of ${DURATION}s at $CONNECTIONS connections (p50/p99 in ms; ratio = FaqBot/echo req/s, per run):"
printf '%-7s %10s %10s %8s %9s %9s %9s %9s %9s %9s %12s\n' mix "echo r/s" "FaqBot r/s" ratio "echo p50" "echo p99" "bot p50" "bot p99" \
  "echo cpu" "bot cpu" unanswered
median() { sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
for mix in $MIXES; do
  col() { awk -v m="$mix" -v b="$1" -v c="$2" '$1!="warmup" && $2==m && $3==b {print $c}' "$results" | median; }
  ratios=$(awk -v m="$mix" '$1!="warmup" && $2==m {r[$1,$3]=$4; runs[$1]=1} END {for (k in runs) print r[k,"faqbot"] / r[k,"echo"]}' "$results" | median)
  bad=$(awk -v m="$mix" '$1!="warmup" && $2==m && $3=="faqbot" {s+=$8} END {print s+0}' "$results")
  bad_echo=$(awk -v m="$mix" '$1!="warmup" && $2==m && $3=="echo" {s+=$8} END {print s+0}' "$results")
  printf '%-7s %10.0f %10.0f %7.1f%% %9.2f %9.2f %9.2f %9.2f %9.3f %9.3f %12s\n' "$mix" "$(col echo 4)" "$(col faqbot 4)" \
    "$(awk -v r="$ratios" 'BEGIN {print r * 100}')" "$(col echo 5)" "$(col echo 6)" "$(col faqbot 5)" "$(col faqbot 6)" \
    "$(col echo 11)" "$(col faqbot 11)" "$bad/$bad_echo"
done
echo "(cpu: the bot process's CPU milliseconds per request, user + system, which other load on the machine disturbs less"
echo " than req/s; unanswered: FaqBot/echo responses that were not 200 with a reply, over all runs, non-200 included)"
if [[ " $MIXES " == *" unique "* ]]; then
  # The floor of a unique question: the sentence model's own run on the same texts, one at a time, on both cores.
  model=$(dotnet tests/FaqBot.Benchmarks/bin/Release/net10.0/FaqBot.Benchmarks.dll ceiling 5 2 | grep -o '[0-9.]* ms CPU per text' | grep -o '^[0-9.]*')
  awk -v bot="$(awk -v m=unique '$1!="warmup" && $2==m && $3=="faqbot" {print $11}' "$results" | median)" -v model="$model" \
    'BEGIN {printf "unique: FaqBot %.2f ms of CPU per question, the sentence model alone %.2f ms on the same texts: %.2f x\n", bot, model, bot / model}'
fi
echo
for name in echo faqbot; do
  pid=$([ "$name" = echo ] && echo "$echo_pid" || echo "$faq_pid")
  echo "$name peak RSS (VmHWM) $(awk '/VmHWM/ {printf "%.0f MB", $2/1024}' "/proc/$pid/status"), now (VmRSS) $(awk '/VmRSS/ {printf "%.0f MB", $2/1024}' "/proc/$pid/status")"
done
if grep -q 'Trained .* on [0-9]* examples' "$work/faqbot.log"; then
  echo "note: FaqBot trained its model at the start of this run, so its peak RSS includes training; run again for the"
  echo "      peak with a cached model (cached in $MODELS)"
fi
cp "$results" "${RESULTS:-$work/results.tsv}" 2>/dev/null || true
