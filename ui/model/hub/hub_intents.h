// The office section's intents (drawn by hub_sync_screen.cpp on the sync screen), handled by
// HubSyncController. Thread-safety: UI thread only.
#pragma once

#include <string>
#include <variant>

#include "intents.h"

namespace passerelle::ui {

namespace intent {
struct SetHubAddress { std::string address; };  // as typed: "office.example:8443"
struct SetHubCode { std::string code; };        // as typed: "7K3Q-9XPA-M2DE-4HRT-KQ2V"
struct JoinHub {};                              // enrol this device (network: only on this tap)
struct SyncWithOffice {};                       // "Sync with the office" (network: only on this tap)
struct SetNetworkOff { bool off = true; };      // "never use the network" (prison visits)
struct DismissHubResult {};
}  // namespace intent

using HubIntent = std::variant<intent::SetHubAddress, intent::SetHubCode, intent::JoinHub, intent::SyncWithOffice,
                               intent::SetNetworkOff, intent::DismissHubResult>;

namespace intent {
HubIntent GroupOf(const AlternativeOf<HubIntent> auto&);
}  // namespace intent

}  // namespace passerelle::ui
