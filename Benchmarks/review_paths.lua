-- wrk script for the review board's benchmark (Benchmarks/review_load.py): each request is a
-- path drawn at random from the file named by the PATHS environment variable, with the token as
-- a bearer; done() prints the 50th, 95th and 99th percentiles and the maximum in milliseconds.
local paths = {}
for line in io.lines(os.getenv("PATHS")) do paths[#paths + 1] = line end
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")

math.randomseed(os.time())

request = function()
    return wrk.format("GET", paths[math.random(#paths)])
end

done = function(summary, latency, requests)
    io.write(string.format("WRK %d %.1f %.1f %.1f %.1f %d\n", summary.requests,
        latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
        latency.max / 1000, summary.errors.status + summary.errors.connect + summary.errors.read
        + summary.errors.write + summary.errors.timeout))
end
