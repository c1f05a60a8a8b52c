// The case file's Disclosures tab: the documents that can leave (attendance attestation, exit
// report, co-constructed report; referral sheets are on the plan's referrals), the consent
// screen, and the log of what left, to whom, under which basis. Thread-safety: UI thread only,
// between ImGui::NewFrame and ImGui::Render.
#pragma once

#include "disclosure_model.h"
#include "intents.h"
#include "screen_env.h"

namespace passerelle::ui {

void DrawDisclosuresTab(const DisclosureModel& model, const ScreenEnv& env, UiIntents& out);

}  // namespace passerelle::ui
