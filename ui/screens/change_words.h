// What a sync changed, in a social worker's words, for both ways of syncing on the sync screen
// (a bundle's import and "Sync with the office"): "Karim B.: 7 records changed by Ana (CAPREV)",
// "Outside any case file: 1 record changed by Ana (CAPREV)"; never an id.
// Thread-safety: any thread (pure functions over the translations).
#pragma once

#include <string>

#include "sync_model.h"
#include "screen_env.h"

namespace passerelle::ui {

// A device by its worker's name; one that never said who uses it is "a device not yet named".
std::string DeviceName(const ScreenEnv& env, const std::string& label);

// One row of what changed: the case file's person (or "outside any case file"), how many records,
// by whom; the count chooses the singular or the plural.
std::string ChangeLine(const ScreenEnv& env, const ChangeRow& change);

}  // namespace passerelle::ui
