#!/usr/bin/env bash
# Soak: ten minutes of mixed traffic against one FaqBot (Release, `dotnet <dll>`, anonymous), to show that nothing
# fails and memory stays flat. A benchmark, not a test: it prints numbers and exits 0 unless the bot or wrk breaks.
#
# Traffic (tests/load/soak.lua, wrk, one connection per thread, a short pause before each request): repeated and
# unique questions, follow-ups and votes, web chat polls and messages on 32 web chats opened beforehand, and hostile
# requests that must get exactly their documented 4xx. The bot's rate limits are raised so that the limiter runs but
# never refuses. Every 10 s the bot's resident memory (VmRSS), thread count and CPU time are sampled. At the end:
# requests, errors (any response other than the expected one, socket errors included), 5xx, RSS at 1 minute and at
# the end and the growth between them, peak RSS, threads.
#
#   tests/load/soak.sh                       # 600 s
#   SECONDS_TO_RUN=120 tests/load/soak.sh    # a shorter try
#   NO_BUILD=1 CONNECTIONS=4 PAUSE_MS=5 tests/load/soak.sh
#
# Needs wrk and curl (Debian: apt-get install wrk curl). The machine is shared: the pause keeps the bot loaded but
# leaves room for others; RSS is what the numbers are about.
set -euo pipefail
cd "$(dirname "$0")/../.."

SECONDS_TO_RUN=${SECONDS_TO_RUN:-600}
CONNECTIONS=${CONNECTIONS:-4}
PAUSE_MS=${PAUSE_MS:-8}
CHATS=${CHATS:-32}
SAMPLE_EVERY=10
MODELS=${MODELS:-${TMPDIR:-/tmp}/faqbot-load-models}
bot=src/FaqBot.Bot/bin/Release/net10.0/FaqBot.Bot.dll

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl is missing: apt-get install curl" >&2; exit 1; }
[ -n "${NO_BUILD:-}" ] || dotnet build -c Release --nologo -v q src/FaqBot.Bot/FaqBot.Bot.csproj

work=$(mktemp -d)
pid="" wrk_pid=""
cleanup() {
  [ -z "$wrk_pid" ] || kill "$wrk_pid" 2>/dev/null || true
  [ -z "$pid" ] || kill "$pid" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

dotnet "$bot" --urls http://127.0.0.1:0 --Knowledge:ModelDirectory="$MODELS" --Feedback:LogPath="$work/feedback.jsonl" --Questions:LogPath="$work/questions.jsonl" \
  --Channel:MessagesPerUserPerMinute=100000 --Channel:MessagesPerConversationPerMinute=100000 \
  --Channel:WebChatConversationsPerAddressPerMinute=100000 >"$work/faqbot.log" 2>&1 &
pid=$!
port=""
for _ in $(seq 1200); do
  kill -0 "$pid" 2>/dev/null || { cat "$work/faqbot.log" >&2; echo "the bot exited" >&2; exit 1; }
  [ -n "$port" ] || port=$(grep -o 'Now listening on: http://127.0.0.1:[0-9]*' "$work/faqbot.log" | head -1 | sed 's/.*://') || true
  [ -n "$port" ] && [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz")" = 200 ] && break
  sleep 0.1
done
[ -n "$port" ] || { cat "$work/faqbot.log" >&2; echo "the bot never became ready" >&2; exit 1; }
base=http://127.0.0.1:$port

# The web chats the traffic polls and writes to: a token and a started conversation each, as the page opens them.
: >"$work/chats.txt"
for _ in $(seq "$CHATS"); do
  grant=$(curl -sf -X POST "$base/api/directline/token")
  token=$(sed -n 's/.*"token":"\([^"]*\)".*/\1/p' <<<"$grant")
  user=$(sed -n 's/.*"userId":"\([^"]*\)".*/\1/p' <<<"$grant")
  conversation=$(curl -sf -X POST -H "Authorization: Bearer $token" "$base/v3/directline/conversations" \
    | sed -n 's/.*"conversationId":"\([^"]*\)".*/\1/p')
  echo "$conversation $token $user" >>"$work/chats.txt"
done

status() { awk -v k="$1" '$1 == k":" {print $2}' "/proc/$pid/status"; }
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15) / hz}' "/proc/$pid/stat"; }
samples=$work/samples.tsv
printf 'seconds\trss_mb\tthreads\tcpu_s\n' >"$samples"
sample() { printf '%s\t%s\t%s\t%s\n' "$1" "$(awk '/^VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$pid/status")" "$(status Threads)" "$(cpu_seconds)" >>"$samples"; }

echo "FaqBot pid $pid on $base; $CONNECTIONS connections, ${PAUSE_MS} ms pause, ${SECONDS_TO_RUN} s; files in $work"
wrk -t"$CONNECTIONS" -c"$CONNECTIONS" -d"${SECONDS_TO_RUN}s" --timeout 10s -s tests/load/soak.lua "$base" -- "$work/chats.txt" "$PAUSE_MS" "$CONNECTIONS" \
  >"$work/wrk.txt" 2>&1 &
wrk_pid=$!
start=$(date +%s)
sample 0
while kill -0 "$wrk_pid" 2>/dev/null; do
  sleep "$SAMPLE_EVERY"
  kill -0 "$pid" 2>/dev/null || { echo "the bot died during the soak" >&2; tail -50 "$work/faqbot.log" >&2; exit 1; }
  elapsed=$(( $(date +%s) - start ))
  [ "$elapsed" -gt "$SECONDS_TO_RUN" ] || sample "$elapsed"
done
wait "$wrk_pid" || { cat "$work/wrk.txt" >&2; exit 1; }
wrk_pid=""
sample end

result=$(grep '^RESULT' "$work/wrk.txt") || { cat "$work/wrk.txt" >&2; exit 1; }
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" $result"; }
at_minute=$(awk -F'\t' 'NR > 1 && $1 != "end" && $1 >= 60 {print $2; exit}' "$samples")
at_end=$(awk -F'\t' '$1 == "end" {print $2}' "$samples")
threads_minute=$(awk -F'\t' 'NR > 1 && $1 != "end" && $1 >= 60 {print $3; exit}' "$samples")
threads_end=$(awk -F'\t' '$1 == "end" {print $3}' "$samples")
threads_max=$(awk -F'\t' 'NR > 1 && $3 > m {m = $3} END {print m}' "$samples")
cpu_end=$(awk -F'\t' '$1 == "end" {print $4}' "$samples")

echo
echo "Samples every ${SAMPLE_EVERY} s (seconds, RSS MB, threads, CPU s):"
column -t "$samples" | sed 's/^/  /'
echo
grep '^KIND' "$work/wrk.txt" | sed 's/^KIND /  /'
grep '^ERROR' "$work/wrk.txt" | sed 's/^/  /' || true
echo
echo "Soak summary ($SECONDS_TO_RUN s, $CONNECTIONS connections):"
echo "  requests   $(field requests) ($(field rps) req/s), p50 $(field p50) ms, p99 $(field p99) ms, bot CPU ${cpu_end} s"
echo "  errors     $(field errors) (unexpected status or reply, socket errors $(field socket) among them)"
echo "  5xx        $(field server_errors)"
if [ -n "$at_minute" ]; then
  echo "  RSS        ${at_minute} MB at 1 min, ${at_end} MB at the end: $(awk -v a="$at_minute" -v b="$at_end" 'BEGIN {printf "%+.1f %%", (b - a) * 100 / a}'), peak (VmHWM) $(awk '/VmHWM/ {printf "%.0f MB", $2/1024}' "/proc/$pid/status")"
  echo "  threads    ${threads_minute} at 1 min, ${threads_end} at the end, at most ${threads_max}"
fi
if grep -q 'Trained .* on [0-9]* examples' "$work/faqbot.log"; then
  echo "  note: FaqBot trained its model at the start of this run, so its RSS carries what training left; run again"
  echo "        for the numbers with a cached model (cached in $MODELS)"
fi
echo "  (log, samples and wrk output: $work)"
