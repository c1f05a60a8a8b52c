// The dossier's tabs of issue 15: "Assessment" (the latest needs and risk assessment, the one before
// side by side per life domain, the history) and "Family" (relatives, whether they may be contacted
// and by whom, the family plan items they are linked to); and the stage heading of the plan tab.
#pragma once

#include <string>

#include "dossier_model.h"
#include "intents.h"
#include "screen_env.h"

namespace passerelle::ui {

void DrawAssessmentTab(const DossierModel& model, const ScreenEnv& env, UiIntents& out);
void DrawFamilyTab(const DossierModel& model, const ScreenEnv& env, UiIntents& out);
// "Basic needs and trust — 2 open of 3", before the first domain of a stage in the plan tab.
void DrawStageHeading(const DossierModel& model, const std::string& stage, const ScreenEnv& env);
float StageHeadingWidth(const DossierModel& model, const std::string& stage, const ScreenEnv& env);

}  // namespace passerelle::ui
