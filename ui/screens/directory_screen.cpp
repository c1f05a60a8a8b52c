// Service directory: search as you type (accent-insensitive, French and Dutch, synonyms), filters
// (theme, region, works inside prisons), entry detail with what is unverified said plainly,
// "refer this person" onto a plan item of the open case file, and private annotations.
#include "directory_screen.h"

#include <string>

#include "directory_intents.h"
#include "imgui_internal.h"  // RenderTextEllipsis
#include "directory_words.h"
#include "widgets.h"

namespace passerelle::ui {
namespace {

void FacetCombo(const ScreenEnv& env, const std::string& id, const char* any_label,
                const std::vector<DirectoryFacet>& facets, const std::string& current, float width,
                UiIntents& out, bool theme) {
  std::string preview = any_label;
  for (const auto& f : facets)
    if (f.id == current) preview = f.label;
  ImGui::SetNextItemWidth(width);
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding,
                      ImVec2(Px(env, 10.0f), (TouchHeight(env) - ImGui::GetFontSize()) * 0.5f));
  bool open = ImGui::BeginCombo(("###" + id).c_str(), preview.c_str(), ImGuiComboFlags_HeightLarge);
  ImGui::PopStyleVar();
  Probe(env, id);
  if (!open) return;
  auto push = [&](const std::string& value) {
    if (theme) out.Push(intent::SetDirectoryTheme{value});
    else out.Push(intent::SetDirectoryRegion{value});
  };
  if (ImGui::Selectable((std::string(any_label) + "###any").c_str(), current.empty(), 0, ImVec2(0, TouchHeight(env))))
    push("");
  for (const auto& f : facets)
    if (ImGui::Selectable((f.label + "###" + f.id).c_str(), f.id == current, 0, ImVec2(0, TouchHeight(env)))) push(f.id);
  ImGui::EndCombo();
}

void Results(const DirectoryModel& model, const ScreenEnv& env, UiIntents& out) {
  const I18n& t = env.t;
  SecretText query;
  if (EditLine(env, "directory.search", t.T("directory.search_hint"), model.query(), &query))
    out.Push(intent::SetDirectoryQuery{std::move(query)});
  float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
  FacetCombo(env, "directory.theme", t.T("directory.theme_any"), model.themes(), model.theme(), half, out, true);
  ImGui::SameLine();
  FacetCombo(env, "directory.region", t.T("directory.region_any"), model.regions(), model.region(), half, out, false);
  if (Chip(env, "directory.inside_prison", t.T("directory.inside_prison"), model.inside_prison_only()))
    out.Push(intent::SetDirectoryInsidePrison{!model.inside_prison_only()});
  SameLineIfFits(Px(env, 120));
  ImGui::AlignTextToFramePadding();
  Muted(t.Format("directory.count", {{"shown", std::to_string(model.results().size())},
                                     {"total", std::to_string(model.total())}})
            .c_str());
  if (model.results().empty()) Muted(t.T("directory.no_results"));
  ImGui::BeginChild("###directory.results", ImVec2(0, 0), true);
  const std::string selected = model.selected() ? model.selected()->id : std::string();
  for (const auto& r : model.results()) {
    ImGui::PushID(r.id.c_str());
    float h = ImGui::GetTextLineHeight() * 2 + Px(env, 14);
    ImVec2 pos = ImGui::GetCursorScreenPos();
    if (ImGui::Selectable("###row", r.id == selected, 0, ImVec2(0, std::max(h, TouchHeight(env)))))
      out.Push(intent::SelectService{r.id});
    Probe(env, "directory.row." + r.id);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    // One line each, shortened with "…" in a narrow list (the full name is in the detail).
    const float text_w = ImGui::GetContentRegionAvail().x - Px(env, 12);
    ImGui::RenderTextEllipsis(dl, ImVec2(pos.x + Px(env, 6), pos.y + Px(env, 5)),
                              ImVec2(pos.x + Px(env, 6) + text_w, pos.y + h), pos.x + Px(env, 6) + text_w,
                              pos.x + Px(env, 6) + text_w, r.name.c_str(), nullptr, nullptr);
    std::string line2 = r.commune;
    for (size_t i = 0; i < r.themes.size() && i < 3; ++i)
      line2 += (line2.empty() ? "" : " \xC2\xB7 ") + model.Label("themes", r.themes[i]);
    if (r.inside_prison.value_or(false)) line2 += std::string(" \xC2\xB7 ") + t.T("directory.prison.yes");
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetColorU32(ImGuiCol_TextDisabled));
    const float y2 = pos.y + Px(env, 7) + ImGui::GetTextLineHeight();
    ImGui::RenderTextEllipsis(dl, ImVec2(pos.x + Px(env, 6), y2), ImVec2(pos.x + Px(env, 6) + text_w, pos.y + h),
                              pos.x + Px(env, 6) + text_w, pos.x + Px(env, 6) + text_w, line2.c_str(), nullptr, nullptr);
    ImGui::PopStyleColor();
    ImGui::PopID();
  }
  ImGui::EndChild();
}

void Line(const char* label, const std::string& value) {
  if (!value.empty()) Field(label, value);  // wraps under its label when it does not fit beside it
}

// A contact detail: its value, or the plain sentence that it is not known (never a blank).
void Known(const ScreenEnv& env, const char* field, const std::string& value) {
  if (!value.empty()) return Line(env.t.T(("directory.field." + std::string(field)).c_str()), value);
  Muted(env.t.T(("directory_words.unknown." + std::string(field)).c_str()));
  Probe(env, std::string("directory.unknown.") + field);
}

std::string Labels(const DirectoryModel& model, const char* list, const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : ", ") + model.Label(list, id);
  return out;
}

void Detail(const DirectoryModel& model, const DossierModel& dossier, const ScreenEnv& env, UiIntents& out) {
  const I18n& t = env.t;
  if (!model.selected()) {
    Muted(t.T("directory.pick_entry"));
    return;
  }
  const auto& e = *model.selected();
  Heading(env, model.DisplayName(e).c_str());
  Probe(env, "directory.detail");
  if (!e.organisation.empty() && e.organisation != e.name) Line(t.T("directory.field.organisation"), e.organisation);
  if (e.verified) {
    if (e.last_verified) Muted(t.Format("directory.verified_on", {{"date", t.DateLong(*e.last_verified)}}).c_str());
  } else {
    Badge(env, t.T("directory.unverified"), WarningColour());
  }
  const std::string& description = env.ui.language == "nl" && !e.description_nl.empty() ? e.description_nl : e.description_fr;
  if (!description.empty()) WrappedText(env, "directory.description", SeedMentionsInWords(description, t));
  ImGui::Spacing();
  Line(t.T("directory.field.themes"), Labels(model, "themes", e.themes));
  std::string address = e.address;
  if (!e.postcode.empty() || !e.commune.empty())
    address += (address.empty() ? "" : ", ") + e.postcode + (e.postcode.empty() ? "" : " ") + e.commune;
  if (IsServiceType(e)) {
    // A kind of service has no contact details of its own: one sentence instead of a list of unknowns.
    Line(t.T("directory.field.address"), address);
    Muted(t.T("directory_words.kind_of_service"));
    Line(t.T("directory.field.regions"), Labels(model, "regions", e.region));
  } else {
    Known(env, "address", address);
    Known(env, "regions", Labels(model, "regions", e.region));
    Known(env, "phone", e.phone);
    Known(env, "email", e.email);
    Known(env, "website", e.website);
  }
  Known(env, "languages", Labels(model, "languages", e.languages));
  Line(t.T("directory.field.publics"), Labels(model, "publics", e.publics));
  Known(env, "conditions", SeedMentionsInWords(e.access_conditions, t));
  Known(env, "waiting_list", SeedMentionsInWords(e.waiting_list.value_or(""), t));
  Known(env, "hours", SeedMentionsInWords(e.opening_hours.value_or(""), t));
  WrappedText(env, "directory.prison", t.T(!e.inside_prison ? "directory.prison.unknown"
                                          : *e.inside_prison ? "directory.prison.yes" : "directory.prison.no"));
  Line(t.T("directory.field.source"), SourceInWords(e.source, t));
  Probe(env, "directory.source");
  ImGui::Spacing();
  if (dossier.loaded()) {
    std::string label = t.Format("directory.refer", {{"person", dossier.summary().person.name}});
    if (PrimaryButton(env, "directory.refer", label.c_str(), -1.0f)) out.Push(intent::OpenRefer{true});
    Muted(t.T("directory.refer_rule"));
  } else {
    TouchButton(env, "directory.refer", t.T("directory.refer_needs_dossier"), -1.0f, /*enabled=*/false);
  }
  ImGui::Separator();
  Heading(env, t.T("directory.annotations"));
  if (model.annotations().empty()) Muted(t.T("directory.no_annotations"));
  for (const auto& a : model.annotations()) {
    ImGui::Bullet();
    WrappedText(env, "directory.annotation_text", t.DateShort(a.created_at) + " \xE2\x80\x94 " + a.text);  // —
  }
  SecretText draft;
  float button_w = std::max(Px(env, 130), ButtonWidth(t.T("directory.add_annotation")));
  if (EditLine(env, "directory.annotation", t.T("directory.annotation_hint"), model.annotation_draft(), &draft,
               ImGui::GetContentRegionAvail().x - button_w - ImGui::GetStyle().ItemSpacing.x))
    out.Push(intent::EditAnnotation{std::move(draft)});
  ImGui::SameLine();
  if (TouchButton(env, "directory.add_annotation", t.T("directory.add_annotation"), button_w,
                  !model.annotation_draft().empty()))
    out.Push(intent::SaveAnnotation{});
}

void ReferPopup(const DirectoryModel& model, const DossierModel& dossier, const ScreenEnv& env, UiIntents& out) {
  const I18n& t = env.t;
  const char* popup = "###refer";
  if (!ImGui::IsPopupOpen(popup)) ImGui::OpenPopup(popup);
  if (!BeginSheet(env, std::string(t.T("directory.refer_title")) + popup, 640)) return;
  std::string service = model.selected() ? model.DisplayName(*model.selected()) : std::string();
  WrappedText(env, "directory.refer_intro",
              t.Format("directory.refer_intro", {{"person", dossier.summary().person.name}, {"service", service}}));
  if (dossier.plan_items().empty()) Muted(t.T("directory.refer_no_plan"));
  for (const auto& item : dossier.plan_items()) {
    std::string label = std::string(t.Vocab("life_domain", item.domain)) + " \xE2\x80\x94 " + item.goal;
    if (RadioRow(env, "directory.refer_item." + item.id, label.c_str(), false)) {
      out.Push(intent::ReferToPlanItem{item.id, model.refer_submit().token()});
      ImGui::CloseCurrentPopup();
    }
  }
  Muted(t.T("directory.refer_rule"));
  if (TouchButton(env, "directory.refer_cancel", t.T("shell.cancel"), -1.0f)) {
    out.Push(intent::OpenRefer{false});
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

}  // namespace

void DrawDirectory(const DirectoryModel& model, const DossierModel& dossier, const ScreenEnv& env, UiIntents& out) {
  if (!model.available()) {
    Muted(env.t.T("directory.none_installed"));
    return;
  }
  // Wide: the list and the selected entry side by side. Narrow: the list above, the entry below.
  const bool narrow = Narrow(env, 820);
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  ImGui::BeginChild("###directory.left", narrow ? ImVec2(0, avail.y * 0.45f) : ImVec2(avail.x * 0.45f, 0), false);
  Results(model, env, out);
  ImGui::EndChild();
  if (!narrow) ImGui::SameLine();
  ImGui::BeginChild("###directory.right", ImVec2(0, 0), true);
  Detail(model, dossier, env, out);
  ImGui::EndChild();
  if (env.ui.refer_open) ReferPopup(model, dossier, env, out);
}

}  // namespace passerelle::ui
