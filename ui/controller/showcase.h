// Puts an unlocked controller on a given screen with something meaningful on it — the first
// (most urgent) case file, its latest visit — for `passerelle --screen NAME --screenshot`, the
// README screenshots and the headless screen tests. Thread-safety: UI thread only.
#pragma once

#include <string_view>

#include "app_controller.h"

namespace passerelle::ui {

// For kUnlock the vault is locked. Fails when the vault holds no case file (dossier, visit,
// exit_report, co_report, consents).
Status ShowcaseScreen(AppController& app, Screen screen);

// Names `--screen` accepts beyond the screens: states of the case file's disclosure features
// ("disclosures": its Disclosures tab; "attestation": the attendance attestation sheet with its
// preview; "referral_sheet": the referral sheet of its first referral, previewed) and of the
// office hub on the sync screen ("hub": after a sync with the office, its result shown;
// "hub_join": the enrolment form with an address and a code typed; "hub_network_off": "never use
// the network" on). The hub states use the controller's hub port (the demo's in `--demo`).
// Issue 15: "release", "team", "plan", "assessment", "family" (the case file's tabs);
// "assessment_form" and "relative_form" (the latest assessment, the first relative in their edit
// forms); "service_picker" (the housing step's form, the directory searched for housing).
bool IsShowcaseName(std::string_view name);
// A screen by name (ScreenFromName) or one of the states above.
Status ShowcaseNamed(AppController& app, std::string_view name);

}  // namespace passerelle::ui
