-- wrk script for tests/load/soak.sh: mixed traffic against one FaqBot, one connection per wrk thread, so each
-- thread's requests and responses alternate and a response can be checked against the request that asked for it.
-- Usage: wrk -tN -cN -dD -s soak.lua http://127.0.0.1:PORT -- CHATS_FILE DELAY_MS N
--   CHATS_FILE  lines of "conversationId token userId": web chats opened by soak.sh beforehand, shared out among threads
--   DELAY_MS    pause before each request, per connection, so the bot runs loaded but not flat out
--   N           wrk's thread count (-t), which a thread's own Lua state cannot see
-- Every 100 requests: 35 repeated questions, 15 unique ones (never asked before), 8 follow-ups and votes in the
-- same conversations, 20 web chat polls (from the last watermark, as Web Chat polls), 1 web chat message, and
-- 21 hostile requests (malformed, mistyped, oversized, nested, forged) that must get exactly the 4xx (or the
-- polite 200) they are documented to get. Anything else is an error: done() prints counts per kind and samples.

local repeating = {
  "are they always enemies?", "what limits does New START set?", "do sanctions really work?", "is russia a declining power",
  "when did the soviet union collapse?", "does nato expansion always mean aggression", "is war between them inevitable",
  "tell me about the history", "what happened with the iran nuclear deal?", "what's the weather in Paris?",
}
local cores = {
  "are the us and russia always enemies", "do sanctions fix anything", "is russia a power in decline", "does nato growth mean aggression",
  "can presidents alone mend ties", "is a war between them unavoidable", "is election meddling new", "do cultural exchanges matter",
  "why do they still negotiate", "what does new start limit", "how many warheads can each side deploy", "what happened in syria",
  "why did the us leave the jcpoa", "when did the ussr break up", "what was the cuban missile crisis", "how did the cold war end",
  "what are the minsk agreements", "how does arms control help", "what is the best recipe for pancakes", "how do volcanoes form",
}
local openers = { "", "hey, ", "quick question: ", "so ", "honestly, ", "out of curiosity, ", "for my class, ", "just curious, " }
local endings = { "?", "", " please?", " thanks", "??", " in short?", " according to the essay?", " if you know?" }
local follow_ups = { "tell me more", "why?", "Helpful", "Not helpful" }

-- Hostile requests: path, body, expected status. "CHAT" and "TOKEN" are filled in with a web chat of this thread.
local deep = string.rep("[", 40) .. string.rep("]", 40)
local function activity(fields)
  return '{"type":"message","id":"h","channelId":"emulator","serviceUrl":"http://localhost:9","deliveryMode":"expectReplies",'
    .. '"from":{"id":"hostile-user"},"recipient":{"id":"bot"},"conversation":{"id":"hostile-conversation"}' .. fields .. '}'
end
local hostile = {
  { "/api/messages", "{not json", 400 },
  { "/api/messages", "[]", 400 },
  { "/api/messages", activity(',"text":"hi","serviceUrl":true'), 400 },
  { "/api/messages", activity(',"text":"hi","serviceUrl":""'), 400 },
  { "/api/messages", activity(',"text":"hi","serviceUrl":"\\ud83d"'), 400 },
  { "/api/messages", activity(',"text":{"nested":true}'), 400 },
  { "/api/messages", activity(',"text":"hi","entities":[null]'), 400 },
  { "/api/messages", activity(',"text":"hi","channelData":' .. deep), 400 },
  { "/api/messages", activity(',"type":"invoke","name":"composeExtension/query"'), 400 },
  { "/api/messages", activity(',"text":"are they always enemies?\\ud83d\\u0000<script>alert(1)</script>"'), 200 },
  { "/api/messages", activity(',"text":"' .. string.rep("a", 1200) .. '"'), 200 },
  { "/api/messages", activity(',"type":"somethingNew"'), 200 },
  { "/api/messages", activity(',"text":"' .. string.rep("b", 300 * 1024) .. '"'), 413 },
  { "/api/messages", '{"type":"message","text":"no conversation","channelId":"emulator","serviceUrl":"http://localhost:9","from":{"id":"u"}}', 400 },
  { "/v3/directline/conversations/CHAT/activities", '{"type":"message","text":{"x":1}}', 400, "TOKEN" },
  { "/v3/directline/conversations/CHAT/activities", '{"type":"message","text":"hi","conversation":{"$type":{"n":1}},"from":{"$ref":"1"}}', 200, "TOKEN" },
  { "/v3/directline/conversations/CHAT/activities", '{"type":"message","text":"hi"}', 401, "forged-token" },
  { "/v3/directline/conversations/someone-else/activities", '{"type":"message","text":"hi"}', 403, "TOKEN" },
  { "/v3/directline/conversations/CHAT/activities", '{"type":"message","text":"' .. string.rep("c", 70 * 1024) .. '"}', 413, "TOKEN" },
  { "/v3/directline/conversations/CHAT/activities", '{"type":"typing"}', 200, "TOKEN" },
  { "/v3/directline/conversations/CHAT/activities", "\255\254 not utf-8", 400, "TOKEN" },
}

local threads_list = {}
function setup(thread)
  thread:set("index", #threads_list)
  table.insert(threads_list, thread)
end

local index, nthreads, delay_ms = 0, 1, 0
local chats = {}
local counter = 0
local pending = nil
local counts = {}   -- kind -> { sent, errors }
local samples = {}
local server_errors = 0

local function escape(s) return (s:gsub('\\', '\\\\'):gsub('"', '\\"')) end

function init(args)
  index = tonumber(wrk.thread:get("index")) or 0
  delay_ms = tonumber(args[2]) or 0
  nthreads = tonumber(args[3]) or 1
  local n = 0
  for line in io.lines(args[1]) do
    local conversation, token, user = line:match("^(%S+) (%S+) (%S+)$")
    if conversation and n % nthreads == index then
      table.insert(chats, { conversation = conversation, token = token, user = user, watermark = "" })
    end
    n = n + 1
  end
end

function delay() return delay_ms end

local function message(text, who)
  return wrk.format("POST", "/api/messages", { ["Content-Type"] = "application/json" },
    '{"type":"message","id":"s' .. counter .. '","text":"' .. escape(text) .. '","channelId":"emulator",'
    .. '"serviceUrl":"http://localhost:9","deliveryMode":"expectReplies","locale":"en-US",'
    .. '"from":{"id":"soak-user-' .. who .. '"},"recipient":{"id":"bot"},"conversation":{"id":"soak-conversation-' .. who .. '"}}')
end

function request()
  counter = counter + 1
  local n = counter * nthreads + index       -- unique across threads
  local slot = counter % 100                 -- every thread runs the whole mix
  local who = n % 64
  local chat = chats[(counter % #chats) + 1]
  if slot < 35 then
    pending = { kind = "question" }
    return message(repeating[(n % #repeating) + 1], who)
  elseif slot < 50 then
    local text = openers[(n % #openers) + 1] .. cores[(math.floor(n / #openers) % #cores) + 1] .. endings[(math.floor(n / 7) % #endings) + 1]
      .. " (" .. n .. ")"
    pending = { kind = "unique" }
    return message(text, who)
  elseif slot < 58 then
    pending = { kind = "follow-up" }
    return message(follow_ups[(n % #follow_ups) + 1], who)
  elseif slot < 78 then
    pending = { kind = "poll", chat = chat }
    return wrk.format("GET", "/v3/directline/conversations/" .. chat.conversation .. "/activities?watermark=" .. chat.watermark,
      { ["Authorization"] = "Bearer " .. chat.token })
  elseif slot < 79 then
    pending = { kind = "webchat-message", chat = chat }
    return wrk.format("POST", "/v3/directline/conversations/" .. chat.conversation .. "/activities",
      { ["Authorization"] = "Bearer " .. chat.token, ["Content-Type"] = "application/json" },
      '{"type":"message","text":"' .. repeating[(n % #repeating) + 1] .. '","from":{"id":"' .. chat.user .. '"},"locale":"en-US"}')
  else
    local h = hostile[(n % #hostile) + 1]
    local path = h[1]:gsub("CHAT", chat.conversation)
    local headers = { ["Content-Type"] = "application/json" }
    if h[4] then headers["Authorization"] = "Bearer " .. (h[4] == "TOKEN" and chat.token or h[4]) end
    pending = { kind = "hostile", expected = h[3], what = string.sub(h[2], 1, 60) }
    return wrk.format("POST", path, headers, h[2])
  end
end

local function count(kind, ok, status, body)
  local c = counts[kind] or { 0, 0 }
  c[1] = c[1] + 1
  if not ok then
    c[2] = c[2] + 1
    if #samples < 5 then
      table.insert(samples, kind .. " " .. status .. " " .. (string.sub(body or "", 1, 160):gsub("%s+", " ")))
    end
  end
  counts[kind] = c
end

function response(status, headers, body)
  local p = pending or { kind = "unknown" }
  pending = nil
  if status >= 500 then server_errors = server_errors + 1 end
  local replied = status == 200 and body ~= nil and body:find('"text"', 1, true) ~= nil
    and body:find("something went wrong", 1, true) == nil and body:find("still reading", 1, true) == nil
  if p.kind == "question" or p.kind == "unique" or p.kind == "follow-up" then
    count(p.kind, replied, status, body)
  elseif p.kind == "poll" then
    local watermark = status == 200 and body and body:match('"watermark":"(%d+)"')
    if watermark then p.chat.watermark = watermark end
    count(p.kind, watermark ~= nil, status, body)
  elseif p.kind == "webchat-message" then
    count(p.kind, status == 200 and body ~= nil and body:find('"id":"', 1, true) ~= nil, status, body)
  elseif p.kind == "hostile" then
    count(p.kind, status == p.expected, status, p.what .. " -> " .. (body or ""))
  else
    count(p.kind, false, status, body)
  end
  -- Publish after every response: done() reads these from each thread.
  local parts = {}
  for kind, c in pairs(counts) do table.insert(parts, kind .. "=" .. c[1] .. "/" .. c[2]) end
  wrk.thread:set("counts", table.concat(parts, " "))
  wrk.thread:set("server_errors", server_errors)
  wrk.thread:set("samples", table.concat(samples, "\n"))
end

function done(summary, latency, requests)
  local totals, order = {}, {}
  local server = 0
  local shown = {}
  for _, thread in ipairs(threads_list) do
    for kind, sent, errors in (thread:get("counts") or ""):gmatch("([%w-]+)=(%d+)/(%d+)") do
      if not totals[kind] then totals[kind] = { 0, 0 }; table.insert(order, kind) end
      totals[kind][1] = totals[kind][1] + tonumber(sent)
      totals[kind][2] = totals[kind][2] + tonumber(errors)
    end
    server = server + (tonumber(thread:get("server_errors")) or 0)
    local s = thread:get("samples")
    if s and s ~= "" then table.insert(shown, s) end
  end
  table.sort(order)
  local errors = 0
  for _, kind in ipairs(order) do
    errors = errors + totals[kind][2]
    io.write(string.format("KIND %s sent=%d errors=%d\n", kind, totals[kind][1], totals[kind][2]))
  end
  local e = summary.errors
  local socket = e.connect + e.read + e.write + e.timeout
  io.write(string.format("RESULT requests=%d rps=%.1f errors=%d server_errors=%d socket=%d p50=%.2f p99=%.2f\n",
    summary.requests, summary.requests / (summary.duration / 1e6), errors + socket, server, socket,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
  for _, s in ipairs(shown) do io.write("ERROR " .. s .. "\n") end
end
