// The disclosure sheet. Nothing here decides what leaves: the preview is the core's composition,
// drawn block by block as it will be printed; "Confirm" is only offered over a preview of the
// current choices (any change drops it), and a refusal shows the core's sentence naming the
// missing consent.
#include "disclosure_dialog_screen.h"

#include <algorithm>
#include <string>

#include "disclosure_intents.h"
#include "widgets.h"

namespace passerelle::ui {
namespace {

std::string KindKey(DisclosureKind kind, const char* what) {
  return std::string("disclosure.") + what + "." + DisclosureKindId(kind);
}

void RedText(const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, UrgentColour());
  ImGui::TextWrapped("%s", text.c_str());
  ImGui::PopStyleColor();
}

// "Label: value", the value wrapping (a header line or a field of the document can be long).
void WrappedField(const char* label, const std::string& value) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetColorU32(ImGuiCol_TextDisabled));
  ImGui::TextUnformatted(label);
  ImGui::PopStyleColor();
  ImGui::SameLine();
  ImGui::TextWrapped("%s", value.c_str());
}

void DateInput(const ScreenEnv& env, const std::string& id, const char* label, const std::string& text,
               const std::string& iso, bool end, UiIntents& out) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(label);
  ImGui::SameLine(Px(env, 90));
  SecretText edited;
  if (EditLine(env, id, env.t.T("form.date_hint"), text, &edited, Px(env, 200)))
    out.Push(intent::SetDisclosurePeriod{end, std::move(edited)});
  if (!iso.empty()) {  // read back in words under the field, so day and month cannot be swapped unnoticed
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + Px(env, 90));
    Muted(env.t.DateLong(iso).c_str());
  }
}

void Choices(const DisclosureDialog& d, const ScreenEnv& env, UiIntents& out) {
  const I18n& t = env.t;
  Heading(env, t.T("disclosure.recipient"));
  if (d.recipients.empty()) Muted(t.T("disclosure.no_recipient"));
  float used = 0;
  for (const auto& r : d.recipients) {
    FlowNext(r.c_str(), d.recipient == r, &used);
    if (Chip(env, "disclosure.recipient." + r, r.c_str(), d.recipient == r))
      out.Push(intent::SetDisclosureRecipient{r});
  }
  if (d.kind == DisclosureKind::kAttendance) {
    Heading(env, t.T("disclosure.period"));
    DateInput(env, "disclosure.from", t.T("disclosure.from"), d.from_text, d.from_date, false, out);
    DateInput(env, "disclosure.to", t.T("disclosure.to"), d.to_text, d.to_date, true, out);
  }
  if (d.kind == DisclosureKind::kReferral) {
    Heading(env, t.T("disclosure.what_is_sent"));
    Muted(t.T("disclosure.referral_minimum"));
    for (const auto& f : d.tickable) {
      std::string key = "disclosure.field." + f;
      if (RadioRow(env, "disclosure.tick." + f, t.T(key.c_str()), d.Ticked(f))) out.Push(intent::ToggleDisclosureField{f});
    }
  }
  Heading(env, t.T("disclosure.language"));
  used = 0;
  for (auto lang : I18n::kLanguages) {
    std::string code(lang);
    const char* label = t.T(("lang.name." + code).c_str());
    FlowNext(label, d.language == code, &used);
    if (Chip(env, "disclosure.language." + code, label, d.language == code))
      out.Push(intent::SetDisclosureLanguage{code});
  }
}

// The document as it will be printed: a white page, its header lines, then its blocks.
void Preview(const PreviewView& p, const ScreenEnv& env) {
  const I18n& t = env.t;
  Heading(env, t.T("disclosure.preview_title"));
  Muted(t.T("disclosure.preview_hint"));
  // Drawn in front, then the page's white behind it, once its height is known.
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->ChannelsSplit(2);
  draw->ChannelsSetCurrent(1);
  float pad = Px(env, 14);
  ImGui::Dummy(ImVec2(0, pad));
  ImGui::Indent(pad);
  ImGui::PushTextWrapPos(ImGui::GetContentRegionMax().x - pad);
  ImGui::BeginGroup();
  Heading(env, p.title.c_str());
  auto label_of = [&t](const std::string& label) { return t.Format("disclosure.label", {{"label", label}}); };
  for (const auto& [label, value] : p.header) WrappedField(label_of(label).c_str(), value);
  ImGui::Separator();
  bool in_table = false;
  int table_no = 0;
  for (const auto& b : p.blocks) {
    bool row = b.kind == PreviewBlock::Kind::kTableRow || b.kind == PreviewBlock::Kind::kTableHeader;
    if (in_table && (!row || b.kind == PreviewBlock::Kind::kTableHeader)) {
      ImGui::EndTable();
      in_table = false;
    }
    if (row && !in_table && !b.cells.empty()) {
      // A table as in the PDF: its header names the columns of the rows that follow.
      std::string id = "###disclosure.table." + std::to_string(table_no++);
      in_table = ImGui::BeginTable(id.c_str(), static_cast<int>(std::min<size_t>(b.cells.size(), 64)),
                                   ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp);
    }
    switch (b.kind) {
      case PreviewBlock::Kind::kTitle:
      case PreviewBlock::Kind::kHeading: Heading(env, b.text.c_str()); break;
      case PreviewBlock::Kind::kParagraph: ImGui::TextWrapped("%s", b.text.c_str()); break;
      case PreviewBlock::Kind::kField: WrappedField(label_of(b.label).c_str(), b.text); break;
      case PreviewBlock::Kind::kPersonWords: {
        // Set apart, as in the PDF: the person's own words, indented, with a bar.
        ImGui::Indent(Px(env, 24));
        ImVec2 top = ImGui::GetCursorScreenPos();
        ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(40, 60, 120, 255));
        ImGui::TextWrapped("\xC2\xAB %s \xC2\xBB", b.text.c_str());
        ImGui::PopStyleColor();
        ImVec2 bottom = ImGui::GetItemRectMax();
        ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(top.x - Px(env, 12), top.y),
                                                  ImVec2(top.x - Px(env, 8), bottom.y), IM_COL32(40, 60, 120, 255));
        ImGui::Unindent(Px(env, 24));
        break;
      }
      case PreviewBlock::Kind::kNotice: RedText(b.text); break;
      case PreviewBlock::Kind::kTableHeader:
      case PreviewBlock::Kind::kTableRow:
        if (!in_table) break;
        ImGui::TableNextRow();
        for (const auto& c : b.cells) {
          if (!ImGui::TableNextColumn()) break;
          if (b.kind == PreviewBlock::Kind::kTableHeader) Muted(c.c_str());
          else ImGui::TextWrapped("%s", c.c_str());
        }
        break;
    }
  }
  if (in_table) ImGui::EndTable();
  if (!p.basis_sentence.empty()) {
    ImGui::Separator();
    WrappedField(t.T("disclosure.basis"), p.basis_sentence);
  }
  ImGui::EndGroup();
  Probe(env, "disclosure.preview");
  ImGui::PopTextWrapPos();
  ImGui::Unindent(pad);
  ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  draw->ChannelsSetCurrent(0);
  float right = ImGui::GetWindowPos().x + ImGui::GetContentRegionMax().x;
  draw->AddRectFilled(ImVec2(min.x - pad, min.y - pad), ImVec2(right, max.y + pad), IM_COL32(255, 255, 255, 255));
  draw->AddRect(ImVec2(min.x - pad, min.y - pad), ImVec2(right, max.y + pad), IM_COL32(180, 180, 180, 255));
  draw->ChannelsMerge();
  ImGui::Dummy(ImVec2(0, pad));
}

void Done(const DisclosureDone& done, const ScreenEnv& env) {
  const I18n& t = env.t;
  Heading(env, t.T("disclosure.done_title"));
  Probe(env, "disclosure.done");
  WrappedField(t.T("disclosure.verification_code"), done.verification_code);
  WrappedField(t.T("disclosure.saved_as"), done.pdf_path);
  if (!done.packet_path.empty()) WrappedField(t.T("disclosure.packet_saved_as"), done.packet_path);
  ImGui::TextWrapped("%s", t.T("disclosure.done_hint"));
}

}  // namespace

void DrawDisclosureDialog(const DisclosureModel& model, const ScreenEnv& env, UiIntents& out) {
  const I18n& t = env.t;
  const DisclosureDialog& d = model.dialog();
  if (!d.open) return;
  const char* popup = "###disclosure_dialog";
  if (!ImGui::IsPopupOpen(popup)) ImGui::OpenPopup(popup);
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(Px(env, 900), vp->WorkSize.x - Px(env, 20)), vp->WorkSize.y - Px(env, 40)));
  std::string title = t.Format(KindKey(d.kind, "title").c_str(), {{"person", model.person_name()}}) + popup;
  if (!ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove)) return;
  Probe(env, "disclosure.dialog");
  const ImGuiStyle& style = ImGui::GetStyle();
  float footer = TouchHeight(env) + style.ItemSpacing.y * 2;
  if (d.done) {
    ImGui::BeginChild("###disclosure.body", ImVec2(0, -footer));
    Done(*d.done, env);
    ImGui::EndChild();
  } else {
    // Wide enough: the choices on the left, the page on the right, both in view; else one column.
    bool side_by_side = ImGui::GetContentRegionAvail().x >= Px(env, 760);
    float left = side_by_side ? ImGui::GetContentRegionAvail().x * 0.4f : 0.0f;
    ImGui::BeginChild("###disclosure.choices", ImVec2(left, -footer));
    Muted(t.T(KindKey(d.kind, "rule").c_str()));
    if (d.kind == DisclosureKind::kReferral) Field(t.T("disclosure.referral_to"), d.referral_service);
    Choices(d, env, out);
    if (!d.error_key.empty()) {
      RedText(t.T(d.error_key.c_str()));
      Probe(env, "disclosure.error");
    }
    if (!d.refusal.empty()) {
      ImGui::Spacing();
      RedText(std::string(t.T("disclosure.refused")) + " " + d.refusal);
      Probe(env, "disclosure.refusal");
    }
    if (!side_by_side && d.preview) Preview(*d.preview, env);
    ImGui::EndChild();
    if (side_by_side) {
      ImGui::SameLine();
      ImGui::BeginChild("###disclosure.page_column", ImVec2(0, -footer));
      if (d.preview) Preview(*d.preview, env);
      else Muted(t.T("disclosure.preview_empty"));
      ImGui::EndChild();
    }
  }
  // The buttons share the width in proportion to their words (Dutch labels are long).
  const char* close_label = t.T(d.done ? "shell.close" : "shell.cancel");
  const char* preview_label = t.T("disclosure.preview");
  const char* confirm_label = t.T("disclosure.confirm");
  float pad = style.FramePadding.x * 4;
  float close_w = ImGui::CalcTextSize(close_label).x + pad;
  float preview_w = ImGui::CalcTextSize(preview_label).x + pad;
  float confirm_w = ImGui::CalcTextSize(confirm_label).x + pad;
  float avail = ImGui::GetContentRegionAvail().x - style.ItemSpacing.x * 2;
  float total = d.done ? close_w : close_w + preview_w + confirm_w;
  float k = avail / total;
  if (TouchButton(env, "disclosure.close", close_label, d.done ? -1.0f : close_w * k)) {
    out.Push(intent::CloseDisclosure{});
    ImGui::CloseCurrentPopup();
  }
  if (!d.done) {
    ImGui::SameLine();
    if (TouchButton(env, "disclosure.preview_button", preview_label, preview_w * k, d.CanPreview()))
      out.Push(intent::PreviewDisclosure{});
    ImGui::SameLine();
    if (PrimaryButton(env, "disclosure.confirm", confirm_label, -1.0f, d.CanConfirm()))
      out.Push(intent::ConfirmDisclosure{});
  }
  ImGui::EndPopup();
}

}  // namespace passerelle::ui
