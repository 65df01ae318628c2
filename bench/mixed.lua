-- bench/mixed.lua: wrk's request mix for bench/serve.sh's 60 s load, per 20
-- requests: 10 cached panel images, 4 panels with a new image from cached
-- queries, 2 whole dashboards with a new image, 2 /metrics, 1 dashboard
-- listing, 1 health check.  A new image: var-nonce=N, a variable no
-- dashboard declares, which the request ignores and the image cache key holds.  BENCH_PANEL and BENCH_DASH are the panel and
-- dashboard paths with their query strings.
local panel = os.getenv("BENCH_PANEL")
local dash = os.getenv("BENCH_DASH")
local threads = 0

function setup(thread)
	threads = threads + 1
	thread:set("tid", threads)
end

local n = 0

function request()
	n = n + 1
	local r = n % 20
	local nonce = "&var-nonce=" .. tid .. "-" .. n
	local path
	if r < 10 then
		path = panel
	elseif r < 14 then
		path = panel .. nonce
	elseif r < 16 then
		path = dash .. nonce
	elseif r < 18 then
		path = "/metrics"
	elseif r < 19 then
		path = "/api/dashboards"
	else
		path = "/api/health"
	end
	return wrk.format("GET", path)
end
