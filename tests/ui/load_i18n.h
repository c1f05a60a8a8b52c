// The app's real translation files, for tests that drive view-models and screens.
#pragma once

#include <doctest/doctest.h>

#include <string>
#include <utility>

#include "i18n.h"

namespace passerelle::testing {

inline ui::I18n LoadI18n() {
  auto i18n = ui::I18n::Load(std::string(PASSERELLE_SOURCE_DIR) + "/assets/i18n");
  REQUIRE(i18n.ok());
  return std::move(i18n).value();
}

}  // namespace passerelle::testing
