// Sync: this device and its team key, changes waiting per colleague's device, export and import
// of an encrypted bundle through an in-app file picker, and what the last import changed.
#include "sync_screen.h"

#include <string>

#include "change_words.h"
#include "dossier_intents.h"
#include "sync_intents.h"
#include "widgets.h"

namespace passerelle::ui {
namespace {

// `local`: "YYYY-MM-DD HH:MM" in local time (the view-model converts), "" = never.
std::string When(const ScreenEnv& env, const std::string& local) {
  if (local.empty()) return env.t.T("sync.never");
  return env.t.Format("sync.when", {{"date", env.t.DateShort(local.substr(0, 10))},
                                    {"time", local.size() >= 16 ? local.substr(11, 5) : ""}});
}

void Peers(const SyncModel& model, const ScreenEnv& env) {
  const I18n& t = env.t;
  Heading(env, t.T("sync.peers"));
  if (model.peers().empty()) {
    Muted(t.T("sync.no_peers"));
    return;
  }
  if (!ImGui::BeginTable("###sync.peers", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) return;
  ImGui::TableSetupColumn(t.T("sync.col.device"));
  ImGui::TableSetupColumn(t.T("sync.col.pending"));
  ImGui::TableSetupColumn(t.T("sync.col.withheld"));
  ImGui::TableSetupColumn(t.T("sync.col.last_import"));
  ImGui::TableSetupColumn(t.T("sync.col.last_export"));
  ImGui::TableHeadersRow();
  for (const auto& p : model.peers()) {
    ImGui::TableNextRow(0, TouchHeight(env));
    ImGui::TableNextColumn();
    WrappedText(env, "sync.peer", DeviceName(env, p.label));
    Probe(env, "sync.peer." + DeviceName(env, p.label));
    ImGui::TableNextColumn();
    ImGui::Text("%zu", p.pending);
    ImGui::TableNextColumn();
    ImGui::Text("%zu", p.withheld);
    ImGui::TableNextColumn();
    WrappedText(env, "sync.last_import", p.awaiting_first_bundle ? std::string(env.t.T("sync_words.awaiting_first_bundle"))
                                                                : When(env, p.last_import_at));
    ImGui::TableNextColumn();
    WrappedText(env, "sync.last_export", When(env, p.last_export_at));
  }
  ImGui::EndTable();
}

void LastImport(const SyncModel& model, const ScreenEnv& env, UiIntents& out) {
  if (!model.last_import()) return;
  const I18n& t = env.t;
  const ImportView& v = *model.last_import();
  ImGui::Separator();
  Heading(env, t.T("sync.changed_title"));
  ImGui::TextWrapped("%s", t.Format("sync.import_done", {{"applied", std::to_string(v.applied)},
                                                         {"sender", DeviceName(env, v.sender)},
                                                         {"duplicates", std::to_string(v.duplicates)}})
                               .c_str());
  Probe(env, "sync.import_summary");
  for (const auto& c : v.changes) {
    ImGui::PushID(c.dossier_id.c_str());
    const std::string line = ChangeLine(env, c);
    if (!c.dossier_id.empty()) {
      if (TouchButton(env, "sync.open." + c.dossier_id, t.T("sync.open_dossier"), Px(env, 110)))
        out.Push(intent::OpenDossier{c.dossier_id});
      ImGui::SameLine();
    }
    ImGui::AlignTextToFramePadding();
    ImGui::TextWrapped("%s", line.c_str());
    ImGui::PopID();
  }
  if (v.buffered > 0) Muted(t.Format("sync.buffered", {{"n", std::to_string(v.buffered)}}).c_str());
}

void BundleDialog(const SyncModel& model, bool export_bundle, const ScreenEnv& env, UiIntents& out) {
  const I18n& t = env.t;
  const char* popup = export_bundle ? "###bundle_export" : "###bundle_import";
  if (!ImGui::IsPopupOpen(popup)) ImGui::OpenPopup(popup);
  if (!BeginSheet(env, std::string(t.T(export_bundle ? "picker.title_export" : "picker.title_import")) + popup, 720, 620))
    return;
  const FilePicker& picker = model.picker();
  SecretText edited;
  if (export_bundle) {
    WrappedText(env, "sync.recipient", t.T("sync.recipient"));
    if (EditLine(env, "picker.recipient", t.T("sync.recipient_hint"), model.recipient(), &edited))
      out.Push(intent::SetSyncRecipient{edited.str()});
  }
  if (TouchButton(env, "picker.up", t.T("picker.up"))) out.Push(intent::BrowseFolder{".."});
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ImGui::TextWrapped("%s", t.Format("picker.location", {{"dir", picker.folder()}}).c_str());
  if (picker.error()) Muted(t.T("picker.error"));
  float footer = TouchHeight(env) * 2 + ImGui::GetStyle().ItemSpacing.y * 4 + ImGui::GetTextLineHeight();
  ImGui::BeginChild("###picker.list", ImVec2(0, -footer), true);
  bool any_bundle = false;
  for (const auto& e : picker.entries()) {
    std::string label = (e.folder ? std::string("\xE2\x96\xB8 ") : std::string("  ")) + e.name;  // ▸ folder
    if (ImGui::Selectable((label + "###" + e.name).c_str(), !e.folder && e.name == picker.file_name(), 0,
                          ImVec2(0, TouchHeight(env)))) {
      if (e.folder) out.Push(intent::BrowseFolder{e.name});
      else out.Push(intent::SetBundlePath{e.name});
    }
    Probe(env, "picker.entry." + e.name);
    any_bundle = any_bundle || !e.folder;
  }
  if (!any_bundle) Muted(t.T("picker.empty"));
  ImGui::EndChild();
  WrappedText(env, "picker.file_name", t.T("picker.file_name"));
  if (EditLine(env, "picker.file_name", "", picker.file_name(), &edited)) out.Push(intent::SetBundlePath{edited.str()});
  float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
  if (TouchButton(env, "picker.cancel", t.T("shell.cancel"), half)) {
    out.Push(intent::OpenBundleDialog{export_bundle, false});
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  bool ready = !picker.file_name().empty() && (!export_bundle || !model.recipient().empty());
  if (PrimaryButton(env, "picker.confirm", t.T(export_bundle ? "picker.confirm_export" : "picker.confirm_import"), half,
                    ready)) {
    if (export_bundle) out.Push(intent::ExportBundle{});
    else out.Push(intent::ImportBundle{});
  }
  ImGui::EndPopup();
}

}  // namespace

void DrawSync(const SyncModel& model, const ScreenEnv& env, UiIntents& out) {
  const I18n& t = env.t;
  if (!model.loaded()) {
    Muted(t.T("sync.unavailable"));
    return;
  }
  Muted(t.T("sync.intro"));
  WrappedText(env, "sync.this_device", t.Format("sync.this_device", {{"name", DeviceName(env, model.self_label())}}));
  if (model.has_team_key()) {
    WrappedText(env, "sync.team_key", t.T("sync.team_key"));  // the key's fingerprint means nothing to a worker
  } else {
    Badge(env, t.T("sync.no_team"), WarningColour());
    if (TouchButton(env, "sync.create_team", t.T("sync.create_team"))) out.Push(intent::CreateTeamKey{});
    Muted(t.T("sync.team_hint"));
  }
  Heading(env, t.Plural("sync.pending_total", static_cast<int64_t>(model.shareable())).c_str());
  Probe(env, "sync.pending");
  if (model.private_changes() > 0)
    Muted(t.Format("sync.withheld_note", {{"n", std::to_string(model.private_changes())}}).c_str());
  bool can = model.has_team_key();
  ButtonRow buttons(env);
  if (buttons.Primary("sync.export", t.T("sync.export"), can)) out.Push(intent::OpenBundleDialog{true, true});
  if (buttons.Button("sync.import", t.T("sync.import"), can)) out.Push(intent::OpenBundleDialog{false, true});
  if (model.last_export()) {
    const auto& e = *model.last_export();
    ImGui::TextWrapped("%s", t.Format("sync.export_done", {{"ops", std::to_string(e.ops)},
                                                           {"recipient", DeviceName(env, model.recipient())}})
                                 .c_str());
    Probe(env, "sync.export_done");
    if (e.first_contact) Muted(t.T("sync.first_contact"));
    if (e.withheld > 0) Muted(t.Format("sync.withheld_note", {{"n", std::to_string(e.withheld)}}).c_str());
  }
  ImGui::Separator();
  Peers(model, env);
  LastImport(model, env, out);
  if (env.ui.export_open) BundleDialog(model, true, env, out);
  if (env.ui.import_open) BundleDialog(model, false, env, out);
}

}  // namespace passerelle::ui
