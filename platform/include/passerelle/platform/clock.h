// Wall clock behind an interface so sync tests can run replicas with skewed or frozen clocks.
// Thread-safety: SystemClock is stateless; FakeClock is not thread-safe.
#pragma once

#include <cstdint>
#include <string>

namespace passerelle::platform {

class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the Unix epoch (UTC).
  virtual int64_t NowMillis() = 0;
};

class SystemClock final : public Clock {
 public:
  int64_t NowMillis() override;
  static SystemClock& Instance();
};

class FakeClock final : public Clock {
 public:
  explicit FakeClock(int64_t start_millis) : now_(start_millis) {}
  int64_t NowMillis() override { return now_; }
  void Advance(int64_t millis) { now_ += millis; }
  void Set(int64_t millis) { now_ = millis; }

 private:
  int64_t now_;
};

// Today's date in local time as YYYY-MM-DD, used to prefill visit dates.
struct CivilDate { int year; int month; int day; };
CivilDate LocalDateFromMillis(int64_t millis);

// A moment as UTC text. The one place that formats wall-clock time; every module calls it.
enum class UtcStyle {
  kIso8601,  // "2026-03-14T09:26:53Z": the form the vault stores (it sorts as text)
  kMinutes,  // "2026-03-14 09:26 UTC": for messages
};
std::string FormatUtc(int64_t millis, UtcStyle style = UtcStyle::kIso8601);

}  // namespace passerelle::platform
