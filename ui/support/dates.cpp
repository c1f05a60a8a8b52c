#include "dates.h"

#include <cstdio>

namespace passerelle::ui {
namespace {

bool Digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

int ToInt(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

}  // namespace

std::optional<CivilDay> ParseIsoDate(std::string_view text) {
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  if (text.size() > 10 && text[10] != 'T') return std::nullopt;
  auto y = text.substr(0, 4), m = text.substr(5, 2), d = text.substr(8, 2);
  if (!Digits(y) || !Digits(m) || !Digits(d)) return std::nullopt;
  CivilDay day{ToInt(y), ToInt(m), ToInt(d)};
  if (day.month < 1 || day.month > 12 || day.day < 1 || day.day > DaysInMonth(day.year, day.month)) return std::nullopt;
  return day;
}

std::string ToIsoDate(const CivilDay& day) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", day.year, day.month, day.day);
  return buf;
}

int64_t DaysFromCivil(const CivilDay& day) {
  int64_t y = day.year - (day.month <= 2 ? 1 : 0);
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t mp = (day.month + 9) % 12;
  const int64_t doy = (153 * mp + 2) / 5 + day.day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilDay CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int y = static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0));
  return {y, m, d};
}

std::optional<int64_t> DaysBetween(std::string_view from, std::string_view to) {
  auto a = ParseIsoDate(from), b = ParseIsoDate(to);
  if (!a || !b) return std::nullopt;
  return DaysFromCivil(*b) - DaysFromCivil(*a);
}

std::string AddDays(std::string_view from, int64_t days) {
  auto a = ParseIsoDate(from);
  if (!a) return {};
  return ToIsoDate(CivilFromDays(DaysFromCivil(*a) + days));
}

}  // namespace passerelle::ui
