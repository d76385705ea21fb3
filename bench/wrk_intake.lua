-- wrk script for bench/intake.py: POST a new point submission on every request, each with a
-- unique Idempotency-Key (unless the key argument is "nokey"), anonymous with one of the
-- client cookies handed over in the arguments, as a resident's phone sends it.
-- wrk <url> -s wrk_intake.lua -- <path> <key|nokey> <run id> <cookie> [<cookie> ...]
dofile("wrk_stats.lua") -- done(): the JSON line bench/tiles_tools.py reads

local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  path, with_key, run = args[1], args[2] == "key", args[3]
  cookies = {}
  for i = 4, #args do cookies[#cookies + 1] = args[i] end
  counter = 0
  math.randomseed(os.time() + tid * 7919)
end

function request()
  counter = counter + 1
  -- Inside the demo campaign's area (an inner box of it), spread like real reports.
  local lon = 7.70 + math.random() * 0.12
  local lat = 49.41 + math.random() * 0.05
  local body = string.format(
    '{"type":"Feature","geometry":{"type":"Point","coordinates":[%.6f,%.6f]},'
      .. '"properties":{"category":"hitzepunkt","comment":"Bench %d",'
      .. '"answers":{"time_of_day":"daytime","intensity":%d}}}',
    lon, lat, counter, counter % 5 + 1)
  local headers = {
    ["Content-Type"] = "application/json",
    ["Cookie"] = "gp_client=" .. cookies[(tid + counter) % #cookies + 1],
  }
  if with_key then
    headers["Idempotency-Key"] = string.format("%s-%d-%d", run, tid, counter)
  end
  return wrk.format("POST", path, headers, body)
end
