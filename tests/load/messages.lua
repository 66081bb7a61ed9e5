-- wrk script: Bot Framework message activities with deliveryMode expectReplies, posted to /api/messages.
-- Usage: wrk -tT -c4 -d20s -s messages.lua http://127.0.0.1:PORT -- repeat|unique T [first]
--   T      wrk's thread count (-t), so threads take turns through one sequence
--   first  where the sequence starts: run.sh moves it past every text already sent, so "unique" stays unique
--          across warm-up and runs against the same bot
--   repeat  a dozen questions about the default essay, over and over (a burst of the same few questions)
--   unique  every text different: opener x question x filler x ending, enumerated without repeats
-- Users and conversations cycle through a pool of 64 of each, so every request is a turn of a real conversation.
-- A response counts as answered when it is 200 and holds a reply text that is not the bot's apology or
-- "still reading"; anything else is counted, and the first few are printed by done().

local repeating = {
  "are they always enemies?",
  "what limits does New START set?",
  "do sanctions really work?",
  "is russia a declining power",
  "when did the soviet union collapse?",
  "does nato expansion always mean aggression",
  "can leaders fix the relationship on their own?",
  "is war between them inevitable",
  "tell me about the history",
  "what happened with the iran nuclear deal?",
  "why do they keep talking if they distrust each other?",
  "what's the weather in Paris?",
}

local openers = {
  "", "hey, ", "quick question: ", "i was wondering, ", "so ", "ok but ", "honestly, ", "one more thing: ",
  "sorry to ask, ", "out of curiosity, ", "in simple terms, ", "for my class, ", "my friend asked me, ",
  "just curious, ", "serious question: ", "help me understand, ",
}

local cores = {
  "are the us and russia always enemies", "do sanctions fix anything", "is russia a power in decline",
  "does nato growth mean aggression", "can presidents alone mend ties", "is a war between them unavoidable",
  "does moscow want the soviet union back", "is election meddling new", "do cultural exchanges matter",
  "is there trust left between washington and moscow", "why do they still negotiate", "how did the space station work out",
  "what does new start limit", "when was new start signed", "how many warheads can each side deploy",
  "what happened in syria", "how much aid did the us give syrian refugees", "why did the us leave the jcpoa",
  "when did the ussr break up", "what was the cuban missile crisis", "how did the cold war end",
  "what role does back-channel diplomacy play", "what are the minsk agreements", "how does arms control help",
  "what did the 1997 nato russia act say", "what do polls say about how americans see russia",
  "why did the bolshevik revolution worry the west", "how big was the soviet nuclear stockpile",
  "what is the essay's conclusion", "what are the main sources of tension", "how does diplomacy handle conflict",
  "who backed the assad regime", "what is the best recipe for pancakes", "how do i fix my bike chain",
  "what is the capital of australia", "recommend a good movie", "how tall is mount everest",
  "what time is it in tokyo", "who won the world cup", "how do volcanoes form",
  "explain the history of us russia relations", "give me a summary of the section on diplomacy",
  "what about ukraine", "is cooperation possible", "what about energy and oil", "do leaders matter",
  "what is the role of the un", "how do summits work",
}

local fillers = { "", " really", " actually", " still", " ever", " today", " now", " exactly", " these days",
  " at all", " in practice", " in the end" }

local endings = { "?", "", " please?", " thanks", "??", " in short?", " briefly?", " according to the essay?",
  " - any idea?", " if you know?", " in a sentence?", " for real?" }

local mode = "repeat"
local counter = 0
local first = 0
local offset = 0
local stride = 1
local failures = 0
local samples = {}
local threads_list = {}

function setup(thread)
  thread:set("offset", #threads_list)
  table.insert(threads_list, thread)
end

function init(args)
  mode = args[1] or "repeat"
  stride = tonumber(args[2]) or 1 -- wrk's thread count: thread k takes requests k, k + T, k + 2T, ...
  first = tonumber(args[3]) or 0
  offset = tonumber(wrk.thread:get("offset")) or 0
  wrk.thread:set("failures", 0)
  wrk.thread:set("samples", "")
end

local function unique_text(n)
  -- Mixed-radix enumeration: consecutive n differ in the question first, so neighbours are not near-duplicates.
  local c = n % #cores; n = math.floor(n / #cores)
  local o = n % #openers; n = math.floor(n / #openers)
  local f = n % #fillers; n = math.floor(n / #fillers)
  local e = n % #endings; n = math.floor(n / #endings)
  local text = openers[o + 1] .. cores[c + 1] .. fillers[f + 1] .. endings[e + 1]
  if n > 0 then text = text .. " (" .. n .. ")" end -- only past the 110,592 combinations
  return text
end

local function escape(s)
  return (s:gsub('\\', '\\\\'):gsub('"', '\\"'))
end

function request()
  local n = first + counter * stride + offset
  counter = counter + 1
  local text
  if mode == "unique" then text = unique_text(n) else text = repeating[(n % #repeating) + 1] end
  local who = n % 64
  local body = '{"type":"message","id":"m' .. n .. '","text":"' .. escape(text) .. '","channelId":"emulator",'
    .. '"serviceUrl":"http://localhost:9","deliveryMode":"expectReplies","locale":"en-US",'
    .. '"from":{"id":"load-user-' .. who .. '","name":"load"},"recipient":{"id":"bot"},'
    .. '"conversation":{"id":"load-conversation-' .. who .. '"}}'
  return wrk.format("POST", "/api/messages", { ["Content-Type"] = "application/json" }, body)
end

function response(status, headers, body)
  local answered = status == 200 and body ~= nil and body:find('"text"', 1, true) ~= nil
    and body:find("something went wrong", 1, true) == nil and body:find("still reading", 1, true) == nil
  if not answered then
    failures = failures + 1
    if #samples < 3 then
      table.insert(samples, status .. " " .. (string.sub(body or "", 1, 200):gsub("%s+", " ")))
      wrk.thread:set("samples", table.concat(samples, "\n"))
    end
    wrk.thread:set("failures", failures)
  end
end

function done(summary, latency, requests)
  local failed = 0
  local shown = {}
  for _, thread in ipairs(threads_list) do
    failed = failed + (tonumber(thread:get("failures")) or 0)
    local s = thread:get("samples")
    if s and s ~= "" then table.insert(shown, s) end
  end
  local e = summary.errors
  local socket = e.connect + e.read + e.write + e.timeout
  -- One line for run.sh: requests/s, p50 and p99 in ms, requests, requests not answered (incl. non-200), socket errors.
  io.write(string.format("RESULT rps=%.1f p50=%.2f p99=%.2f requests=%d unanswered=%d non200=%d socket=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, failed, e.status, socket))
  for _, s in ipairs(shown) do io.write("UNANSWERED " .. s .. "\n") end
end
