// The directory's intents (drawn by directory_screen.cpp with its refer dialog), handled by
// DirectoryController. Searches and annotations travel as SecretText. Thread-safety: UI thread only.
#pragma once

#include <string>
#include <variant>

#include "intents.h"
#include "secret_text.h"

namespace passerelle::ui {

namespace intent {
struct SetDirectoryQuery { SecretText query; };
struct SetDirectoryTheme { std::string theme; };    // "" = any
struct SetDirectoryRegion { std::string region; };  // "" = any
struct SetDirectoryInsidePrison { bool only = false; };
struct SelectService { std::string service_id; };
struct OpenRefer { bool open = true; };
struct ReferToPlanItem { std::string plan_item_id; uint64_t token = 0; };  // the dialog's SubmitOnce token
struct EditAnnotation { SecretText text; };
struct SaveAnnotation {};
}  // namespace intent

using DirectoryIntent =
    std::variant<intent::SetDirectoryQuery, intent::SetDirectoryTheme, intent::SetDirectoryRegion,
                 intent::SetDirectoryInsidePrison, intent::SelectService, intent::OpenRefer, intent::ReferToPlanItem,
                 intent::EditAnnotation, intent::SaveAnnotation>;

namespace intent {
DirectoryIntent GroupOf(const AlternativeOf<DirectoryIntent> auto&);
}  // namespace intent

}  // namespace passerelle::ui
