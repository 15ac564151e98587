-- wrk script for the Chorus bench.
--
-- Without arguments: plain GETs of the URL (extra headers come from wrk -H).
-- With arguments `-- <pairs file> <bodies file>`: form POSTs. Each request takes the
-- next (csrftoken cookie, form token) pair, like a fresh browser each time, and the
-- next body template; {TOKEN} becomes the form token and {NONCE} a unique value.
-- done() prints one line of JSON that bench/driver.py reads.

local pairs_list = {}
local bodies = {}
local counter = 0
local posting = false
local next_thread = 0

function setup(thread)
  thread:set("thread_number", next_thread)
  next_thread = next_thread + 1
end

local function read_lines(path)
  local lines = {}
  local file = assert(io.open(path, "r"))
  for line in file:lines() do
    if line ~= "" then table.insert(lines, line) end
  end
  file:close()
  return lines
end

function init(args)
  if args[1] then
    posting = true
    for _, line in ipairs(read_lines(args[1])) do
      local cookie, token = line:match("^([^\t]+)\t([^\t]+)$")
      table.insert(pairs_list, {cookie = cookie, token = token})
    end
    bodies = read_lines(args[2])
    -- Threads start at different places in the list so they do not send the same pair together.
    counter = (thread_number or 0) * 7919
    math.randomseed(os.time() + (thread_number or 0))
  end
end

function request()
  if not posting then
    return wrk.format("GET")
  end
  counter = counter + 1
  local pair = pairs_list[(counter % #pairs_list) + 1]
  local nonce = string.format("t%d-%d-%d", thread_number or 0, counter, math.random(1, 1000000000))
  local body = bodies[(counter % #bodies) + 1]
  body = body:gsub("{TOKEN}", pair.token):gsub("{NONCE}", nonce)
  -- What a browser sends with a same-origin form post (Django compares Origin with the host;
  -- the tap's Fetch-Metadata check reads Sec-Fetch-Site).
  local headers = {
    ["Cookie"] = "csrftoken=" .. pair.cookie,
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Origin"] = "http://" .. wrk.host .. ":" .. wrk.port,
    ["Sec-Fetch-Site"] = "same-origin",
  }
  return wrk.format("POST", nil, headers, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "connect_errors": %d, "read_errors": %d, ' ..
    '"write_errors": %d, "status_errors": %d, "timeouts": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, ' ..
    '"max_us": %d, "mean_us": %.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
