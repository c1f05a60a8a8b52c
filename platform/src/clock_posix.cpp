#include <time.h>

#include <chrono>
#include <ctime>
#include <string>

#include "passerelle/platform/clock.h"

namespace passerelle::platform {

int64_t SystemClock::NowMillis() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

SystemClock& SystemClock::Instance() {
  static SystemClock clock;
  return clock;
}

CivilDate LocalDateFromMillis(int64_t millis) {
  time_t secs = static_cast<time_t>(millis / 1000);
  struct tm tm_local {};
  localtime_r(&secs, &tm_local);
  return {tm_local.tm_year + 1900, tm_local.tm_mon + 1, tm_local.tm_mday};
}

std::string FormatUtc(int64_t millis, UtcStyle style) {
  time_t secs = static_cast<time_t>(millis / 1000);
  struct tm utc {};
  gmtime_r(&secs, &utc);
  char buf[32];
  size_t n = style == UtcStyle::kMinutes ? std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &utc)
                                         : std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return std::string(buf, n);
}

}  // namespace passerelle::platform
