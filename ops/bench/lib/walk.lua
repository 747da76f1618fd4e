-- wrk script: GETs the paths of a list file, each thread walking its own share of the list in
-- turn (a cold pass touches every path, not the same few), and reports in one line:
--   RESULT req_s=<n> p99_ms=<n> non2xx=<n> errors=<n> requests=<n>
-- Usage: wrk -t2 -c64 -d10s -s walk.lua http://127.0.0.1:8080 -- paths.txt
-- A list of one path measures that one route.

local threads = {}
local counter = 0

function setup(thread)
   counter = counter + 1
   thread:set("id", counter)
   table.insert(threads, thread)
end

function init(args)
   paths = {}
   for line in io.lines(args[1]) do
      if line ~= "" then table.insert(paths, line) end
   end
   if #paths == 0 then error("no path in " .. args[1]) end
   -- Threads start apart so that together they cover the list before repeating it.
   at = math.floor(((id or 1) - 1) * #paths / 2)
end

function request()
   at = at % #paths + 1
   return wrk.format("GET", paths[at])
end

function done(summary, latency, requests)
   local seconds = summary.duration / 1e6
   local e = summary.errors
   io.write(string.format("RESULT req_s=%.0f p99_ms=%.2f non2xx=%d errors=%d requests=%d\n",
      summary.requests / seconds, latency:percentile(99) / 1000, e.status,
      e.connect + e.read + e.write + e.timeout, summary.requests))
end
