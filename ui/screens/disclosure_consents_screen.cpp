// What each consent allows, one card per consent: the words say what may leave under it and to
// whom; a consent not in force says that nothing leaves under it. New consents and withdrawal
// stay on the case file's Consents tab (one place to change them).
#include "disclosure_consents_screen.h"

#include <string>

#include "shell_intents.h"
#include "widgets.h"

namespace passerelle::ui {
namespace {

ImU32 StateColour(ConsentView::State state) {
  switch (state) {
    case ConsentView::State::kInForce: return OkColour();
    case ConsentView::State::kWithdrawn: return UrgentColour();
    case ConsentView::State::kExpired:
    case ConsentView::State::kNotYetInForce: return WarningColour();
  }
  return NeutralColour();
}

std::string Period(const ConsentView& c, const ScreenEnv& env) {
  const I18n& t = env.t;
  std::string from = t.DateLong(c.consent.given_on);
  if (!c.consent.withdrawn_on.empty())
    return t.Format("consent_screen.period_withdrawn", {{"from", from}, {"date", t.DateLong(c.consent.withdrawn_on)}});
  if (c.consent.expires_on.empty()) return t.Format("consent_screen.period_open", {{"from", from}});
  return t.Format("consent_screen.period", {{"from", from}, {"to", t.DateLong(c.consent.expires_on)}});
}

}  // namespace

void DrawConsentScreen(const DisclosureModel& model, const ScreenEnv& env, UiIntents& out) {
  const I18n& t = env.t;
  if (TouchButton(env, "consents.back", t.T("disclosure.back"))) out.Push(intent::Navigate{Screen::kDossier});
  ImGui::PushTextWrapPos(0.0f);  // the title on its own line, wrapping (Dutch at 150 %)
  Heading(env, t.Format("consent_screen.title", {{"person", model.person_name()}}).c_str());
  ImGui::PopTextWrapPos();
  Probe(env, "consents.title");
  ImGui::TextWrapped("%s", t.T("consent_screen.intro"));
  ImGui::BeginChild("###consents.body");
  if (model.consents().empty()) Muted(t.T("consent_screen.none"));
  for (const auto& c : model.consents()) {
    ImGui::PushID(c.consent.id.c_str());
    ImGui::Separator();
    Heading(env, t.Format("consent_screen.card_title", {{"partner", c.consent.partner},
                                                        {"scope", t.Vocab("consent_scope", c.consent.scope)}})
                     .c_str());
    Probe(env, "consents.card." + c.consent.id);
    std::string state_key = std::string("consent_screen.state.") + ConsentStateId(c.state);
    Badge(env, t.T(state_key.c_str()), StateColour(c.state));
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    Muted(Period(c, env).c_str());
    // What it lets leave, in plain words; when not in force, that nothing leaves under it now.
    std::string allows_key = "consent_screen.allows." + c.consent.scope;
    ImGui::TextWrapped("%s", t.Format(allows_key.c_str(), {{"partner", c.consent.partner},
                                                           {"person", model.person_name()}})
                                 .c_str());
    if (c.state != ConsentView::State::kInForce) {
      ImGui::PushStyleColor(ImGuiCol_Text, UrgentColour());
      std::string stop_key = std::string("consent_screen.nothing_leaves.") + ConsentStateId(c.state);
      ImGui::TextWrapped("%s", t.T(stop_key.c_str()));
      ImGui::PopStyleColor();
    }
    ImGui::Spacing();
    ImGui::PopID();
  }
  ImGui::Separator();
  Muted(t.T("consent_screen.footer"));
  ImGui::EndChild();
}

}  // namespace passerelle::ui
