// Calendar arithmetic on the ISO dates the vault stores ("YYYY-MM-DD"): days between two dates
// for urgency ("review overdue by 8 days"), and splitting a date for locale formatting (the
// formatting itself is in i18n.h, since month names come from the translation files).
// Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace passerelle::ui {

struct CivilDay {
  int year = 0;
  int month = 0;  // 1..12
  int day = 0;    // 1..31
};

// Accepts "YYYY-MM-DD" and the date part of "YYYY-MM-DDTHH:MM:SSZ"; nullopt for anything else.
std::optional<CivilDay> ParseIsoDate(std::string_view text);
std::string ToIsoDate(const CivilDay& day);

// Days since 1970-01-01 (proleptic Gregorian; Howard Hinnant's algorithm).
int64_t DaysFromCivil(const CivilDay& day);
CivilDay CivilFromDays(int64_t days);

// `to` - `from` in days; nullopt when either is not a date.
std::optional<int64_t> DaysBetween(std::string_view from, std::string_view to);
// The ISO date `days` after `from` (negative: before); "" when `from` is not a date.
std::string AddDays(std::string_view from, int64_t days);

}  // namespace passerelle::ui
