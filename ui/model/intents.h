// Intents: what a screen asks for while it is drawn. Screens never change a view-model or the
// vault in the middle of a frame; they push intents, and AppController::Apply routes them after the
// frame (like the Dear ImGui demo's document close queue) to the feature controller that owns
// them. This keeps drawing a pure function of the state, lets tests assert "pressing X asks for Y"
// without a vault, and gives each feature one header listing every change its screen can ask for.
//
// Each feature declares its intents next to its view-model (e.g. cases/case_list_intents.h): the
// structs, one std::variant of them (its *group*), and one line telling UiIntents which group an
// intent belongs to:
//   namespace intent { CaseListIntent GroupOf(const AlternativeOf<CaseListIntent> auto&); }
// so a screen includes only its own feature's intents, and this file knows no feature.
// Thread-safety: UI thread only.
#pragma once

#include <any>
#include <deque>
#include <type_traits>
#include <utility>
#include <variant>

namespace passerelle::ui {

template <typename T, typename Group>
struct IsAlternative : std::false_type {};
template <typename T, typename... Ts>
struct IsAlternative<T, std::variant<Ts...>> : std::bool_constant<(std::is_same_v<T, Ts> || ...)> {};
// T is one of the intents of the group (a std::variant).
template <typename T, typename Group>
concept AlternativeOf = IsAlternative<T, Group>::value;

// The group (feature variant) an intent belongs to, found through its feature's GroupOf
// declaration. "No matching function GroupOf" here means the intent's feature header does not
// list it in its group.
template <typename T>
using IntentGroupOf = decltype(GroupOf(std::declval<const T&>()));

// The intents of one frame, in the order the screens pushed them (each held in its group). A deque:
// pushing never moves the intents already queued (GCC 12's -Wnull-dereference misreads a vector of
// std::any growing from empty in Release builds).
class UiIntents {
 public:
  template <typename T>
  void Push(T intent) {
    items_.emplace_back(std::in_place_type<IntentGroupOf<T>>, std::move(intent));
  }
  const std::deque<std::any>& items() const { return items_; }
  std::deque<std::any> Take() { return std::exchange(items_, {}); }
  bool empty() const { return items_.empty(); }
  // The first pushed intent of type T, or nullptr.
  template <typename T>
  const T* Find() const {
    for (const auto& item : items_)
      if (const auto* group = std::any_cast<IntentGroupOf<T>>(&item))
        if (const T* found = std::get_if<T>(group)) return found;
    return nullptr;
  }

 private:
  std::deque<std::any> items_;
};

}  // namespace passerelle::ui
