// The Disclosures tab: one row per log entry (newest first): when, which document, to whom, the
// basis, what kinds of fields left, who sent it from which device; an entry whose consent was
// withdrawn since says so (what left before stays in the log, 003 §7).
#include "disclosure_log_screen.h"

#include <string>

#include "disclosure_intents.h"
#include "widgets.h"

namespace passerelle::ui {
namespace {

// "2026-12-04T10:15:00Z" -> the date in words and the time.
std::string When(const ScreenEnv& env, const std::string& at) {
  if (at.size() < 10) return at;
  std::string out = env.t.DateShort(at.substr(0, 10));
  if (at.size() >= 16) out += " " + at.substr(11, 5);
  return out;
}

void Actions(const ScreenEnv& env, UiIntents& out) {
  const I18n& t = env.t;
  float used = 0;
  struct Action {
    const char* id;
    const char* key;
  };
  const Action actions[] = {{"disclosure.open.attendance", "disclosure.action.attendance"},
                            {"disclosure.open.exit_report", "disclosure.action.exit_report"},
                            {"disclosure.open.co_report", "disclosure.action.co_report"},
                            {"disclosure.open.consents", "disclosure.action.consents"}};
  for (const auto& a : actions) {
    const char* label = t.T(a.key);
    FlowNext(label, false, &used);
    bool pressed = std::string_view(a.id) == "disclosure.open.attendance" ? PrimaryButton(env, a.id, label)
                                                                            : TouchButton(env, a.id, label);
    if (!pressed) continue;
    std::string_view id = a.id;
    if (id == "disclosure.open.attendance") out.Push(intent::OpenDisclosure{DisclosureKind::kAttendance, {}});
    else if (id == "disclosure.open.exit_report") out.Push(intent::OpenExitReport{});
    else if (id == "disclosure.open.co_report") out.Push(intent::OpenCoReport{});
    else out.Push(intent::OpenConsents{});
  }
  Muted(t.T("disclosure.referral_hint"));
}

}  // namespace

void DrawDisclosuresTab(const DisclosureModel& model, const ScreenEnv& env, UiIntents& out) {
  const I18n& t = env.t;
  Actions(env, out);
  ImGui::Separator();
  Heading(env, t.T("disclosure.log_title"));
  Probe(env, "disclosure.log");
  if (model.log().empty()) {
    Muted(t.T("disclosure.log_empty"));
    return;
  }
  if (!ImGui::BeginTable("###disclosure.log_table", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH))
    return;
  ImGui::TableSetupColumn(t.T("disclosure.log_when"), ImGuiTableColumnFlags_WidthFixed, Px(env, 150));
  ImGui::TableSetupColumn(t.T("disclosure.log_what"));
  ImGui::TableSetupColumn(t.T("disclosure.log_basis"));
  ImGui::TableSetupColumn(t.T("disclosure.log_by"), ImGuiTableColumnFlags_WidthFixed, Px(env, 190));
  ImGui::TableHeadersRow();
  for (const auto& r : model.log()) {
    ImGui::PushID(r.id.c_str());
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(When(env, r.at).c_str());
    Probe(env, "disclosure.log." + r.id);
    ImGui::TableNextColumn();
    std::string kind = "disclosure.kind." + r.kind;
    ImGui::TextWrapped("%s", t.Format("disclosure.log_sent", {{"kind", t.T(kind.c_str())}, {"recipient", r.recipient}})
                                 .c_str());
    if (!r.field_categories.empty()) {
      std::string fields;
      for (const auto& f : r.field_categories) {
        // The category's words when the app has them ("visit.outcome" -> "attendance outcome").
        std::string key = "disclosure.category." + f;
        fields += (fields.empty() ? "" : ", ") + (t.Has(key) ? std::string(t.T(key.c_str())) : f);
      }
      Muted(t.Format("disclosure.log_fields", {{"fields", fields}}).c_str());
    }
    ImGui::TableNextColumn();
    // The basis in words; under a consent, which one (the consent screen lists them).
    std::string basis = t.Vocab("disclosure_basis", r.basis);
    if (!r.basis_text.empty()) basis += " \xE2\x80\x94 " + r.basis_text;
    ImGui::TextWrapped("%s", basis.c_str());
    if (!r.consent_id.empty()) Muted(r.consent_id.c_str());
    if (r.basis_since_withdrawn) {
      Badge(env, t.T("disclosure.since_withdrawn"), WarningColour());
      Probe(env, "disclosure.since_withdrawn." + r.id);
    }
    ImGui::TableNextColumn();
    ImGui::TextWrapped("%s", r.worker.c_str());
    Muted(r.this_device ? t.T("dossier.this_device")
                        : t.Format("dossier.other_device", {{"device", r.device}}).c_str());
    ImGui::PopID();
  }
  ImGui::EndTable();
}

}  // namespace passerelle::ui
