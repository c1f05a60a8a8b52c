// The compiled-in suggestions file (assets/plan_suggestions.json, embedded at configure time by
// core/CMakeLists.txt into plan_suggestions_json.cpp), for model.cpp's vocabulary of keys.
#pragma once

#include <span>
#include <string_view>

namespace passerelle::core {

// The file's text, as shipped.
std::string_view PlanSuggestionsJson();
// Every suggestion key, in the file's order; parsed once, on first use.
std::span<const std::string_view> PlanSuggestionKeySpan();

}  // namespace passerelle::core
