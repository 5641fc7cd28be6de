-- Paces wrk below saturation: every connection waits WRK_DELAY_MS (default 2) before each request.
-- Used by bench/driver-vs-wrk.sh; wrk has no rate flag and wrk2 is not packaged in Debian.
local d = tonumber(os.getenv("WRK_DELAY_MS") or "2")
function delay() return d end
