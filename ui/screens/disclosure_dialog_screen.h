// The sheet that produces a document leaving the service (attendance attestation, referral
// sheet, exit report, co-constructed report): choose the recipient (and the period, or the
// fields to send), preview exactly what will leave, confirm. Also the document preview, shared
// with nothing else. Thread-safety: UI thread only, between ImGui::NewFrame and ImGui::Render.
#pragma once

#include "disclosure_model.h"
#include "intents.h"
#include "screen_env.h"

namespace passerelle::ui {

void DrawDisclosureDialog(const DisclosureModel& model, const ScreenEnv& env, UiIntents& out);

}  // namespace passerelle::ui
