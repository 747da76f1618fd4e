-- wrk script: POST /api/v1/programmes/{id}/nominations as an agency's clerk, a new nominee in
-- every request (so nothing is a replay or a look-alike of another), and a count of every
-- answer that is not 201 Created. One line at the end:
--   RESULT req_s=<n> p99_ms=<n> ok=<n> not201=<n> errors=<n> requests=<n>
-- Usage: wrk -t2 -c16 -d10s -s nominate.lua http://127.0.0.1:8080 -- <token> <programme id> <run>
-- <run> tells runs apart, so a later run's nominees are new too.

local threads = {}
local counter = 0

function setup(thread)
   counter = counter + 1
   thread:set("id", counter)
   table.insert(threads, thread)
end

local family = { "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ" }
local middle = { "Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh" }
local given = { "An", "Bình", "Cường", "Dũng", "Hà", "Hoa", "Hùng", "Lan", "Linh", "Mai", "Nam", "Phong", "Sơn", "Thảo", "Trang", "Tuấn" }
local provinces = { "Hà Nội", "Nghệ An", "Thanh Hóa", "Đà Nẵng", "Cần Thơ", "Lào Cai", "Cà Mau", "Thành phố Hồ Chí Minh" }

function init(args)
   token, programme, run = args[1], args[2], args[3] or "0"
   path = "/api/v1/programmes/" .. programme .. "/nominations"
   headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }
   n, ok, not201 = 0, 0, 0
end

function request()
   n = n + 1
   local k = n
   local name = family[k % #family + 1] .. " " .. middle[math.floor(k / #family) % #middle + 1] .. " " ..
      given[math.floor(k / (#family * #middle)) % #given + 1] .. " " .. run .. "-" .. id .. "-" .. n
   local body = string.format(
      '{"category_code":"CN","nominee":{"kind":"individual","full_name":"%s","position":"Nghiên cứu viên",' ..
      '"organisation":"Viện Nghiên cứu","province":"%s","birth_year":%d},' ..
      '"citation":"Có thành tích xuất sắc trong nghiên cứu khoa học.",' ..
      '"achievements":"Chủ nhiệm đề tài cấp quốc gia; nhiều công trình được ứng dụng.","evidence":[]}',
      name, provinces[k % #provinces + 1], 1960 + k % 40)
   return wrk.format("POST", path, headers, body)
end

function response(status, headers, body)
   if status == 201 then ok = ok + 1 else not201 = not201 + 1 end
   if not201 > 0 and not201 <= 3 and status ~= 201 then
      io.stderr:write("status " .. status .. ": " .. string.sub(body, 1, 300) .. "\n")
   end
end

function done(summary, latency, requests)
   local all_ok, all_bad = 0, 0
   for _, t in ipairs(threads) do
      all_ok = all_ok + (t:get("ok") or 0)
      all_bad = all_bad + (t:get("not201") or 0)
   end
   local e = summary.errors
   io.write(string.format("RESULT req_s=%.0f p99_ms=%.2f ok=%d not201=%d errors=%d requests=%d\n",
      all_ok / (summary.duration / 1e6), latency:percentile(99) / 1000, all_ok, all_bad,
      e.connect + e.read + e.write + e.timeout, summary.requests))
end
