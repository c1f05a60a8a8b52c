// platform::FormatUtc: the one wall-clock formatter (vault timestamps and messages).
#include <doctest/doctest.h>

#include "passerelle/platform/clock.h"

using passerelle::platform::FormatUtc;
using passerelle::platform::UtcStyle;

TEST_CASE("UTC times format to the second in ISO 8601, or to the minute for messages") {
  CHECK(FormatUtc(0) == "1970-01-01T00:00:00Z");
  // 2026-03-14 09:26:53.999 UTC: milliseconds are dropped, not rounded.
  const int64_t pi_day = 1773480413999;
  CHECK(FormatUtc(pi_day) == "2026-03-14T09:26:53Z");
  CHECK(FormatUtc(pi_day, UtcStyle::kIso8601) == "2026-03-14T09:26:53Z");
  CHECK(FormatUtc(pi_day, UtcStyle::kMinutes) == "2026-03-14 09:26 UTC");
  CHECK(FormatUtc(951782400000) == "2000-02-29T00:00:00Z");  // a leap day
}
