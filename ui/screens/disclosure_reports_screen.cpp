// The report editors. Text is kept in the view-model as typed (each keystroke an intent) and
// written on Save, on leaving the screen, before disclosing and on lock. The person's words are
// set apart (a coloured bar and their own marking) exactly as they will be in the document.
#include "disclosure_reports_screen.h"

#include <algorithm>
#include <string>

#include "disclosure_intents.h"
#include "shell_intents.h"
#include "widgets.h"

namespace passerelle::ui {
namespace {

// Back, the title, then Save and Disclose on the right.
void TopRow(const DisclosureModel& model, const ScreenEnv& env, UiIntents& out, const char* title_key, bool dirty,
            DisclosureKind kind) {
  const I18n& t = env.t;
  if (TouchButton(env, "report.back", t.T("disclosure.back"))) {
    if (kind == DisclosureKind::kExitReport) out.Push(intent::SaveExitReport{});
    else out.Push(intent::SaveCoReport{});
    out.Push(intent::Navigate{Screen::kDossier});
  }
  // Save and Send on the right of Back (never over it), the title on its own line: at 150 % and
  // in Dutch the three do not fit on one line with it.
  const char* save_label = t.T(dirty ? "disclosure.save" : "disclosure.saved_state");
  const char* send_label = t.T("disclosure.disclose");
  const ImGuiStyle& style = ImGui::GetStyle();
  float w = std::max(ImGui::CalcTextSize(save_label).x, ImGui::CalcTextSize(send_label).x) + style.FramePadding.x * 4;
  ImGui::SameLine();
  ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - 2 * w - style.ItemSpacing.x));
  if (TouchButton(env, "report.save", save_label, w, dirty)) {
    if (kind == DisclosureKind::kExitReport) out.Push(intent::SaveExitReport{});
    else out.Push(intent::SaveCoReport{});
  }
  ImGui::SameLine();
  if (PrimaryButton(env, "report.disclose", send_label, w)) out.Push(intent::OpenDisclosure{kind, {}});
  ImGui::PushTextWrapPos(0.0f);
  Heading(env, t.Format(title_key, {{"person", model.person_name()}}).c_str());
  ImGui::PopTextWrapPos();
  Probe(env, "report.title");
  if (!model.editor_error_key().empty()) {
    std::string message = t.T(model.editor_error_key().c_str());
    if (!model.editor_error_detail().empty()) message += " \xE2\x80\x94 " + model.editor_error_detail();
    ImGui::PushStyleColor(ImGuiCol_Text, UrgentColour());
    ImGui::TextWrapped("%s", message.c_str());
    ImGui::PopStyleColor();
    Probe(env, "report.error");
  }
}

float LinesHeight(int lines, const ScreenEnv& env) {
  return ImGui::GetTextLineHeightWithSpacing() * static_cast<float>(lines) + Px(env, 16);
}

}  // namespace

void DrawExitReport(const DisclosureModel& model, const ScreenEnv& env, UiIntents& out) {
  const I18n& t = env.t;
  TopRow(model, env, out, "disclosure.exit.title", model.exit_report_dirty(), DisclosureKind::kExitReport);
  Muted(t.T("disclosure.exit.intro"));
  ImGui::BeginChild("###exit.body");
  for (const auto& [heading, text] : model.exit_report().sections) {
    ImGui::PushID(heading.c_str());
    std::string key = "disclosure.exit." + heading;
    Heading(env, t.T(key.c_str()));
    std::string hint_key = key + "_hint";
    SecretText edited;
    bool deactivated = false;
    if (EditMultiline(env, "exit." + heading, t.T(hint_key.c_str()), text, ImVec2(-1.0f, LinesHeight(3, env)),
                      &edited, &deactivated))
      out.Push(intent::SetExitReportSection{heading, std::move(edited)});
    if (deactivated) out.Push(intent::SaveExitReport{});
    ImGui::Spacing();
    ImGui::PopID();
  }
  ImGui::EndChild();
}

void DrawCoReport(const DisclosureModel& model, const ScreenEnv& env, UiIntents& out) {
  const I18n& t = env.t;
  const CoReportDraft& report = model.co_report();
  TopRow(model, env, out, "disclosure.co.title", model.co_report_dirty(), DisclosureKind::kCoReport);
  Muted(t.T("disclosure.co.intro"));
  ImGui::BeginChild("###co.body");
  for (size_t i = 0; i < report.passages.size(); ++i) {
    const CoReportPassage& p = report.passages[i];
    std::string n = std::to_string(i);
    ImGui::PushID(static_cast<int>(i));
    // Whose words: two chips; the person's words get a coloured bar like in the document.
    if (Chip(env, "co.voice_worker." + n, t.T("disclosure.co.worker_words"), !p.person_words))
      out.Push(intent::MarkPersonWords{i, false});
    ImGui::SameLine();
    if (Chip(env, "co.voice_person." + n, t.T("disclosure.co.person_words"), p.person_words))
      out.Push(intent::MarkPersonWords{i, true});
    // Remove on the right, or on its own line when the chips leave no room (Dutch at 150 %).
    const char* remove = t.T("disclosure.co.remove");
    float remove_w = ImGui::CalcTextSize(remove).x + ImGui::GetStyle().FramePadding.x * 4;
    float remove_x = ImGui::GetWindowContentRegionMax().x - remove_w;
    ImGui::SameLine();
    if (ImGui::GetCursorPosX() > remove_x) ImGui::NewLine();
    else ImGui::SetCursorPosX(remove_x);
    if (TouchButton(env, "co.remove." + n, remove, remove_w))
      out.Push(intent::RemoveCoReportPassage{i});
    ImVec2 top = ImGui::GetCursorScreenPos();
    if (p.person_words) ImGui::Indent(Px(env, 16));
    SecretText edited;
    bool deactivated = false;
    if (EditMultiline(env, "co.passage." + n,
                      t.T(p.person_words ? "disclosure.co.person_hint" : "disclosure.co.worker_hint"), p.text,
                      ImVec2(-1.0f, LinesHeight(3, env)), &edited, &deactivated))
      out.Push(intent::SetCoReportPassage{i, std::move(edited)});
    if (p.person_words) {
      ImGui::Unindent(Px(env, 16));
      ImVec2 bottom = ImGui::GetItemRectMax();
      ImGui::GetWindowDrawList()->AddRectFilled(top, ImVec2(top.x + Px(env, 6), bottom.y), IM_COL32(40, 60, 120, 255));
    }
    ImGui::Spacing();
    ImGui::PopID();
  }
  if (TouchButton(env, "co.add_worker", t.T("disclosure.co.add_worker"))) out.Push(intent::AddCoReportPassage{false});
  ImGui::SameLine();
  if (TouchButton(env, "co.add_person", t.T("disclosure.co.add_person"))) out.Push(intent::AddCoReportPassage{true});

  ImGui::Separator();
  Heading(env, t.T("disclosure.co.agreement"));
  Probe(env, "co.agreement");
  if (report.agreed_on.empty()) {
    Badge(env, t.T("disclosure.co.not_agreed"), WarningColour());
  } else {
    std::string how = report.agreement_how.empty() ? std::string() : t.T(("disclosure.co.how." + report.agreement_how).c_str());
    std::string text = t.Format("disclosure.co.agreed", {{"date", t.DateLong(report.agreed_on)}, {"how", how}});
    Badge(env, text.c_str(), report.agreement_current ? OkColour() : WarningColour());
    if (!report.agreement_current) Muted(t.T("disclosure.co.agreement_outdated"));
  }
  Muted(t.T("disclosure.co.agreement_hint"));
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(t.T("disclosure.co.agreed_on"));
  ImGui::SameLine();
  SecretText date;
  if (EditLine(env, "co.agreed_on", t.T("form.date_hint"), model.agreement_text(), &date, Px(env, 200)))
    out.Push(intent::SetAgreementDate{std::move(date)});
  if (!model.agreement_date().empty()) {
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    Muted(t.DateLong(model.agreement_date()).c_str());
  }
  float used = 0;
  for (const auto& way : model.agreement_ways()) {
    const char* label = t.T(("disclosure.co.how." + way).c_str());
    FlowNext(label, model.agreement_how() == way, &used);
    if (Chip(env, "co.how." + way, label, model.agreement_how() == way))
      out.Push(intent::SetAgreementHow{way});
  }
  if (PrimaryButton(env, "co.record_agreement", t.T("disclosure.co.record_agreement"), 0.0f,
                    !model.agreement_date().empty() && !model.agreement_how().empty()))
    out.Push(intent::RecordAgreement{});
  ImGui::EndChild();
}

}  // namespace passerelle::ui
