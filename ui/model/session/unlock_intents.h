// The unlock screen's intents (unlock, or create the vault on first run), drawn by
// unlock_screen.cpp and handled by UnlockController. The passphrase itself never travels in an
// intent: the screen types it into the model's guarded buffers. Thread-safety: UI thread only.
#pragma once

#include <string>
#include <variant>

#include "intents.h"

namespace passerelle::ui {

namespace intent {
struct Unlock {};                       // with the passphrase typed on the unlock screen
struct CreateVault {};                  // first run: passphrase + confirmation + identity
struct SetUnlockMode { bool create = false; };
struct SetIdentityField { bool service = false; std::string value; };  // first run: who / which service
}  // namespace intent

using UnlockIntent = std::variant<intent::Unlock, intent::CreateVault, intent::SetUnlockMode, intent::SetIdentityField>;

namespace intent {
UnlockIntent GroupOf(const AlternativeOf<UnlockIntent> auto&);
}  // namespace intent

}  // namespace passerelle::ui
