// The sync screen's intents (drawn by sync_screen.cpp with its bundle picker), handled by
// SyncController. Thread-safety: UI thread only.
#pragma once

#include <string>
#include <variant>

#include "intents.h"

namespace passerelle::ui {

namespace intent {
struct OpenBundleDialog { bool export_bundle = true; bool open = true; };
struct SetBundlePath { std::string path; };   // a file name, or a path (changes the folder too)
struct BrowseFolder { std::string name; };    // a sub-folder of the picker's folder; ".." goes up
struct SetSyncRecipient { std::string recipient; };
struct CreateTeamKey {};
struct ExportBundle {};
struct ImportBundle {};
}  // namespace intent

using SyncIntent = std::variant<intent::OpenBundleDialog, intent::SetBundlePath, intent::BrowseFolder,
                                intent::SetSyncRecipient, intent::CreateTeamKey, intent::ExportBundle,
                                intent::ImportBundle>;

namespace intent {
SyncIntent GroupOf(const AlternativeOf<SyncIntent> auto&);
}  // namespace intent

}  // namespace passerelle::ui
